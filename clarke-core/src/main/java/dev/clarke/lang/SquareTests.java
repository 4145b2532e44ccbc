package dev.clarke.lang;

import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The if-tests that are squares, for {@link Selections}: a test whose difference is q·(x + β)² has
 * one sign and vanishes only on x = −β, so the if is one of its branches wherever they agree there.
 */
final class SquareTests {

    private SquareTests() {
    }

    /**
     * A test that is a square: g = q·(x + β)² for an input x, a rational q ≠ 0 and β free of x (the
     * coefficients of g in x are q, 2qβ, qβ²; x*x &gt; 0, (x − y)^2 &gt; 0). Then g has one sign
     * and vanishes exactly on Z = {x = −β}: for q &gt; 0 the if takes A off Z, for q &lt; 0 it takes B
     * off Z. When A − B vanishes on Z (A and B compared after substituting x := −β, exactly), the
     * branch taken on Z agrees too, so the if is that branch everywhere; without that identity the
     * if is still one branch when the test never changes (q &gt; 0 with ≥: always A; q &lt; 0 with
     * &gt;: always B). Otherwise null. {@code inline} inlines a branch's lets (done only once a square is
     * found, for the comparison); {@code a} and {@code b} are returned as written.
     */
    static Expr lower(Selections s, java.util.function.UnaryOperator<Expr> inline, Expr a, Expr b, Polynomial g,
                      boolean orEqual) {
        for (int x = 0; x < s.atoms().size(); x++) {
            if (!(s.atoms().get(x) instanceof Expr.Ref ref)) {
                continue;
            }
            Polynomial[] c = new Polynomial[3];   // g = c2·x² + c1·x + c0, the c free of x
            for (int k = 0; k < 3; k++) {
                c[k] = Polynomial.constant(BigFraction.ZERO);
            }
            boolean fits = true;
            for (var term : g.terms().entrySet()) {
                int[] e = term.getKey().exps();
                int deg = x < e.length ? e[x] : 0;
                if (deg > 2) {
                    fits = false;
                    break;
                }
                int[] rest = e.clone();
                if (x < rest.length) {
                    rest[x] = 0;
                }
                Polynomial m = Polynomial.constant(term.getValue());
                for (int i = 0; i < rest.length; i++) {
                    for (int k = 0; k < rest[i]; k++) {
                        m = m.times(Polynomial.atom(i));
                    }
                }
                c[deg] = c[deg].plus(m);
            }
            BigFraction q = fits ? c[2].constantValue() : null;
            if (q == null || q.getNumerator().signum() == 0) {
                continue;
            }
            // a perfect square: c1² = 4·q·c0, then β = c1/(2q)
            if (!c[1].times(c[1]).minus(c[0].scale(q.multiply(4))).isZero()) {
                continue;
            }
            Polynomial beta = c[1].scale(q.multiply(2).reciprocal());
            if (!beta.terms().values().stream().allMatch(Selections::exact)) {
                continue;
            }
            boolean positive = q.getNumerator().signum() > 0;
            Expr root = beta.isZero() ? new Expr.Num(0, ref.position()) : new Expr.Call("neg", List.of(s.expression(beta, ref.position())),
                    ref.position());
            if (ExprTrees.substitute(root, ref.name(), null) != root) {
                continue;
            }
            boolean agree = s.normalise(ExprTrees.substitute(inline.apply(a), ref.name(), root), null)
                    .minus(s.normalise(ExprTrees.substitute(inline.apply(b), ref.name(), root), null)).isZero();
            if (agree || positive == orEqual) {
                s.countLowered();
                return positive ? a : b;
            }
            return null;
        }
        return null;
    }

}
