package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.ops.HitSink;
import dev.clarke.ops.TieWeights;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/** Sum, mean, and reducing max/min (whose ties are kinks, weighted by {@link TieWeights}). */
final class Reductions {

    private static final Kernels K = Kernels.get();

    private Reductions() {
    }

    static Var sum(Var x) {
        Trace t = x.trace;
        return t.tag(t.record(Op.SUM, K.sum(x.value()), new Var[] {x}, SUM, t.logMark()), new Attr.Axis(null, false));
    }

    static Var sum(Var x, int axis, boolean keepDim) {
        Trace t = x.trace;
        int ax = x.shape().axis(axis);
        return t.tag(t.record(Op.SUM, K.sum(x.value(), ax, keepDim), new Var[] {x}, SUM, t.logMark()),
                new Attr.Axis(ax, keepDim));
    }

    /** g spread back over the summed elements; the tangent summed like the input. */
    private static final Node.Rule SUM = Shapes.rule((n, g) -> spread(n, g), (n, ts) -> {
        Attr.Axis a = (Attr.Axis) n.attr;
        return a.axis() == null ? ts.sum() : ts.sum(a.axis(), a.keepDim());
    });

    /** The output's cotangent broadcast back to the input's shape. */
    private static Var spread(Node n, Var g) {
        Attr.Axis a = (Attr.Axis) n.attr;
        Shape s = n.inputs[0].shape();
        return a.axis() == null ? g.broadcastTo(s) : Shapes.reshape(g, s.withDim(a.axis(), 1)).broadcastTo(s);
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
        return t.tag(t.record(Op.REDUCE_EXTREME, f, r.values(), new Var[] {x}, new Extreme(r.weights()), mark),
                new Attr.Axis(axis == null ? null : x.shape().axis(axis), keepDim));
    }

    /**
     * Reducing max/min: the cotangent spread back and weighted by the tie weights the forward pass
     * computed (one rule per node, holding them).
     */
    private record Extreme(Tensor weights) implements Node.Rule {
        @Override
        public Var[] vjp(Node n, Var g) {
            Attr.Axis a = (Attr.Axis) n.attr;
            Shape s = n.inputs[0].shape();
            Shape kept = a.axis() == null ? ones(s.rank()) : s.withDim(a.axis(), 1);
            return new Var[] {Arith.strong(Shapes.reshape(g, kept).broadcastTo(s), n.trace.constant(weights))};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Attr.Axis a = (Attr.Axis) n.attr;
            Var p = Arith.strong(ts[0], n.trace.constant(weights));
            return a.axis() == null ? Shapes.reshape(p.sum(), n.shape()) : p.sum(a.axis(), a.keepDim());
        }
    }

    private static Shape ones(int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        return Shape.of(d);
    }
}
