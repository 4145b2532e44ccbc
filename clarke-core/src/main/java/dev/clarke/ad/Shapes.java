package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Shape operations: reshape, transpose, slice, concat, broadcastTo and its adjoint sumTo. */
final class Shapes {

    private static final Kernels K = Kernels.get();

    private Shapes() {
    }

    /** g summed down to {@code shape} if broadcasting made it larger. */
    static Var unbroadcast(Var g, Shape shape) {
        return g.shape().equals(shape) ? g : g.sumTo(shape);
    }

    static Var reshape(Var x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Trace t = x.trace;
        return t.tag(t.record(Op.RESHAPE, K.reshape(x.value(), s), new Var[] {x}, RESHAPE, t.logMark()),
                new Attr.Target(s));
    }

    static Var transpose(Var x, int a0, int a1) {
        Trace t = x.trace;
        return t.tag(t.record(Op.TRANSPOSE, K.transpose(x.value(), a0, a1), new Var[] {x}, TRANSPOSE, t.logMark()),
                new Attr.Swap(x.shape().axis(a0), x.shape().axis(a1)));
    }

    static Var slice(Var x, int axis, int start, int end) {
        Trace t = x.trace;
        int ax = x.shape().axis(axis);
        return t.tag(t.record(Op.SLICE, K.slice(x.value(), ax, start, end), new Var[] {x}, SLICE, t.logMark()),
                new Attr.Slice(ax, start, end));
    }

    /** g placed at [start, end) along {@code axis} of zeros shaped {@code s}: the adjoint of slice. */
    private static Var pad(Var g, Shape s, int axis, int start, int end) {
        Trace t = g.trace;
        List<Var> parts = new ArrayList<>();
        if (start > 0) {
            parts.add(t.constant(Tensor.zeros(s.withDim(axis, start), t.dtype())));
        }
        parts.add(g);
        if (end < s.dim(axis)) {
            parts.add(t.constant(Tensor.zeros(s.withDim(axis, s.dim(axis) - end), t.dtype())));
        }
        return parts.size() == 1 ? g : concat(parts, axis);
    }

    static Var concat(List<Var> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: nothing to concatenate");
        }
        Trace t = parts.get(0).trace;
        int ax = parts.get(0).shape().axis(axis);
        List<Tensor> values = new ArrayList<>(parts.size());
        for (Var p : parts) {
            values.add(p.value());
        }
        return t.tag(t.record(Op.CONCAT, K.concat(values, ax), parts.toArray(new Var[0]), CONCAT, t.logMark()),
                new Attr.Concat(ax));
    }

    static Var broadcastTo(Var x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Trace t = x.trace;
        return t.tag(t.record(Op.BROADCAST_TO, K.broadcastTo(x.value(), s), new Var[] {x}, BROADCAST_TO, t.logMark()),
                new Attr.Target(s));
    }

    static Var sumTo(Var x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Trace t = x.trace;
        return t.tag(t.record(Op.SUM_TO, K.sumTo(x.value(), s), new Var[] {x}, SUM_TO, t.logMark()), new Attr.Target(s));
    }

    // The rules: each the adjoint (vjp) and the operation itself (jvp), read off the node.

    private static final Node.Rule RESHAPE = rule((n, g) -> reshape(g, n.inputs[0].shape()),
            (n, t) -> reshape(t, n.shape()));
    private static final Node.Rule TRANSPOSE = rule((n, g) -> swap(n, g), Shapes::swap);
    private static final Node.Rule SLICE = rule((n, g) -> {
        Attr.Slice a = (Attr.Slice) n.attr;
        return pad(g, n.inputs[0].shape(), a.axis(), a.start(), a.end());
    }, (n, t) -> {
        Attr.Slice a = (Attr.Slice) n.attr;
        return slice(t, a.axis(), a.start(), a.end());
    });
    private static final Node.Rule BROADCAST_TO = rule((n, g) -> sumTo(g, n.inputs[0].shape()),
            (n, t) -> broadcastTo(t, n.shape()));
    private static final Node.Rule SUM_TO = rule((n, g) -> broadcastTo(g, n.inputs[0].shape()),
            (n, t) -> sumTo(t, n.shape()));

    private static Var swap(Node n, Var v) {
        Attr.Swap w = (Attr.Swap) n.attr;
        return transpose(v, w.axis0(), w.axis1());
    }

    /** Concatenation: each part's cotangent is its slice of g; absent tangents are zeros. */
    private static final Node.Rule CONCAT = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            int ax = ((Attr.Concat) n.attr).axis();
            Var[] gs = new Var[n.inputs.length];
            int at = 0;
            for (int i = 0; i < gs.length; i++) {
                int len = n.inputs[i].shape().dim(ax);
                gs[i] = slice(g, ax, at, at + len);
                at += len;
            }
            return gs;
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Trace t = n.trace;
            List<Var> tp = new ArrayList<>(ts.length);
            for (int i = 0; i < ts.length; i++) {
                tp.add(ts[i] != null ? ts[i] : t.constant(Tensor.zeros(n.inputs[i].shape(), t.dtype())));
            }
            return concat(tp, ((Attr.Concat) n.attr).axis());
        }
    };

    /** A one-input linear operation's rule from its adjoint and itself, both applied to the node. */
    static Node.Rule rule(java.util.function.BiFunction<Node, Var, Var> adjoint,
                          java.util.function.BiFunction<Node, Var, Var> self) {
        return new Node.Rule() {
            @Override
            public Var[] vjp(Node n, Var g) {
                return new Var[] {adjoint.apply(n, g)};
            }

            @Override
            public Var jvp(Node n, Var[] ts) {
                return self.apply(n, ts[0]);
            }
        };
    }
}
