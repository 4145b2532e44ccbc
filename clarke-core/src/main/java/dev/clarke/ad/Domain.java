package dev.clarke.ad;

import dev.clarke.tensor.Tensor;
import java.util.function.DoublePredicate;

/**
 * Domain checks: a primitive evaluated outside its domain records a violation on the trace,
 * naming the op and the value. The violation becomes a {@link DomainException} only if the result
 * depends on it (the output or a branch test is not finite), so an untaken {@code where} branch
 * may leave its domain harmlessly.
 */
final class Domain {

    /** A test of two operands. */
    @FunctionalInterface
    interface BiPredicate {
        boolean test(double a, double b);
    }

    private Domain() {
    }

    static void check(Trace t, String op, Tensor x, DoublePredicate bad, String what) {
        if (!t.recording()) {
            return;
        }
        int n = x.size();
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            if (bad.test(v)) {
                t.violation(what + ": " + op + " of " + fmt(v)
                        + (n > 1 ? " at element " + i : "") + " (node " + t.size() + ")");
                return;
            }
        }
    }

    static void check(Trace t, String op, Tensor a, Tensor b, BiPredicate bad, String what) {
        if (!t.recording()) {
            return;
        }
        int n = a.size();
        for (int i = 0; i < n; i++) {
            if (bad.test(a.get(i), b.get(i))) {
                t.violation(what + ": " + op + "(" + fmt(a.get(i)) + ", " + fmt(b.get(i)) + ")"
                        + (n > 1 ? " at element " + i : "") + " (node " + t.size() + ")");
                return;
            }
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

}
