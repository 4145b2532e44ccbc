package dev.clarke.lang;

import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.DomainException;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Point-dependent helpers of {@link Selections}: the slope of a first-order lowering, and the exact
 * values of primitives at the few constant arguments where they are known exactly.
 *
 * <p>If A, B and g = k·x + R are smooth at x̊, g(x̊) = 0 and A − B vanishes on the boundary g = 0
 * (∂g/∂x = k ≠ 0), then A − B = h·g with h smooth near x̊ (Hadamard's lemma), so the program is
 * B + h·relu(g): abs-smooth. Linearising that product at x̊ gives h(x̊)·relu(g) (the other term of
 * the product rule carries relu(g(x̊)) = 0), so its abs-normal form there is that of
 * B + c·relu(g) with c = h(x̊), and ∇(A − B) = h(x̊)·∇g at x̊ gives c = ∂(A − B)/∂x / k.
 */
final class SelectionSlope {

    private SelectionSlope() {
    }

    /**
     * c = ∂(A − B)/∂x / k at the point, or null when A, B or the test's difference g is not smooth there (a kink hit or an if
     * on its boundary), cannot be evaluated, or is not a finite scalar.
     */
    static Double of(Program original, Map<String, Double> at, Expr a, Expr b, Expr gap, String x, double k) {
        Recording g = record(original.withRoot(gap), at);
        if (g == null || g.output().item() != 0) {
            return null; // off the boundary, or g not smooth there: h(x̊) is not what the form needs
        }
        g.trace().release();
        Double da = partial(original.withRoot(a), at, x);
        Double db = da == null ? null : partial(original.withRoot(b), at, x);
        if (db == null) {
            return null;
        }
        double c = (da - db) / k;
        return Double.isFinite(c) ? c : null;
    }

    /**
     * Whether the test's difference {@code gap} is exactly 0 at the point: the if is tested on its
     * boundary there (false when it cannot be evaluated).
     */
    static boolean onBoundary(Program original, Map<String, Double> at, Expr gap) {
        try {
            Recording r = Recording.of(original.withRoot(gap), at, KinkPolicy.mid(), DType.F64);
            boolean on = r.output().value().size() == 1 && r.output().item() == 0;
            r.trace().release();
            return on;
        } catch (DomainException | ProgramError | IllegalArgumentException e) {
            return false;
        }
    }

    private static Double partial(Program p, Map<String, Double> at, String x) {
        Recording r = record(p, at);
        if (r == null) {
            return null;
        }
        double d = r.gradient()[List.copyOf(p.variables()).indexOf(x)];
        r.trace().release();
        return Double.isFinite(d) ? d : null;
    }

    /** {@code p} recorded at the point when it is a scalar, smooth there (no kink hit, no if on its boundary); else null. */
    private static Recording record(Program p, Map<String, Double> at) {
        try {
            Recording r = Recording.of(p, at, KinkPolicy.mid(), DType.F64);
            if (r.output().value().size() != 1 || !r.trace().kinks().hits().isEmpty()
                    || r.trace().branches().stream().anyMatch(BranchRecord::onBoundary)) {
                r.trace().release();
                return null;
            }
            return r;
        } catch (DomainException | ProgramError | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The exact value of primitive {@code name} at exact constant arguments, where it is known
     * exactly: relu, abs, max, min, neg of any rational; sin, tanh, sqrt at 0; exp, cos at 0 (1);
     * log at 1 (0); sigmoid at 0 (½). Null otherwise (the call stays an atom).
     */
    static Polynomial fold(String name, List<BigFraction> args) {
        if (args == null || args.isEmpty()) {
            return null;
        }
        BigFraction v = args.get(0);
        boolean zero = v.getNumerator().signum() == 0;
        BigFraction r = switch (name) {
            case "relu" -> args.size() == 1 ? (v.getNumerator().signum() > 0 ? v : BigFraction.ZERO) : null;
            case "abs" -> args.size() == 1 ? v.abs() : null;
            case "max" -> args.size() == 2 ? (v.compareTo(args.get(1)) >= 0 ? v : args.get(1)) : null;
            case "min" -> args.size() == 2 ? (v.compareTo(args.get(1)) <= 0 ? v : args.get(1)) : null;
            case "sin", "tanh", "sqrt" -> zero && args.size() == 1 ? BigFraction.ZERO : null;
            case "exp", "cos" -> zero && args.size() == 1 ? BigFraction.ONE : null;
            case "log" -> v.equals(BigFraction.ONE) && args.size() == 1 ? BigFraction.ZERO : null;
            case "sigmoid" -> zero && args.size() == 1 ? BigFraction.ONE_HALF : null;
            default -> null;
        };
        return r == null ? null : Polynomial.constant(r);
    }
}
