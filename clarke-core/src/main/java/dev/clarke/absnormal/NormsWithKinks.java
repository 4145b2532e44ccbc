package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Euclidean norms at their zero together with other active kinks, none nested. The model is
 * <pre>
 *   f̂(d) = g₀·d + Σ_k C_k·|â_k·d| + Σ_j w_j·‖T_j·d‖
 * </pre>
 * ({@link Arrangement}: the norms' switching rows are zero, so they do not enter it). Three facts
 * decide it, each sound for f itself (the gradient of f at x̊ + εd tends to the model's at d as
 * ε → 0 for any d off the hyperplanes â_k·d = 0 and the kernels ker T_j):
 * <ol>
 *   <li><b>Differentiable</b> exactly when every merged C_k = 0 and the norms' merged weights are 0
 *       (the norms are smooth at generic points of each hyperplane, their non-smooth sets having
 *       codimension ≥ 2; {@link NormCertificate#normsMove}).</li>
 *   <li><b>Inner:</b> f̂ − g₀·d is even, so its gradients at d and −d are opposite and g₀ is the mean
 *       of two limiting gradients: g₀ ∈ ∂f(x̊) always. If some d₀ on K = {â_k·d = 0 for all k} has
 *       every T_j·d₀ ≠ 0, every realisable cell σ of the central arrangement has K in its closure,
 *       so near d₀ and −d₀ the gradients P_σ ± Σ w_j·T_jᵀu_j (u_j the unit vector of T_j·d₀, and
 *       P_σ = g₀ + Σ C_k·σ_k·â_k) are limiting gradients, and their mean P_σ is in ∂f(x̊): the hull
 *       of the realisable P_σ lies in the Clarke gradient, whether or not the â_k are independent.</li>
 *   <li><b>Outer:</b> every limiting gradient is g₀ + Σ_i c_i·σ_i·a_i + Σ_j w_j·T_jᵀu_j with
 *       σ_i ∈ {±1} (for every pattern of the unmerged kinks, which a cusp between tangent zero sets
 *       can realise) and ‖u_j‖ ≤ 1, with u_j's coordinates keeping the signs the rows of T_j have on
 *       the pattern's closed cone ({@link NormOuterBound}): AD's value outside the hull of those
 *       sets is not a Clarke subgradient.</li>
 * </ol>
 * Between the inner hull and the outer bound the norms may or may not reach AD's value: then
 * the verdict is {@code UNKNOWN}, saying so. It never claims more than these facts give.
 */
final class NormsWithKinks {

    private static final String METHOD = "Euclidean norm at 0 with other kinks: model g₀·d + Σ C·|â·d| + Σ w·‖T·d‖";

    private NormsWithKinks() {
    }

    static Certification decide(Certifier.Result r, Map<Integer, EuclideanNorm> norms) {
        AbsNormalForm f = r.f();
        Arrangement a = Arrangement.of(f);
        if (a.nested()) {
            return NestedNorms.decide(r, norms, METHOD + ", nested kinks");
        }
        int n = f.n();
        int[] alpha = f.active();
        double[] y = Arrangement.outputRow(f);
        double scale = 1;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = Certifier.AGREEMENT * scale;
        List<double[][]> ts = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        List<Boolean> exactNorms = new ArrayList<>();
        for (int k = 0; k < alpha.length; k++) {
            if (norms.containsKey(alpha[k]) && Math.abs(y[n + k]) > tol) {
                exactNorms.add(norms.get(alpha[k]).exact());
                ts.add(norms.get(alpha[k]).jacobian());
                ws.add(y[n + k]);
            }
        }
        if (!NormCertificate.normsMove(ts, ws, tol) && a.linear(tol)) {
            return r.differentiable(a.g0(), -1, METHOD + "; every merged C and every norm weight is 0");
        }
        String ndf = "not differentiable (" + (a.linear(tol) ? "norms whose weights do not cancel" : "a kink whose merged"
                + " coefficient is not 0") + ")";
        double[] ad = r.ad();
        if (!finite(ad)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, a.g0(), -1, METHOD
                    + "; AD's value is not finite, and g₀ is a Clarke subgradient", "");
        }
        if (Certifier.agree(ad, a.g0())) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, METHOD
                    + "; AD is g₀, the mean of the gradients at d and −d (f̂ − g₀·d is even)", "");
        }
        boolean moves = movesOnK(a, ts, n, tol);
        if (moves && a.rows().size() <= Certifier.ENUMERATION_LIMIT) {
            List<double[]> cells = a.realisablePatterns();
            List<double[]> pieces = new ArrayList<>();
            for (double[] sigma : cells) {
                pieces.add(a.pieceGradient(sigma));
            }
            if (Realisability.inHull(pieces, ad, Certifier.tolerance(pieces, ad))) {
                return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, cells.size(), METHOD + "; AD in the hull of the "
                        + cells.size() + " realisable piece gradients, each the mean of limiting gradients near d₀ and −d₀"
                        + " on the kinks' intersection, where every norm is smooth", "");
            }
        }
        boolean exact = true;
        for (int i : alpha) {
            exact &= norms.containsKey(i) || f.switching().get(i).exact();
        }
        PlaneSupport.Side side = exact && ts.size() == 1 ? PlaneSupport.decide(a, ts.get(0), ws.get(0), ad,
                Certifier.AGREEMENT) : null;
        if (side == PlaneSupport.Side.INSIDE) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, METHOD + "; AD inside the hull of the cells'"
                    + " arcs P_σ + w·Tᵀu (the plane's exact support function, bounded over every direction)", "");
        }
        if (side == PlaneSupport.Side.OUTSIDE) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, a.g0(), -1, METHOD + "; a direction v with"
                    + " v·AD above the exact support function of the cells' arcs P_σ + w·Tᵀu separates AD", "");
        }
        List<double[]> seen = sampledGradients(a, ts, ws, n);
        if (Realisability.inHull(seen, ad, Certifier.tolerance(seen, ad))) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, METHOD + "; AD in the hull of " + seen.size()
                    + " limiting gradients, the model's gradients along rays off every kink and every norm's kernel", "");
        }
        if (!NormOuterBound.contains(a, ts, ws, ad, Math.max(tol, Certifier.AGREEMENT), exact, exactNorms)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, a.g0(), -1, METHOD + "; AD outside the hull of"
                    + " P_σ + Σ w·Tᵀ·U_σ over the kinks' sign patterns σ, which holds every limiting gradient", "");
        }
        CuttingPlanes.Answer one = OneSigned.decide(a, ts, ws, ad, tol);
        if (one != null && one.side() != PlaneSupport.Side.UNDECIDED) {
            boolean in = one.side() == PlaneSupport.Side.INSIDE;
            return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, in ? ad : a.g0(),
                    -1, METHOD + "; every kink's and norm's weight has one sign, so f is regular and its Clarke gradient is"
                    + " g₀ + Σ |c|·[−1, 1]·a + Σ |w|·Tᵀ·B (chain rule with equality; exact support function, " + one.planes()
                    + " cutting planes): AD " + (in ? "inside" : "outside") + " it", "");
        }
        if (exact && n == 2 && ts.size() > 1 && fullRank(ts, n)) {
            CuttingPlanes.Answer p = PlaneNorms.decide(a, ts, ws, ad, tol);
            if (p.side() != PlaneSupport.Side.UNDECIDED) {
                boolean in = p.side() == PlaneSupport.Side.INSIDE;
                return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                        in ? ad : a.g0(), -1, METHOD + "; " + ts.size() + " norms in the plane: the hull of the cells' curves"
                        + " P_σ + Σ w·Tᵀu(θ), its support function bracketed on a grid with a curvature bound ("
                        + p.planes() + " cutting planes): AD " + (in ? "inside" : "outside") + " it", "");
            }
        }
        if (exact && n > 2 && ts.size() > 1 && fullRank(ts, n)) {
            CuttingPlanes.Answer p = n <= SphereNorms.MAX_INPUTS ? SphereNorms.decide(a, ts, ws, ad, tol) : null;
            if (p != null && p.side() != PlaneSupport.Side.UNDECIDED) {
                boolean in = p.side() == PlaneSupport.Side.INSIDE;
                return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                        in ? ad : a.g0(), -1, METHOD + "; " + ts.size() + " norms in " + n + " inputs: the hull of the cells'"
                        + " gradients P_σ + Σ w·Tᵀu(d) over the sphere, its support function bracketed by branch and bound ("
                        + p.planes() + " cutting planes): AD " + (in ? "inside" : "outside") + " it", "");
            }
            return r.done(Verdict.UNKNOWN, null, a.g0(), -1, METHOD, ndf + "; " + SphereNorms.budget(n, p));
        }
        boolean direction = ts.size() == 1 && (exactNorms.get(0) || NormCertificate.kernel(List.of(ts.get(0)), n).length == 0);
        if (exact && direction && n > 2 && a.rows().size() <= Certifier.ENUMERATION_LIMIT) {
            CuttingPlanes.Answer c = ConeSupport.decide(a, ts.get(0), ws.get(0), ad, tol);
            String planes = " (exact support function of the cells' sets P_σ + w·Tᵀ·(T·K_σ ∩ sphere), " + c.planes()
                    + " cutting planes)";
            switch (c.side()) {
                case INSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, METHOD + "; AD in the hull of limiting"
                            + " gradients" + planes, "");
                case OUTSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, a.g0(), -1, METHOD + "; a direction v with"
                            + " v·AD above the support function separates AD" + planes, "");
                default:
                    return r.done(Verdict.UNKNOWN, null, a.g0(), -1, METHOD, ndf + "; work budget: the exact support"
                            + " function neither reached nor separated AD's value in " + c.planes() + " cutting planes"
                            + " (it lies within about " + tol + " of the Clarke gradient's boundary, the cells' rays"
                            + " exceed " + ConeSupport.RAY_WORK + " candidates, or there are more than "
                            + CuttingPlanes.DIMENSIONS + " inputs)");
            }
        }
        return r.done(Verdict.UNKNOWN, null, a.g0(), -1, METHOD, ndf + "; AD's value lies outside the "
                + (moves ? "hull of the realisable piece gradients" : "part of the Clarke gradient shown (g₀: a norm vanishes"
                + " where the kinks meet)") + " and of the gradients sampled along rays, but inside the outer bound"
                + " (the hull of P_σ + Σ w·Tᵀ·U_σ), so the norms may still reach it");
    }

    /** Whether every norm's Jacobian has rank n over the n inputs (its kernel is {0}). */
    static boolean fullRank(List<double[][]> ts, int n) {
        for (double[][] t : ts) {
            if (ExactRank.rank(t) != n) {
                return false;
            }
        }
        return true;
    }

    /** Rays sampled per input dimension for {@link #sampledGradients}, up to {@link #MAX_RAYS}. */
    static final int RAYS_PER_DIMENSION = 512;
    /** At most this many rays: each is a column of the hull LP. */
    static final int MAX_RAYS = 2048;

    /**
     * Limiting gradients of f at x̊: along a ray x̊ + ε·d with every â_k·d ≠ 0 and every T_j·d ≠ 0,
     * f is differentiable for small ε and its gradient tends to the model's at d,
     * g₀ + Σ C_k·sign(â_k·d)·â_k + Σ w_j·T_jᵀT_j·d/‖T_j·d‖ (the kinks keep the signs of their
     * linear parts, the norms' gradients t/‖t‖ tend to their linearisation's). Each sample is
     * therefore an exact element of the set whose hull is ∂f(x̊); the directions are pseudo-random
     * with a fixed seed (evenly spaced on the circle in two dimensions), so verdicts reproduce.
     */
    static List<double[]> sampledGradients(Arrangement a, List<double[][]> ts, List<Double> ws, int n) {
        List<double[]> out = new ArrayList<>();
        out.add(a.g0().clone());
        for (double[] d : rays(n)) {
            double[] g = kinkGradientAlong(a, d);
            if (g != null && addNormGradients(g, ts, ws, d)) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The sample directions: {@code min(RAYS_PER_DIMENSION·n, MAX_RAYS)} of them, evenly spaced on the
     * circle in two dimensions, else pseudo-random with a fixed seed, so verdicts reproduce.
     */
    static double[][] rays(int n) {
        int count = Math.min(RAYS_PER_DIMENSION * n, MAX_RAYS);
        java.util.Random rnd = new java.util.Random(20_241_205L);
        double[][] out = new double[count][n];
        for (int s = 0; s < count; s++) {
            if (n == 2) {
                double angle = 2 * Math.PI * (s + 0.5) / count;
                out[s][0] = Math.cos(angle);
                out[s][1] = Math.sin(angle);
            } else {
                for (int c = 0; c < n; c++) {
                    out[s][c] = rnd.nextGaussian();
                }
            }
        }
        return out;
    }

    /** g₀ + Σ C_k·sign(â_k·d)·â_k, or null when d is on a kink's hyperplane (numerically). */
    private static double[] kinkGradientAlong(Arrangement a, double[] d) {
        double[] g = a.g0().clone();
        for (int k = 0; k < a.rows().size(); k++) {
            double side = Vectors.dot(a.rows().get(k), d);
            if (Math.abs(side) < 1e-6) {
                return null;
            }
            double c = a.coef().get(k) * Math.signum(side);
            for (int x = 0; x < g.length; x++) {
                g[x] += c * a.rows().get(k)[x];
            }
        }
        return g;
    }

    /**
     * Adds the norms' gradients along d, Σ w_j·T_jᵀT_j·d/‖T_j·d‖, to g; false (g then unusable) when d
     * lies in a norm's kernel (numerically), where the norm has no gradient.
     */
    static boolean addNormGradients(double[] g, List<double[][]> ts, List<Double> ws, double[] d) {
        for (int j = 0; j < ts.size(); j++) {
            if (Vectors.addNormGradient(g, ts.get(j), ws.get(j), d) < 1e-6 * Math.sqrt(Vectors.dot(d, d))) {
                return false;   // g is then unusable anyway
            }
        }
        return true;
    }

    /** Whether some d₀ with â_k·d₀ = 0 for every k has T_j·d₀ ≠ 0 for every norm j (then a generic one does). */
    private static boolean movesOnK(Arrangement a, List<double[][]> ts, int n, double tol) {
        double[][] kernel = NormCertificate.kernel(a.rows(), n);
        for (double[][] t : ts) {
            if (!NormCertificate.movesOn(t, kernel, tol)) {
                return false;
            }
        }
        return true;
    }

    static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
