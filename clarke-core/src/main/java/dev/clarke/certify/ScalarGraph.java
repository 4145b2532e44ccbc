package dev.clarke.certify;

import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny {@link Sequential} on fixed samples, unrolled into scalar nodes for the exact oracle: input
 * constants, affine nodes b + Σ w_k·z_k (one per convolution or linear output, each w_k and b a
 * parameter index), activations, and maxima over pooling windows. The index arithmetic of
 * convolution and pooling is written here again, apart from the layers' kernels, so that the
 * oracle checks them too. Nodes are in topological order; the outputs of every sample are the head's
 * inputs (f = their sum).
 */
final class ScalarGraph {

    /** What a node computes. */
    enum Op { CONST, AFFINE, ACT, MAX }

    final List<Op> op = new ArrayList<>();
    final List<Rational> constant = new ArrayList<>();
    final List<int[]> inputs = new ArrayList<>();
    final List<int[]> weights = new ArrayList<>();
    final List<Integer> bias = new ArrayList<>();
    final List<ExactActivation> activation = new ArrayList<>();
    final List<Integer> outputs = new ArrayList<>();
    final int parameters;

    /**
     * Unrolls {@code net} on the samples x[s] (each flat, of the network's sample shape).
     *
     * @throws UnsupportedOperationException for a layer or activation the oracle does not cover
     */
    ScalarGraph(Sequential net, Rational[][] x) {
        int p = 0;
        int[] offset = new int[net.layers().size()];
        for (int m = 0; m < offset.length; m++) {
            offset[m] = p;
            for (Shape s : net.layers().get(m).parameterShapes()) {
                p += Math.toIntExact(s.size());
            }
        }
        this.parameters = p;
        for (Rational[] sample : x) {
            if (sample.length != net.sampleShape().size()) {
                throw new IllegalArgumentException("exact oracle: a sample has " + sample.length + " values, the network takes "
                        + net.sampleShape().size());
            }
            int[] cur = new int[sample.length];
            for (int i = 0; i < sample.length; i++) {
                cur[i] = add(Op.CONST, sample[i], new int[0], null, -1, null);
            }
            Shape shape = net.sampleShape();
            for (int m = 0; m < offset.length; m++) {
                Layer l = net.layers().get(m);
                cur = layer(l, shape, cur, offset[m]);
                shape = net.shapeAfter(m);
            }
            for (int c : cur) {
                outputs.add(c);
            }
        }
    }

    int size() {
        return op.size();
    }

    private int add(Op o, Rational c, int[] in, int[] w, int b, ExactActivation a) {
        op.add(o);
        constant.add(c);
        inputs.add(in);
        weights.add(w);
        bias.add(b);
        activation.add(a);
        return op.size() - 1;
    }

    private int[] layer(Layer l, Shape in, int[] cur, int off) {
        if (l instanceof Flatten) {
            return cur;
        }
        if (l instanceof ActivationLayer) {
            ExactActivation a = new ExactActivation(((ActivationLayer) l).activation());
            int[] out = new int[cur.length];
            for (int i = 0; i < cur.length; i++) {
                out[i] = add(Op.ACT, null, new int[] {cur[i]}, null, -1, a);
            }
            return out;
        }
        if (l instanceof Linear) {
            Linear lin = (Linear) l;
            int[] out = new int[lin.out()];
            for (int i = 0; i < lin.out(); i++) {
                int[] w = new int[lin.in()];
                for (int j = 0; j < lin.in(); j++) {
                    w[j] = off + j * lin.out() + i;
                }
                out[i] = add(Op.AFFINE, null, cur.clone(), w, off + lin.in() * lin.out() + i, null);
            }
            return out;
        }
        if (l instanceof Conv2d) {
            return conv((Conv2d) l, in, cur, off);
        }
        if (l instanceof MaxPool2d) {
            return pool((MaxPool2d) l, in, cur);
        }
        throw new UnsupportedOperationException("the exact oracle does not cover layer " + l.describe());
    }

    private int[] conv(Conv2d c, Shape in, int[] cur, int off) {
        int ch = in.dim(0);
        int h = in.dim(1);
        int wd = in.dim(2);
        int k = c.kernel();
        int oh = (h + 2 * c.padding() - k) / c.stride() + 1;
        int ow = (wd + 2 * c.padding() - k) / c.stride() + 1;
        int[] out = new int[c.outChannels() * oh * ow];
        int fan = ch * k * k;
        for (int o = 0; o < c.outChannels(); o++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    List<Integer> nodes = new ArrayList<>();
                    List<Integer> ws = new ArrayList<>();
                    for (int q = 0; q < fan; q++) {
                        int cc = q / (k * k);
                        int r = i * c.stride() - c.padding() + (q / k) % k;
                        int s = j * c.stride() - c.padding() + q % k;
                        if (r >= 0 && r < h && s >= 0 && s < wd) {
                            nodes.add(cur[(cc * h + r) * wd + s]);
                            ws.add(off + o * fan + q);
                        }
                    }
                    out[(o * oh + i) * ow + j] = add(Op.AFFINE, null, ints(nodes), ints(ws),
                            off + c.outChannels() * fan + o, null);
                }
            }
        }
        return out;
    }

    private int[] pool(MaxPool2d p, Shape in, int[] cur) {
        int h = in.dim(1);
        int wd = in.dim(2);
        int k = p.kernel();
        int oh = (h - k) / p.stride() + 1;
        int ow = (wd - k) / p.stride() + 1;
        int[] out = new int[in.dim(0) * oh * ow];
        for (int c = 0; c < in.dim(0); c++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int[] win = new int[k * k];
                    for (int q = 0; q < k * k; q++) {
                        win[q] = cur[(c * h + i * p.stride() + q / k) * wd + j * p.stride() + q % k];
                    }
                    out[(c * oh + i) * ow + j] = add(Op.MAX, null, win, null, -1, null);
                }
            }
        }
        return out;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every node's value at w. */
    Rational[] values(Rational[] w) {
        if (w.length != parameters) {
            throw new IllegalArgumentException("exact oracle: " + w.length + " parameters for a network with " + parameters);
        }
        Rational[] v = new Rational[size()];
        for (int n = 0; n < v.length; n++) {
            int[] in = inputs.get(n);
            switch (op.get(n)) {
                case CONST: v[n] = constant.get(n); break;
                case AFFINE: {
                    Rational y = w[bias.get(n)];
                    int[] ws = weights.get(n);
                    for (int q = 0; q < in.length; q++) {
                        if (!v[in[q]].isZero()) {
                            y = y.add(w[ws[q]].mul(v[in[q]]));
                        }
                    }
                    v[n] = y;
                    break;
                }
                case ACT: v[n] = activation.get(n).apply(v[in[0]]); break;
                default: {
                    Rational best = v[in[0]];
                    for (int i : in) {
                        best = v[i].compareTo(best) > 0 ? v[i] : best;
                    }
                    v[n] = best;
                }
            }
        }
        return v;
    }
}
