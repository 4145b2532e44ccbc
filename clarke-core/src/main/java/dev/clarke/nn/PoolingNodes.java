package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.tensor.Pooling;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Max pooling on the trace as one node on the {@link Pooling} kernel: its ties are kinks of
 * {@code reduce_max} (the window's reduction), logged against the node with the window's index and
 * the tied value and weighted by the policy's λ for {@code reduce_max} exactly as
 * {@link Var#max(int, boolean)} over the window matrix would; its rules are the kernel's scatter
 * (reverse) and gather (forward), each the other's adjoint, so they can be differentiated again.
 */
final class PoolingNodes {

    private PoolingNodes() {
    }

    /** Max pooling of x [B, C, H, W] over {@code win}: [B, C, OH, OW]. */
    static Var maxPool2d(Var x, Pooling.Window win) {
        double lambda = x.trace().policy().lambda(Family.REDUCE_MAX, 1);
        Tensor[] weights = new Tensor[1];
        return x.trace().custom("max_pool2d", Family.REDUCE_MAX.id(), sink -> {
            Pooling.MaxPool r = Pooling.maxPool2d(x.value(), win, lambda, sink == null ? null : sink::hit);
            weights[0] = r.weights();
            return r.values();
        }, List.of(x), g -> List.of(scatter(g, weights[0], x.shape(), win)),
                ts -> ts.get(0) == null ? zeros(x, outShape(x.shape(), win)) : gather(ts.get(0), weights[0], win));
    }

    /** The reverse rule: g [B, C, OH, OW] spread over the windows by the weights, to x's shape. */
    static Var scatter(Var g, Tensor weights, Shape xShape, Pooling.Window win) {
        return g.trace().custom("max_pool2d_scatter", Pooling.scatter(g.value(), weights, xShape, win), List.of(g),
                c -> List.of(gather(c, weights, win)),
                ts -> ts.get(0) == null ? zeros(g, xShape) : scatter(ts.get(0), weights, xShape, win));
    }

    /** The forward rule: a tangent of x's shape summed over each window by the weights. */
    static Var gather(Var t, Tensor weights, Pooling.Window win) {
        Shape xShape = t.shape();
        return t.trace().custom("max_pool2d_gather", Pooling.gather(t.value(), weights, win), List.of(t),
                c -> List.of(scatter(c, weights, xShape, win)),
                ts -> ts.get(0) == null ? zeros(t, outShape(xShape, win)) : gather(ts.get(0), weights, win));
    }

    private static Shape outShape(Shape xs, Pooling.Window win) {
        return Shape.of(xs.dim(0), xs.dim(1), win.outHeight(xs.dim(2)), win.outWidth(xs.dim(3)));
    }

    private static Var zeros(Var like, Shape s) {
        return like.trace().constant(Tensor.zeros(s, like.dtype()));
    }
}
