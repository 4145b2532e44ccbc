package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Element indexing of the operations that move, sum, multiply or select elements, over
 * {@link Affine} models (the same flat-index rules as the symbolic replay of dev.clarke.pap:
 * row-major storage, numpy broadcasting).
 */
final class Layout {

    private Layout() {
    }

    /** The flat index in {@code in} that broadcasting maps output element {@code flat} of {@code out} to. */
    static int broadcastSource(Shape in, Shape out, int flat) {
        int[] od = out.dims();
        int[] id = in.dims();
        int offset = od.length - id.length;
        int[] coord = coords(od, flat);
        int idx = 0;
        for (int d = 0; d < id.length; d++) {
            int c = id[d] == 1 ? 0 : coord[d + offset];
            idx = idx * id[d] + c;
        }
        return idx;
    }

    static int[] coords(int[] dims, int flat) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = dims[d] == 0 ? 0 : flat % dims[d];
            flat = dims[d] == 0 ? 0 : flat / dims[d];
        }
        return c;
    }

    static int flat(int[] dims, int[] coord) {
        int idx = 0;
        for (int d = 0; d < dims.length; d++) {
            idx = idx * dims[d] + coord[d];
        }
        return idx;
    }

    /** The flat input indices reduced into output element {@code o} ({@code axis} null: all of them). */
    static int[] reduced(Shape in, Integer axis, int o) {
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

    private static Affine total(double value, List<Affine> terms) {
        double[] ones = new double[terms.size()];
        java.util.Arrays.fill(ones, 1);
        return Affine.combine(value, ones, terms.toArray(new Affine[0]));
    }

    static Affine[] sum(Step s, Affine[] x) {
        Attr.Axis a = (Attr.Axis) s.attr();
        Tensor y = s.output().value();
        Affine[] r = new Affine[y.size()];
        for (int o = 0; o < r.length; o++) {
            List<Affine> terms = new ArrayList<>();
            for (int i : reduced(s.inputs().get(0).shape(), a.axis(), o)) {
                terms.add(x[i]);
            }
            r[o] = total(y.get(o), terms);
        }
        return r;
    }

    static Affine[] move(Step s, AnfBuilder b) {
        Shape out = s.output().shape();
        Var x = s.inputs().get(0);
        Affine[] e = b.of(x);
        Affine[] r = new Affine[out.size()];
        int[] od = out.dims();
        switch (s.op()) {
            case "transpose": {
                Attr.Swap w = (Attr.Swap) s.attr();
                for (int i = 0; i < r.length; i++) {
                    int[] c = coords(od, i);
                    int t = c[w.axis0()];
                    c[w.axis0()] = c[w.axis1()];
                    c[w.axis1()] = t;
                    r[i] = e[flat(x.shape().dims(), c)];
                }
                return r;
            }
            case "slice": {
                Attr.Slice sl = (Attr.Slice) s.attr();
                for (int i = 0; i < r.length; i++) {
                    int[] c = coords(od, i);
                    c[sl.axis()] += sl.start();
                    r[i] = e[flat(x.shape().dims(), c)];
                }
                return r;
            }
            case "concat": {
                int axis = ((Attr.Concat) s.attr()).axis();
                for (int i = 0; i < r.length; i++) {
                    int[] c = coords(od, i);
                    int at = c[axis];
                    for (Var part : s.inputs()) {
                        int len = part.shape().dim(axis);
                        if (at < len) {
                            c[axis] = at;
                            r[i] = b.of(part)[flat(part.shape().dims(), c)];
                            break;
                        }
                        at -= len;
                    }
                }
                return r;
            }
            case "broadcast_to":
                for (int i = 0; i < r.length; i++) {
                    r[i] = e[broadcastSource(x.shape(), out, i)];
                }
                return r;
            case "sum_to": {
                List<List<Affine>> acc = new ArrayList<>();
                for (int i = 0; i < r.length; i++) {
                    acc.add(new ArrayList<>());
                }
                for (int i = 0; i < e.length; i++) {
                    acc.get(broadcastSource(out, x.shape(), i)).add(e[i]);
                }
                Tensor y = s.output().value();
                for (int i = 0; i < r.length; i++) {
                    r[i] = total(y.get(i), acc.get(i));
                }
                return r;
            }
            default:
                throw new AssertionError(s.op());
        }
    }

    /** C = op(A)·op(B) of matrices, linearised: ΔC_ij = Σ_p (B̊_pj·ΔA_ip + Å_ip·ΔB_pj). */
    static Affine[] matmul(Step s, Affine[] a, Affine[] b, AnfBuilder builder) {
        Attr.Transposes t = (Attr.Transposes) s.attr();
        Shape sa = s.inputs().get(0).shape();
        Shape sb = s.inputs().get(1).shape();
        Tensor y = s.output().value();
        if (sa.rank() != 2 || sb.rank() != 2) {
            builder.reason("matmul of shapes " + sa + " and " + sb + " (node " + s.id()
                    + "): the abs-normal form supports matrices only");
            Affine[] r = new Affine[y.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = Affine.constant(y.get(i));
            }
            return r;
        }
        int m = t.a() ? sa.dim(1) : sa.dim(0);
        int k = t.a() ? sa.dim(0) : sa.dim(1);
        int n = t.b() ? sb.dim(0) : sb.dim(1);
        Affine[] r = new Affine[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                Affine[] terms = new Affine[2 * k];
                double[] coef = new double[2 * k];
                for (int p = 0; p < k; p++) {
                    Affine ai = t.a() ? a[p * sa.dim(1) + i] : a[i * sa.dim(1) + p];
                    Affine bj = t.b() ? b[j * sb.dim(1) + p] : b[p * sb.dim(1) + j];
                    terms[2 * p] = ai;
                    coef[2 * p] = bj.value();
                    terms[2 * p + 1] = bj;
                    coef[2 * p + 1] = ai.value();
                    if (!ai.isConstant() && !bj.isConstant()) {
                        builder.nonlinear(ai, bj);
                    }
                }
                r[i * n + j] = Affine.combine(y.get(i * n + j), coef, terms);
            }
        }
        return r;
    }

    /** {@code where}: each output element is one side's, chosen by the recorded mask. */
    static Affine[] where(Step s, Affine[] a, Affine[] b) {
        Shape out = s.output().shape();
        Var va = s.inputs().get(0);
        Var vb = s.inputs().get(1);
        Tensor mask = ((Attr.Mask) s.attr()).mask();
        Affine[] r = new Affine[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = mask.get(i) != 0 ? a[broadcastSource(va.shape(), out, i)]
                    : b[broadcastSource(vb.shape(), out, i)];
        }
        return r;
    }
}
