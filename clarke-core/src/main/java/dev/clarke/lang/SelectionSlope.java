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
 * <p>If A and B are smooth at x̊ and A − B vanishes on the boundary g = k·x + R = 0 (∂g/∂x = k ≠ 0),
 * then A − B = h·g with h smooth near x̊ (Hadamard's lemma), and ∇(A − B) = h(x̊)·∇g there, so
 * c = h(x̊) = ∂(A − B)/∂x / k. The program equals B + c·relu(g) + (h − c)·relu(g), and the last
 * term is a product of two Lipschitz functions vanishing at x̊: strictly differentiable with
 * derivative 0, so the Clarke gradient, differentiability and derivative at x̊ are those of
 * B + c·relu(g).
 */
final class SelectionSlope {

    private SelectionSlope() {
    }

    /**
     * c = ∂(A − B)/∂x / k at the point, or null when A, B or the test's difference g is not smooth there (a kink hit or an if
     * on its boundary), cannot be evaluated, or is not a finite scalar.
     */
    static Double of(Program original, Map<String, Double> at, Expr a, Expr b, Expr gap, String x, double k) {
        if (partial(original.withRoot(gap), at, x) == null) {
            return null; // g itself must be smooth at the point for the boundary to be a smooth surface
        }
        Double da = partial(original.withRoot(a), at, x);
        Double db = da == null ? null : partial(original.withRoot(b), at, x);
        if (db == null) {
            return null;
        }
        double c = (da - db) / k;
        return Double.isFinite(c) ? c : null;
    }

    private static Double partial(Program p, Map<String, Double> at, String x) {
        try {
            Recording r = Recording.of(p, at, KinkPolicy.mid(), DType.F64);
            if (r.output().value().size() != 1 || !r.trace().kinks().hits().isEmpty()
                    || r.trace().branches().stream().anyMatch(BranchRecord::onBoundary)) {
                return null;
            }
            double d = r.gradient()[List.copyOf(p.variables()).indexOf(x)];
            r.trace().release();
            return Double.isFinite(d) ? d : null;
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
