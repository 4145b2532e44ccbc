package dev.clarke.ad;

import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Which input elements each output element of a recorded operation is made of, for analyses that
 * re-read a trace element by element (row-major storage, numpy broadcasting). For the operations
 * that only move or add elements ({@code reshape}, {@code transpose}, {@code slice},
 * {@code concat}, {@code broadcast_to}, {@code sum_to}, {@code sum}) an output element is the sum of
 * its sources.
 */
public final class ElementSources {

    private ElementSources() {
    }

    /**
     * Whether {@link #of} describes this operation.
     *
     * @param op the operation of a recorded step
     * @return whether {@link #of} describes it, i.e. it only moves or adds input elements
     */
    public static boolean covers(Op op) {
        return switch (op) {
            case RESHAPE, TRANSPOSE, SLICE, CONCAT, BROADCAST_TO, SUM_TO, SUM -> true;
            case INPUT, ADD, SUB, MUL, MUL_STRONG, DIV, RECIPROCAL, NEG, SCALE, POW, VAR_POW, EXP, LOG, SQRT, SIN, COS,
                 TANH, SIGMOID, SOFTPLUS, MATMUL, WHERE, COMPARE, PIECEWISE, MAX_MIN, REDUCE_EXTREME, CUSTOM -> false;
        };
    }

    /**
     * For each output element, its sources as flattened pairs {@code input, flatIndex, input,
     * flatIndex, ...}; the output element is their sum (a single source: a copy).
     *
     * @param s a recorded step whose operation is {@link #covers covered}
     * @return one array per output element in row-major order, holding pairs (input position in
     *     {@code s.inputs()}, flat index in that input)
     * @throws IllegalArgumentException if the step's operation is not covered
     */
    public static int[][] of(Step s) {
        Shape out = s.output().shape();
        Shape in = s.inputs().get(0).shape();
        int n = out.size();
        int[][] src = new int[n][];
        int[] od = out.dims();
        switch (s.op()) {
            case RESHAPE:
                for (int i = 0; i < n; i++) {
                    src[i] = new int[] {0, i};
                }
                return src;
            case TRANSPOSE: {
                Attr.Swap w = (Attr.Swap) s.attr();
                for (int i = 0; i < n; i++) {
                    int[] c = coords(od, i);
                    int t = c[w.axis0()];
                    c[w.axis0()] = c[w.axis1()];
                    c[w.axis1()] = t;
                    src[i] = new int[] {0, flat(in.dims(), c)};
                }
                return src;
            }
            case SLICE: {
                Attr.Slice sl = (Attr.Slice) s.attr();
                for (int i = 0; i < n; i++) {
                    int[] c = coords(od, i);
                    c[sl.axis()] += sl.start();
                    src[i] = new int[] {0, flat(in.dims(), c)};
                }
                return src;
            }
            case CONCAT: {
                int axis = ((Attr.Concat) s.attr()).axis();
                for (int i = 0; i < n; i++) {
                    int[] c = coords(od, i);
                    int at = c[axis];
                    for (int p = 0; p < s.inputs().size(); p++) {
                        Shape part = s.inputs().get(p).shape();
                        if (at < part.dim(axis)) {
                            c[axis] = at;
                            src[i] = new int[] {p, flat(part.dims(), c)};
                            break;
                        }
                        at -= part.dim(axis);
                    }
                }
                return src;
            }
            case BROADCAST_TO:
                for (int i = 0; i < n; i++) {
                    src[i] = new int[] {0, broadcastSource(in, out, i)};
                }
                return src;
            case SUM_TO: {
                List<List<Integer>> acc = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    acc.add(new ArrayList<>());
                }
                for (int j = 0; j < in.size(); j++) {
                    acc.get(broadcastSource(out, in, j)).add(j);
                }
                for (int i = 0; i < n; i++) {
                    src[i] = pairs(acc.get(i).stream().mapToInt(Integer::intValue).toArray());
                }
                return src;
            }
            case SUM: {
                Attr.Axis a = (Attr.Axis) s.attr();
                for (int i = 0; i < n; i++) {
                    src[i] = pairs(reduced(in, a.axis(), i));
                }
                return src;
            }
            default:
                throw new IllegalArgumentException("ElementSources does not describe '" + s.name() + "'");
        }
    }

    private static int[] pairs(int[] indices) {
        int[] p = new int[2 * indices.length];
        for (int j = 0; j < indices.length; j++) {
            p[2 * j + 1] = indices[j];
        }
        return p;
    }

    /**
     * The flat index in {@code in} that broadcasting maps output element {@code flat} of
     * {@code out} to.
     *
     * @param in the shape broadcast from
     * @param out the broadcast shape, which {@code in} broadcasts to
     * @param flat a row-major index into {@code out}, in [0, out.size())
     * @return the row-major index into {@code in} of the element broadcast to {@code flat}
     */
    public static int broadcastSource(Shape in, Shape out, int flat) {
        int[] od = out.dims();
        int[] id = in.dims();
        int offset = od.length - id.length;
        int[] coord = coords(od, flat);
        int idx = 0;
        for (int d = 0; d < id.length; d++) {
            idx = idx * id[d] + (id[d] == 1 ? 0 : coord[d + offset]);
        }
        return idx;
    }

    /**
     * The flat input indices reduced into output element {@code o} ({@code axis} null: all of
     * them).
     *
     * @param in the shape of the reduction's input
     * @param axis the reduced axis, or null for a reduction over all elements
     * @param o a row-major index into the reduced output (keepDim or not: the same order)
     * @return the row-major indices into {@code in} that are summed into output element {@code o},
     *     in increasing order
     */
    public static int[] reduced(Shape in, Integer axis, int o) {
        if (axis == null) {
            return java.util.stream.IntStream.range(0, in.size()).toArray();
        }
        int inner = 1;
        for (int d = axis + 1; d < in.rank(); d++) {
            inner *= in.dim(d);
        }
        int len = in.dim(axis);
        int base = (o / inner) * len * inner + o % inner;
        int[] idx = new int[len];
        for (int j = 0; j < len; j++) {
            idx[j] = base + j * inner;
        }
        return idx;
    }

    private static int[] coords(int[] dims, int flat) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = dims[d] == 0 ? 0 : flat % dims[d];
            flat = dims[d] == 0 ? 0 : flat / dims[d];
        }
        return c;
    }

    private static int flat(int[] dims, int[] coord) {
        int idx = 0;
        for (int d = 0; d < dims.length; d++) {
            idx = idx * dims[d] + coord[d];
        }
        return idx;
    }
}
