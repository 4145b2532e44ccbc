package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The verdict for a form with Euclidean norms at their zero ({@link EuclideanNorm}) and no other
 * active kink. Near the point f = φ(x, N₁(x), …) with φ smooth and N_j(x) = ‖t_j(x)‖, t_j smooth and
 * zero there with Jacobian T_j; the norm is convex, so N_j is regular with ∂N_j = T_jᵀ·B (Clarke
 * 2.3.10). When every weight w_j = ∂φ/∂N_j has one sign, Clarke's chain rule 2.3.9 holds with
 * equality (for negative weights, applied to −f), so
 * <pre>
 *   ∂f(x̊) = g + Σ_j w_j·T_jᵀ·B,        g = ∂φ/∂x
 * </pre>
 * a singleton (f strictly differentiable, derivative g) exactly when every w_j·T_j = 0. Reverse mode
 * multiplies the configured sqrt′(0) by Σ 2·t_k·∇t_k = 0, so it returns g for any finite value, the
 * centre of the set. With one norm, membership of any value v is the minimum-norm solution u of
 * w·Tᵀu = v − g having ‖u‖ ≤ 1.
 */
final class NormCertificate {

    private NormCertificate() {
    }

    static Certification decide(Certifier.Result r) {
        AbsNormalForm f = r.f();
        Map<Integer, EuclideanNorm> norms = new HashMap<>();
        for (EuclideanNorm e : f.norms()) {
            norms.put(e.index(), e);
        }
        int[] alpha = f.active();
        for (int i : alpha) {
            if (!norms.containsKey(i)) {
                return r.done(Verdict.UNKNOWN, null, null, -1, "first-order analysis",
                        "not abs-smooth at the point: a Euclidean norm at 0 together with another active kink");
            }
        }
        int n = f.n();
        double[] y = Arrangement.outputRow(f);
        double[] g = java.util.Arrays.copyOf(y, n);
        double scale = 1;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = Certifier.AGREEMENT * scale;
        int sign = 0;
        boolean mixed = false;
        double[] w = new double[alpha.length];
        for (int k = 0; k < alpha.length; k++) {
            w[k] = y[n + k];
            if (Math.abs(w[k]) > tol) {
                int s = w[k] > 0 ? 1 : -1;
                mixed |= sign != 0 && s != sign;
                sign = s;
            }
        }
        String method = "Euclidean norm at 0: Clarke gradient g + w·Tᵀ·B (chain rule, the norm is regular)";
        if (sign == 0) {
            return r.differentiable(g, -1, method + "; every weight w is 0");
        }
        if (mixed) {
            return r.done(Verdict.UNKNOWN, null, null, -1, method,
                    "Euclidean norms at 0 with weights of both signs: the chain rule gives only an inclusion");
        }
        if (Certifier.agree(r.ad(), g)) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1, method + "; AD is its centre g", "");
        }
        if (alpha.length > 1) {
            return r.done(Verdict.UNKNOWN, null, g, -1, method,
                    "AD differs from the centre of a sum of several norm balls; membership is not decided");
        }
        boolean in = inEllipsoid(norms.get(alpha[0]).jacobian(), w[0], r.ad(), g, tol);
        return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                in ? r.ad() : g, -1, method + (in ? "; AD inside it" : "; AD outside it"), "");
    }

    /** Whether v − g = w·Tᵀu for some ‖u‖ ≤ 1 (minimum-norm least squares, consistency within tol). */
    private static boolean inEllipsoid(double[][] t, double w, double[] v, double[] g, double tol) {
        RealMatrix m = MatrixUtils.createRealMatrix(t).transpose().scalarMultiply(w);
        RealVector rhs = MatrixUtils.createRealVector(v).subtract(MatrixUtils.createRealVector(g));
        if (!rhs.isNaN() && !rhs.isInfinite()) {
            RealVector u = new SingularValueDecomposition(m).getSolver().solve(rhs);
            return m.operate(u).subtract(rhs).getLInfNorm() <= tol && u.getNorm() <= 1 + 1e-9;
        }
        return false;
    }
}
