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
        Shape from = x.shape();
        return t.tag(t.record(Op.RESHAPE, K.reshape(x.value(), s), new Var[] {x},
                g -> new Var[] {reshape(g, from)}, ts -> reshape(ts[0], s), t.logMark()), new Attr.Target(s));
    }

    static Var transpose(Var x, int a0, int a1) {
        Trace t = x.trace;
        return t.tag(t.record(Op.TRANSPOSE, K.transpose(x.value(), a0, a1), new Var[] {x},
                g -> new Var[] {transpose(g, a0, a1)}, ts -> transpose(ts[0], a0, a1), t.logMark()),
                new Attr.Swap(x.shape().axis(a0), x.shape().axis(a1)));
    }

    static Var slice(Var x, int axis, int start, int end) {
        Trace t = x.trace;
        Shape s = x.shape();
        int ax = s.axis(axis);
        return t.tag(t.record(Op.SLICE, K.slice(x.value(), ax, start, end), new Var[] {x},
                g -> new Var[] {pad(g, s, ax, start, end)}, ts -> slice(ts[0], ax, start, end), t.logMark()),
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
        Var[] inputs = parts.toArray(new Var[0]);
        return t.tag(t.record(Op.CONCAT, K.concat(values, ax), inputs,
                g -> {
                    Var[] gs = new Var[inputs.length];
                    int at = 0;
                    for (int i = 0; i < inputs.length; i++) {
                        int len = inputs[i].shape().dim(ax);
                        gs[i] = slice(g, ax, at, at + len);
                        at += len;
                    }
                    return gs;
                },
                ts -> {
                    List<Var> tp = new ArrayList<>(inputs.length);
                    for (int i = 0; i < inputs.length; i++) {
                        tp.add(ts[i] != null ? ts[i] : t.constant(Tensor.zeros(inputs[i].shape(), t.dtype())));
                    }
                    return concat(tp, ax);
                }, t.logMark()), new Attr.Concat(ax));
    }

    static Var broadcastTo(Var x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Trace t = x.trace;
        Shape from = x.shape();
        return t.tag(t.record(Op.BROADCAST_TO, K.broadcastTo(x.value(), s), new Var[] {x},
                g -> new Var[] {sumTo(g, from)}, ts -> broadcastTo(ts[0], s), t.logMark()), new Attr.Target(s));
    }

    static Var sumTo(Var x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Trace t = x.trace;
        Shape from = x.shape();
        return t.tag(t.record(Op.SUM_TO, K.sumTo(x.value(), s), new Var[] {x},
                g -> new Var[] {broadcastTo(g, from)}, ts -> sumTo(ts[0], s), t.logMark()), new Attr.Target(s));
    }
}
