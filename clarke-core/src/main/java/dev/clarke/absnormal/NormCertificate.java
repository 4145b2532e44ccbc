package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The verdict for a form with Euclidean norms at their zero ({@link EuclideanNorm}) and no other
 * active kink ({@link NormsWithKinks} takes those with other kinks). Near the point f = φ(x, N₁(x), …) with φ smooth and N_j(x) = ‖t_j(x)‖, t_j smooth and
 * zero there with Jacobian T_j; the norm is convex, so N_j is regular with ∂N_j = T_jᵀ·B (Clarke
 * 2.3.10). When every weight w_j = ∂φ/∂N_j has one sign, Clarke's chain rule 2.3.9 holds with
 * equality (for negative weights, applied to −f), so
 * <pre>
 *   ∂f(x̊) = g + Σ_j w_j·T_jᵀ·B,        g = ∂φ/∂x
 * </pre>
 * a singleton (f strictly differentiable, derivative g) exactly when every w_j·T_j = 0. Reverse mode
 * multiplies the configured sqrt′(0) by Σ 2·t_k·∇t_k = 0, so it returns g for any finite value, the
 * centre of the set. With one norm, membership of any value v is the minimum-norm solution u of
 * w·Tᵀu = v − g having ‖u‖ ≤ 1; with several, {@link CuttingPlanes} on the sum's exact support
 * function v·g + Σ |w_j|·‖T_j·v‖. With weights of both signs the chain rule gives only an inclusion,
 * but g is still the mean of the gradients at d₀ and −d₀ for any d₀ where every norm is smooth, so
 * AD's value g is a Clarke subgradient; f is differentiable exactly when the norms cancel
 * ({@code normsMove}). Another value is tested against the hull of the gradients g + Σ w_j·T_jᵀu_j(d)
 * when every norm has full column rank: along the circle in two inputs ({@link PlaneNorms}), over the
 * sphere in three to six ({@link SphereNorms}).
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
                return NormsWithKinks.decide(r, norms);
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
            java.util.List<double[][]> ts = new java.util.ArrayList<>();
            java.util.List<Double> ws = new java.util.ArrayList<>();
            for (int k = 0; k < alpha.length; k++) {
                ts.add(norms.get(alpha[k]).jacobian());
                ws.add(w[k]);
            }
            String both = "Euclidean norms at 0 with weights of both signs";
            if (!normsMove(ts, ws, tol)) {
                return r.differentiable(g, -1, both + ": the weights of equal norms cancel, so the norms' sum is 0");
            }
            if (Certifier.agree(r.ad(), g)) {
                return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1, both + ": AD is g, the mean of the"
                        + " gradients at d and −d for any d where every norm is smooth", "");
            }
            if (n == 2 && ts.stream().allMatch(t -> ExactRank.rank(t) == 2)) {   // the plane: the curves' bracketed support
                Arrangement plane = new Arrangement(false, g, List.of(), List.of(), List.of(), List.of(), List.of());
                CuttingPlanes.Answer a = PlaneNorms.decide(plane, ts, ws, r.ad(), tol);
                if (a.side() != PlaneSupport.Side.UNDECIDED) {
                    boolean in = a.side() == PlaneSupport.Side.INSIDE;
                    return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                            in ? r.ad() : g, -1, both + " in the plane: the hull of the gradient curve g + Σ w·Tᵀu(θ), its"
                            + " support function bracketed (" + a.planes() + " cutting planes): AD " + (in ? "inside" : "outside")
                            + " it", "");
                }
            }
            if (n > 2 && NormsWithKinks.fullRank(ts, n)) {   // the sphere: the same, by branch and bound
                Arrangement none = new Arrangement(false, g, List.of(), List.of(), List.of(), List.of(), List.of());
                CuttingPlanes.Answer a = n <= SphereNorms.MAX_INPUTS ? SphereNorms.decide(none, ts, ws, r.ad(), tol) : null;
                if (a != null && a.side() != PlaneSupport.Side.UNDECIDED) {
                    boolean in = a.side() == PlaneSupport.Side.INSIDE;
                    return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                            in ? r.ad() : g, -1, both + " in " + n + " inputs: the hull of the gradients g + Σ w·Tᵀu(d) over"
                            + " the sphere, its support function bracketed by branch and bound (" + a.planes()
                            + " cutting planes): AD " + (in ? "inside" : "outside") + " it", "");
                }
                return r.done(Verdict.UNKNOWN, null, g, -1, method, both + " and AD not at their centre g; "
                        + SphereNorms.budget(n, a));
            }
            return r.done(Verdict.UNKNOWN, null, null, -1, method, both + " and AD not at their centre g: the chain rule"
                    + " gives only an inclusion, so whether AD's value is a Clarke subgradient is not decided");
        }
        if (Certifier.agree(r.ad(), g)) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1, method + "; AD is its centre g", "");
        }
        if (alpha.length > 1) {
            java.util.List<double[][]> ts = new java.util.ArrayList<>();
            java.util.List<Double> ws = new java.util.ArrayList<>();
            for (int k = 0; k < alpha.length; k++) {
                ts.add(norms.get(alpha[k]).jacobian());
                ws.add(w[k]);
            }
            CuttingPlanes.Answer a = CuttingPlanes.decide(v -> {
                double[] point = g.clone();
                double h = Vectors.dot(v, g) + OneSigned.addBalls(ts, ws, v, point);
                return new double[][] {{h}, point};
            }, r.ad(), tol);
            String sum = method + "; a sum of " + alpha.length + " norm balls, decided on its exact support function"
                    + " v·g + Σ |w_j|·‖T_j·v‖ (" + a.planes() + " cutting planes)";
            switch (a.side()) {
                case INSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1, sum + "; AD inside it", "");
                case OUTSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, g, -1, sum + "; AD outside it", "");
                default:
                    return r.done(Verdict.UNKNOWN, null, g, -1, method, "work budget: " + a.planes() + " cutting planes"
                            + " neither reached nor separated AD's value (within about " + tol + " of the boundary of the"
                            + " sum of norm balls, or more than " + CuttingPlanes.DIMENSIONS + " inputs)");
            }
        }
        boolean in = inEllipsoid(norms.get(alpha[0]).jacobian(), w[0], r.ad(), g, tol);
        return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                in ? r.ad() : g, -1, method + (in ? "; AD inside it" : "; AD outside it"), "");
    }

    /**
     * Whether Σ w_j·‖T_j·d‖ is not identically 0. ‖T·d‖ = sqrt(dᵀMd) with M = TᵀT, and equal norms up
     * to scale (M_i = λ·M_j) merge into one with weight w_i·√λ + w_j; square roots of pairwise
     * non-proportional forms of rank ≥ 2 are linearly independent (on a generic plane each has its own
     * complex branch points, where the others are analytic), so the sum is 0 exactly when every
     * merged weight is.
     */
    static boolean normsMove(java.util.List<double[][]> ts, java.util.List<Double> ws, double tol) {
        java.util.List<double[][]> forms = new java.util.ArrayList<>();
        java.util.List<Double> weights = new java.util.ArrayList<>();
        for (int j = 0; j < ts.size(); j++) {
            double[][] m = MatrixUtils.createRealMatrix(ts.get(j)).transpose().multiply(MatrixUtils.createRealMatrix(ts.get(j)))
                    .getData();
            double top = maxAbs(m);
            if (top == 0) {
                continue;
            }
            int found = -1;
            for (int i = 0; i < forms.size() && found < 0; i++) {
                if (proportional(forms.get(i), m)) {
                    found = i;
                }
            }
            double w = ws.get(j);
            if (found < 0) {
                forms.add(m);
                weights.add(w);
            } else {
                weights.set(found, weights.get(found) + w * Math.sqrt(top / maxAbs(forms.get(found))));
            }
        }
        for (double w : weights) {
            if (Math.abs(w) > tol) {
                return true;
            }
        }
        return false;
    }

    private static double maxAbs(double[][] m) {
        double top = 0;
        for (double[] row : m) {
            for (double v : row) {
                top = Math.max(top, Math.abs(v));
            }
        }
        return top;
    }

    /** Whether a = λ·b for some λ &gt; 0, compared after scaling both to max-norm 1. */
    private static boolean proportional(double[][] a, double[][] b) {
        double sa = maxAbs(a);
        double sb = maxAbs(b);
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                if (Math.abs(a[i][c] / sa - b[i][c] / sb) > 1e-9) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An orthonormal basis of {d : â·d = 0 for every row} (columns), by SVD. */
    static double[][] kernel(java.util.List<double[]> rows, int n) {
        double[][] m = new double[Math.max(rows.size(), n)][n];
        for (int i = 0; i < rows.size(); i++) {
            m[i] = rows.get(i).clone();
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(m));
        double[] sv = svd.getSingularValues();
        RealMatrix v = svd.getV();
        java.util.List<double[]> basis = new java.util.ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (c >= sv.length || sv[c] <= Likq.TOLERANCE * Math.max(1, sv[0])) {
                basis.add(v.getColumn(c));
            }
        }
        return basis.toArray(new double[0][]);
    }

    /** Whether T·v ≠ 0 for some basis vector v of the kernel (then for generic d₀ in it). */
    static boolean movesOn(double[][] t, double[][] kernel, double tol) {
        for (double[] v : kernel) {
            for (double[] row : t) {
                double s = 0;
                for (int c = 0; c < v.length; c++) {
                    s += row[c] * v[c];
                }
                if (Math.abs(s) > Math.max(tol, 1e-9)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether v − g = w·Tᵀu for some ‖u‖ ≤ 1 (minimum-norm least squares, consistency within tol). */
    static boolean inEllipsoid(double[][] t, double w, double[] v, double[] g, double tol) {
        RealMatrix m = MatrixUtils.createRealMatrix(t).transpose().scalarMultiply(w);
        RealVector rhs = MatrixUtils.createRealVector(v).subtract(MatrixUtils.createRealVector(g));
        if (!rhs.isNaN() && !rhs.isInfinite()) {
            RealVector u = new SingularValueDecomposition(m).getSolver().solve(rhs);
            return m.operate(u).subtract(rhs).getLInfNorm() <= tol && u.getNorm() <= 1 + 1e-9;
        }
        return false;
    }
}
