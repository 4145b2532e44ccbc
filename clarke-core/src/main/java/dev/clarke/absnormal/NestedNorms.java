package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Euclidean norms at 0 next to active kinks that feed each other (relu(relu(x) − y) beside ‖(x, y)‖),
 * the norms feeding no kink. The model is f̂(d) = K(d) + Σ_j w_j·‖T_j·d‖ with K the nested
 * piecewise-linear part: along a ray d off every kink and kernel its gradient is
 * G(σ(d)) + Σ_j w_j·T_jᵀT_j·d/‖T_j·d‖, σ(d) the signs the abs-normal recursion
 * δz_i = Z_i·d + Σ_{j&lt;i} L_ij·δ|z_j| gives, and that is a limiting gradient of f (f is differentiable
 * at x̊ + ε·d for small ε and its gradient tends to it). Inner: AD in the hull of such gradients
 * sampled along rays is a Clarke subgradient. Outer: every limiting gradient is some G(σ) — over
 * all 2^k patterns of the active kinks, cusps included — plus Σ_j w_j·T_jᵀu_j with ‖u_j‖ ≤ 1, so AD
 * outside conv{G(σ)} + Σ |w_j|·T_jᵀ·[−1, 1]^r is not one. Between the two, with one norm and every
 * active kink exact ({@link Switching#exact}), the cells are polyhedral ({@link NestedCells}) and
 * {@link ConeSupport} decides exactly; otherwise, in two to six inputs with norms of full rank and
 * few exact kinks, the bracketed support function of {@link NormsInKinks#bracket} decides, and beyond
 * that {@code UNKNOWN}. Norms inside kinks' arguments go to {@link NormsInKinks}.
 */
final class NestedNorms {

    /** At most this many active kinks for the outer bound's 2^k patterns. */
    static final int PATTERN_LIMIT = 8;

    private NestedNorms() {
    }

    static Certification decide(Certifier.Result r, Map<Integer, EuclideanNorm> norms, String method) {
        AbsNormalForm f = r.f();
        int n = f.n();
        int s = f.s();
        if (NormsInKinks.any(f, norms)) {
            return NormsInKinks.decide(r, norms, method);
        }
        List<double[][]> ts = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        List<Boolean> affine = new ArrayList<>();   // per norm in ts: whether its arguments are affine
        double scale = 1;
        for (int j : norms.keySet()) {
            scale = Math.max(scale, Math.abs(f.Y()[0][j]));
        }
        for (int j : norms.keySet()) {
            if (Math.abs(f.Y()[0][j]) > Certifier.AGREEMENT * scale) {
                ts.add(norms.get(j).jacobian());
                affine.add(norms.get(j).exact());
                ws.add(f.Y()[0][j]);
            }
        }
        if (!NormCertificate.normsMove(ts, ws, Certifier.AGREEMENT * scale)) {
            return kinksAlone(r, norms, ts.isEmpty(), method);
        }
        String ndf = "not differentiable (norms whose weights do not cancel, beside a piecewise-linear part)";
        double[] ad = r.ad();
        if (!NormsWithKinks.finite(ad)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, null, -1, method + "; AD's value is not finite", "");
        }
        List<double[]> seen = rays(f, norms, ts, ws);
        if (!seen.isEmpty() && Realisability.inHull(seen, ad, Certifier.tolerance(seen, ad))) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, method + "; " + ndf + "; AD in the hull of "
                    + seen.size() + " limiting gradients along rays (nested kinks, first-order signs)", "");
        }
        int[] kinks = f.active();
        List<Integer> free = new ArrayList<>();
        for (int i : kinks) {
            if (!norms.containsKey(i)) {
                free.add(i);
            }
        }
        if (free.size() <= PATTERN_LIMIT && !outerContains(f, free, ts, ws, ad)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, seen.isEmpty() ? null : seen.get(0), -1, method
                    + "; " + ndf + "; AD outside conv{G(σ)} + Σ |w|·Tᵀ·[−1, 1]^r over every sign pattern", "");
        }
        boolean exact = free.size() <= PATTERN_LIMIT && ts.size() == 1;
        for (int i : free) {
            exact &= f.switching().get(i).exact();
        }
        double[][] t = ts.isEmpty() ? null : ts.get(0);
        if (exact && (affine.get(0) || NormCertificate.kernel(List.of(t), n).length == 0)) {
            NestedCells.Cells cells = NestedCells.of(f, norms.keySet(), free);
            CuttingPlanes.Answer a = ConeSupport.decide(cells.pieces(), cells.cones(), t, ws.get(0), ad,
                    Certifier.AGREEMENT * scale);
            String planes = " (exact support function over the " + cells.pieces().size() + " cells of the nested kinks, "
                    + a.planes() + " cutting planes)";
            switch (a.side()) {
                case INSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, method + "; " + ndf
                            + "; AD in the hull of limiting gradients" + planes, "");
                case OUTSIDE:
                    return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, seen.isEmpty() ? null : seen.get(0), -1,
                            method + "; " + ndf + "; a direction v with v·AD above the support function separates AD" + planes, "");
                default:
                    return r.done(Verdict.UNKNOWN, null, seen.isEmpty() ? null : seen.get(0), -1, method, ndf
                            + "; work budget: the exact support function neither reached nor separated AD's value in "
                            + a.planes() + " cutting planes (or there are more than " + CuttingPlanes.DIMENSIONS + " inputs)");
            }
        }
        Certification bracket = seen.isEmpty() ? null : NormsInKinks.bracket(r, norms, free, method + "; " + ndf, seen.get(0));
        if (bracket != null) {
            return bracket;
        }
        return r.done(Verdict.UNKNOWN, null, seen.isEmpty() ? null : seen.get(0), -1, method, ndf + "; AD's value lies"
                + " outside the gradients sampled along rays but inside the sum of the kinks' and the norms' bounds, so"
                + " the norms may still reach it");
    }

    /**
     * The norms drop out: every weight is 0 (a term φ(x, N) with ∂φ/∂N → 0 and N Lipschitz has a
     * gradient tending to 0), or the weights cancel and every norm has affine arguments (then the
     * norms' sum is 0 near the point, not only to first order: two norms of curved arguments that
     * agree to first order still turn apart near their kernels). With every active kink exact the
     * realisable cells' piece gradients ({@link NestedCells}) are all the limiting gradients: one
     * distinct piece is the derivative, else the Clarke gradient is their hull.
     */
    private static Certification kinksAlone(Certifier.Result r, Map<Integer, EuclideanNorm> norms, boolean allZero,
                                            String method) {
        AbsNormalForm f = r.f();
        List<Integer> free = new ArrayList<>();
        boolean exact = true;
        for (int i : f.active()) {
            if (!norms.containsKey(i)) {
                free.add(i);
                exact &= f.switching().get(i).exact();
            }
        }
        for (EuclideanNorm e : norms.values()) {
            exact &= allZero || e.exact();
        }
        if (!exact || free.size() > PATTERN_LIMIT) {
            return r.done(Verdict.UNKNOWN, null, null, -1, method, "nested active kinks beside Euclidean norms whose"
                    + " weights cancel, with a curved kink or norm argument (or more than " + PATTERN_LIMIT
                    + " kinks): the norms need not cancel near the point, and the kinks' cells are not all known");
        }
        NestedCells.Cells cells = NestedCells.of(f, norms.keySet(), free);
        List<double[]> pieces = new ArrayList<>();
        for (double[] g : cells.pieces()) {
            if (pieces.stream().noneMatch(h -> Certifier.agree(g, h))) {
                pieces.add(g);
            }
        }
        String how = method + "; the norms drop out (" + (allZero ? "every weight 0" : "weights cancelling, affine arguments")
                + "), and the nested kinks' " + cells.pieces().size() + " cells give " + pieces.size() + " piece gradient(s)";
        if (pieces.size() == 1) {
            return r.differentiable(pieces.get(0), cells.pieces().size(), how);
        }
        boolean in = Realisability.inHull(pieces, r.ad(), Certifier.tolerance(pieces, r.ad()));
        return r.done(in ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null,
                in ? r.ad() : pieces.get(0), cells.pieces().size(), how + "; AD " + (in ? "inside" : "outside") + " their hull", "");
    }

    /** Limiting gradients (or means of two) along up to 2,048 pseudo-random rays (fixed seed), skipping rays in a norm's kernel. */
    private static List<double[]> rays(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, List<double[][]> ts,
                                       List<Double> ws) {
        int n = f.n();
        int s = f.s();
        List<double[]> out = new ArrayList<>();
        double[] z0 = f.z();
        for (double[] d : NormsWithKinks.rays(n)) {
            double[] dz = new double[s];
            double[] sigma = new double[s];
            for (int i = 0; i < s; i++) {
                double v = 0;
                for (int c = 0; c < n; c++) {
                    v += f.Z()[i][c] * d[c];
                }
                for (int j = 0; j < i; j++) {
                    double l = f.L()[i][j];
                    if (l != 0) {
                        v += l * (z0[j] != 0 ? Math.signum(z0[j]) * dz[j] : Math.abs(dz[j]));
                    }
                }
                dz[i] = v;
                if (z0[i] != 0) {
                    sigma[i] = Math.signum(z0[i]);
                } else if (norms.containsKey(i)) {
                    sigma[i] = 0; // a zero row: its |z| is the norm, added below
                } else if (Math.abs(v) < 1e-9) {
                    // z_i vanishes along d: on a whole sector (relu(relu(u) − u) for u > 0) |z_i| is 0 there,
                    // so σ_i = 0 is its gradient; on a boundary ray G is multi-affine in σ_i, and σ_i = 0
                    // gives the mean of the two sides' limiting gradients, still in the hull
                    sigma[i] = 0;
                } else {
                    sigma[i] = Math.signum(v);
                }
            }
            double[] g = f.gradient(sigma)[0];
            if (NormsWithKinks.addNormGradients(g, ts, ws, d)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Whether ad ∈ conv{G(σ) : σ over the free kinks} + Σ |w_j|·T_jᵀ·[−1, 1]^r (one LP). */
    private static boolean outerContains(AbsNormalForm f, List<Integer> free, List<double[][]> ts, List<Double> ws,
                                         double[] ad) {
        List<double[]> pieces = new ArrayList<>();
        for (long bits = 0; bits < (1L << free.size()); bits++) {
            double[] sigma = f.signature();
            for (int k = 0; k < free.size(); k++) {
                sigma[free.get(k)] = ((bits >> k) & 1) == 0 ? 1 : -1;
            }
            pieces.add(f.gradient(sigma)[0]);
        }
        List<double[]> generators = new ArrayList<>();
        for (int j = 0; j < ts.size(); j++) {
            for (double[] row : ts.get(j)) {
                double[] g = new double[row.length];
                for (int c = 0; c < row.length; c++) {
                    g[c] = Math.abs(ws.get(j)) * row[c];
                }
                generators.add(g);
            }
        }
        return Realisability.inHullPlusZonotope(pieces, generators, ad, Certifier.tolerance(pieces, ad));
    }
}
