package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.ops.HitSink;
import dev.clarke.ops.TieWeights;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;

/** Sum, mean, and reducing max/min (whose ties are kinks, weighted by {@link TieWeights}). */
final class Reductions {

    private static final Kernels K = Kernels.get();

    private Reductions() {
    }

    static Var sum(Var x) {
        Trace t = x.trace;
        Shape s = x.shape();
        return t.tag(t.record(Op.SUM, K.sum(x.value()), new Var[] {x},
                g -> new Var[] {g.broadcastTo(s)}, ts -> ts[0].sum(), t.logMark()), new Attr.Axis(null, false));
    }

    static Var sum(Var x, int axis, boolean keepDim) {
        Trace t = x.trace;
        Shape s = x.shape();
        int ax = s.axis(axis);
        Shape kept = s.withDim(ax, 1);
        return t.tag(t.record(Op.SUM, K.sum(x.value(), ax, keepDim), new Var[] {x},
                g -> new Var[] {Shapes.reshape(g, kept).broadcastTo(s)},
                ts -> ts[0].sum(ax, keepDim), t.logMark()), new Attr.Axis(ax, keepDim));
    }

    static Var mean(Var x) {
        return sum(x).mul(1.0 / x.shape().size());
    }

    static Var mean(Var x, int axis, boolean keepDim) {
        return sum(x, axis, keepDim).mul(1.0 / x.shape().dim(axis));
    }

    static Var extreme(Var x, Family f, Integer axis, boolean keepDim) {
        Trace t = x.trace;
        int mark = t.logMark();
        HitSink sink = t.hitSink(f.id());
        TieWeights.Reduction r = TieWeights.reduce(f, x.value(), axis, keepDim, t.policy(), sink);
        Shape s = x.shape();
        Shape kept = axis == null ? ones(s.rank()) : s.withDim(s.axis(axis), 1);
        Var w = t.constant(r.weights());
        return t.tag(t.record(Op.REDUCE_EXTREME, f, r.values(), new Var[] {x},
                g -> new Var[] {Arith.strong(Shapes.reshape(g, kept).broadcastTo(s), w)},
                ts -> {
                    Var p = Arith.strong(ts[0], w);
                    return axis == null ? Shapes.reshape(p.sum(), r.values().shape()) : p.sum(axis, keepDim);
                }, mark), new Attr.Axis(axis == null ? null : s.axis(axis), keepDim));
    }

    private static Shape ones(int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        return Shape.of(d);
    }
}
