package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.tensor.MaxPoolSelection;
import dev.clarke.tensor.Pooling;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Pooling on the trace as one node each. Max pooling runs on the {@link Pooling} kernel: its ties are kinks of
 * {@code reduce_max} (the window's reduction), logged against the node with the window's index and
 * the tied value and weighted by the policy's λ for {@code reduce_max} exactly as
 * {@link Var#max(int, boolean)} over the window matrix would; its rules are the kernel's scatter
 * (reverse) and gather (forward), each the other's adjoint, so they can be differentiated again.
 * Average pooling sums each window in one pass instead of building the window matrix
 * ({@link #avgPool2d}).
 */
final class PoolingNodes {

    private PoolingNodes() {
    }

    /** Max pooling of x [B, C, H, W] over {@code win}: [B, C, OH, OW]. */
    static Var maxPool2d(Var x, Pooling.Window win) {
        double lambda = x.trace().policy().lambda(Family.REDUCE_MAX, 1);
        MaxPoolSelection[] weights = new MaxPoolSelection[1];
        return x.trace().custom("max_pool2d", Family.REDUCE_MAX.id(), sink -> {
            Pooling.MaxPool r = Pooling.maxPool2d(x.value(), win, lambda, sink == null ? null : sink::hit);
            weights[0] = r.selection();
            return r.values();
        }, List.of(x), g -> List.of(scatter(g, weights[0], x.shape(), win)),
                ts -> ts.get(0) == null ? zeros(x, outShape(x.shape(), win)) : gather(ts.get(0), weights[0], win));
    }

    /** The reverse rule: g [B, C, OH, OW] spread over the windows by the weights, to x's shape. */
    static Var scatter(Var g, MaxPoolSelection weights, Shape xShape, Pooling.Window win) {
        return g.trace().custom("max_pool2d_scatter", Pooling.scatter(g.value(), weights, xShape, win), List.of(g),
                c -> List.of(gather(c, weights, win)),
                ts -> ts.get(0) == null ? zeros(g, xShape) : scatter(ts.get(0), weights, xShape, win));
    }

    /** The forward rule: a tangent of x's shape summed over each window by the weights. */
    static Var gather(Var t, MaxPoolSelection weights, Pooling.Window win) {
        Shape xShape = t.shape();
        return t.trace().custom("max_pool2d_gather", Pooling.gather(t.value(), weights, win), List.of(t),
                c -> List.of(scatter(c, weights, xShape, win)),
                ts -> ts.get(0) == null ? zeros(t, outShape(xShape, win)) : gather(ts.get(0), weights, win));
    }

    /**
     * Average pooling of x [B, C, H, W] as one node, for F32 and F64: output w is
     * round(round(Σ_k x[map[w·k + k′]]) · r[w]) — the window's entries inside the image summed in
     * double in window order and rounded once, times the (rounded) reciprocal count, rounded — the
     * same bits as the composite im2col → sum → multiply, whose padded entries add +0.0 to a sum that
     * starts at +0.0 and so change nothing. Its reverse rule scatters round(g[w]·r[w]) to the window's
     * pixels, summed per pixel in double in window order and rounded once (as col2im does); the two are
     * each other's adjoints, so the node can be differentiated again.
     *
     * @param x the input [B, C, H, W], F32 or F64
     * @param map for each window (over [B·C, OH, OW]) and element, the flat index into x, or −1
     * @param k the window's size
     * @param r the reciprocal counts, one per window, in x's dtype
     * @param out the output shape [B, C, OH, OW]
     * @return the pooled values
     */
    static Var avgPool2d(Var x, int[] map, int k, Tensor r, Shape out) {
        return x.trace().custom("avg_pool2d", average(x.value(), map, k, r, out), List.of(x),
                g -> List.of(avgScatter(g, map, k, r, x.shape())),
                ts -> ts.get(0) == null ? zeros(x, out) : avgPool2d(ts.get(0), map, k, r, out));
    }

    private static Var avgScatter(Var g, int[] map, int k, Tensor r, Shape xShape) {
        return g.trace().custom("avg_pool2d_scatter", spread(g.value(), map, k, r, xShape), List.of(g),
                c -> List.of(avgPool2d(c, map, k, r, g.shape())),
                ts -> ts.get(0) == null ? zeros(g, xShape) : avgScatter(ts.get(0), map, k, r, xShape));
    }

    private static Tensor average(Tensor x, int[] map, int k, Tensor r, Shape out) {
        double[] y = new double[out.size()];
        for (int w = 0; w < y.length; w++) {
            double acc = 0;
            for (int e = w * k; e < w * k + k; e++) {
                if (map[e] >= 0) {
                    acc += x.get(map[e]);
                }
            }
            y[w] = x.dtype().round(x.dtype().round(acc) * r.get(w));
        }
        return Tensor.of(x.dtype(), out, y);
    }

    private static Tensor spread(Tensor g, int[] map, int k, Tensor r, Shape xShape) {
        double[] acc = new double[xShape.size()];
        for (int w = 0; w < g.size(); w++) {
            double share = g.dtype().round(g.get(w) * r.get(w));
            for (int e = w * k; e < w * k + k; e++) {
                if (map[e] >= 0) {
                    acc[map[e]] += share;
                }
            }
        }
        return Tensor.of(g.dtype(), xShape, acc);
    }

    private static Shape outShape(Shape xs, Pooling.Window win) {
        return Shape.of(xs.dim(0), xs.dim(1), win.outHeight(xs.dim(2)), win.outWidth(xs.dim(3)));
    }

    private static Var zeros(Var like, Shape s) {
        return like.trace().constant(Tensor.zeros(s, like.dtype()));
    }
}
