package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Control: the eager elementwise {@code where} (both sides evaluated; its backward sends each side
 * the cotangent only where selected, so a zero cotangent meets the unselected side's NaN or ∞ only
 * through strong zeros) and the lazy {@code cond} of the PAP language (only the taken branch runs
 * and is differentiated; the test contributes no derivative).
 */
final class Control {

    private static final Kernels K = Kernels.get();

    private Control() {
    }

    static Tensor compare(Var a, Comparison op, Var b) {
        Trace t = a.trace;
        requireComparable(t, a, op);
        requireComparable(t, b, op);
        Tensor mask = K.zip(a.value(), b.value(), (x, y) -> op.test(x, y) ? 1 : 0);
        Var made = t.tag(t.record(Op.COMPARE, mask, new Var[] {a, b}, null, t.logMark()), new Attr.Test(op));
        t.rememberMask(mask, made.id);
        return mask;
    }

    private static void requireComparable(Trace t, Var v, Comparison op) {
        if (!v.value().allFinite()) {
            throw new DomainException(t.violations().isEmpty()
                    ? "the test '" + op.symbol() + "' compares a value that is not finite: " + v.value()
                    : t.violations().get(0));
        }
    }

    static Var where(Tensor mask, Var a, Var b) {
        Trace t = a.trace;
        Shape s = mask.shape().broadcastWith(a.shape()).broadcastWith(b.shape());
        int origin = t.maskOrigin(mask);
        Tensor m = K.broadcastTo(mask.dtype() == t.dtype() ? mask : mask.to(t.dtype()), s);
        Tensor value = K.where(m, K.broadcastTo(a.value(), s), K.broadcastTo(b.value(), s));
        return t.tag(t.record(Op.WHERE, value, new Var[] {a, b}, WHERE, t.logMark()), new Attr.Mask(m, origin));
    }

    /** Each side gets the cotangent where it was selected and a zero elsewhere. */
    private static final Node.Rule WHERE = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Tensor m = ((Attr.Mask) n.attr).mask();
            Var zero = n.trace.constant(Tensor.zeros(n.shape(), n.trace.dtype()));
            return new Var[] {Shapes.unbroadcast(where(m, g, zero), n.inputs[0].shape()),
                Shapes.unbroadcast(where(m, zero, g), n.inputs[1].shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Var zero = n.trace.constant(Tensor.zeros(n.shape(), n.trace.dtype()));
            return where(((Attr.Mask) n.attr).mask(), ts[0] == null ? zero : ts[0], ts[1] == null ? zero : ts[1]);
        }
    };

    static Var cond(Trace t, Var lhs, Comparison op, Var rhs, Supplier<Var> then, Supplier<Var> otherwise) {
        if (lhs.value().size() != 1 || rhs.value().size() != 1) {
            throw new IllegalArgumentException("if: the test must compare scalars, got shapes "
                    + lhs.shape() + " and " + rhs.shape() + " (use where for elementwise selection)");
        }
        requireComparable(t, lhs, op);
        requireComparable(t, rhs, op);
        double l = lhs.item();
        double r = rhs.item();
        boolean taken = op.test(l, r);
        t.branch(new BranchRecord(lhs.id, rhs.id, op, l, r, taken));
        Var out = taken ? then.get() : otherwise.get();
        if (out.trace != t) {
            throw new IllegalArgumentException("if: a branch returned a value of another trace");
        }
        return out;
    }
}
