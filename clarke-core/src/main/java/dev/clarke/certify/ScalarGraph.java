package dev.clarke.certify;

import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Window2d;
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
    enum Op { CONST, AFFINE, ACT, MAX, MEAN }

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
        if (l instanceof Convolution2d) {
            return convolution((Convolution2d) l, in, cur, off);
        }
        if (ConvGeometry.isMaxPool(l)) {
            return pool(l, in, cur);
        }
        if (l instanceof Pool2d || l instanceof GlobalAvgPool2d) {
            return average(l, in, cur);
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

    /**
     * A grouped, dilated, padded convolution: weight [o, c′, u, v] at off + ((o·C_in/G + c′)·kh + u)·kw + v,
     * bias o after all weights (none without a bias: index −1); output channel o reads input channel (o ÷ (C_out/G))·C_in/G + c′.
     */
    private int[] convolution(Convolution2d c, Shape in, int[] cur, int off) {
        Window2d w = c.window();
        int h = in.dim(1);
        int wd = in.dim(2);
        Shape o = c.outputShape(in);
        int cin = c.inChannels() / c.groups();
        int cout = c.outChannels() / c.groups();
        int[] out = new int[o.size()];
        for (int oc = 0; oc < o.dim(0); oc++) {
            for (int i = 0; i < o.dim(1); i++) {
                for (int j = 0; j < o.dim(2); j++) {
                    List<Integer> nodes = new ArrayList<>();
                    List<Integer> ws = new ArrayList<>();
                    for (int cc = 0; cc < cin; cc++) {
                        for (int u = 0; u < w.kh(); u++) {
                            for (int v = 0; v < w.kw(); v++) {
                                int r = i * w.sh() - w.top() + u * w.dh();
                                int t = j * w.sw() - w.left() + v * w.dw();
                                if (r >= 0 && r < h && t >= 0 && t < wd) {
                                    nodes.add(cur[((oc / cout * cin + cc) * h + r) * wd + t]);
                                    ws.add(off + ((oc * cin + cc) * w.kh() + u) * w.kw() + v);
                                }
                            }
                        }
                    }
                    out[(oc * o.dim(1) + i) * o.dim(2) + j] = add(Op.AFFINE, null, ints(nodes), ints(ws),
                            c.bias() ? off + c.outChannels() * cin * w.kh() * w.kw() + oc : -1, null);
                }
            }
        }
        return out;
    }

    /**
     * Max over every window, written out here from the window's fields (kernel, stride, dilation,
     * leading padding; ceil mode's extra rows are in the output shape): positions in the padding are
     * left out, their −∞ never being the maximum.
     */
    private int[] pool(Layer p, Shape in, int[] cur) {
        Window2d w = p instanceof MaxPool2d ? Window2d.square(((MaxPool2d) p).kernel(), ((MaxPool2d) p).stride(), 0)
                : ((Pool2d) p).window();
        Shape o = p.outputShape(in);
        int h = in.dim(1);
        int wd = in.dim(2);
        int[] out = new int[o.size()];
        for (int c = 0; c < o.dim(0); c++) {
            for (int i = 0; i < o.dim(1); i++) {
                for (int j = 0; j < o.dim(2); j++) {
                    List<Integer> win = new ArrayList<>();
                    for (int q = 0; q < w.kh() * w.kw(); q++) {
                        int r = i * w.sh() - w.top() + (q / w.kw()) * w.dh();
                        int t = j * w.sw() - w.left() + (q % w.kw()) * w.dw();
                        if (r >= 0 && r < h && t >= 0 && t < wd) {
                            win.add(cur[(c * h + r) * wd + t]);
                        }
                    }
                    out[(c * o.dim(1) + i) * o.dim(2) + j] = add(Op.MAX, null, ints(win), null, -1, null);
                }
            }
        }
        return out;
    }

    /**
     * Average pooling as MEAN nodes (the constant is 1/count): the window's positions inside the
     * image, and count — PyTorch's rule — the positions inside the image, or with countIncludePad
     * those inside the padded image (ceil mode's extra positions never counted). A global average
     * is one window of the whole plane.
     */
    private int[] average(Layer l, Shape in, int[] cur) {
        int h = in.dim(1);
        int wd = in.dim(2);
        Window2d w = l instanceof Pool2d ? ((Pool2d) l).window() : new Window2d(h, wd, 1, 1, 1, 1, 0, 0, 0, 0);
        boolean includePad = l instanceof Pool2d && ((Pool2d) l).countIncludePad();
        Shape o = l.outputShape(in);
        int[] out = new int[o.size()];
        for (int c = 0; c < o.dim(0); c++) {
            for (int i = 0; i < o.dim(1); i++) {
                for (int j = 0; j < o.dim(2); j++) {
                    List<Integer> win = new ArrayList<>();
                    int count = 0;
                    for (int r = i * w.sh() - w.top(); r < i * w.sh() - w.top() + w.kh(); r++) {
                        for (int t = j * w.sw() - w.left(); t < j * w.sw() - w.left() + w.kw(); t++) {
                            boolean inside = r >= 0 && r < h && t >= 0 && t < wd;
                            if (inside) {
                                win.add(cur[(c * h + r) * wd + t]);
                            }
                            if (inside || includePad && r < h + w.bottom() && t < wd + w.right()) {
                                count++;
                            }
                        }
                    }
                    out[(c * o.dim(1) + i) * o.dim(2) + j] = add(Op.MEAN, Rational.of(1, count), ints(win), null, -1, null);
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
                    Rational y = bias.get(n) < 0 ? Rational.ZERO : w[bias.get(n)];
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
                case MEAN: {
                    Rational sum = Rational.ZERO;
                    for (int i : in) {
                        sum = sum.add(v[i]);
                    }
                    v[n] = sum.mul(constant.get(n));
                    break;
                }
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
