package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Euclidean norms at 0 inside active kinks' arguments: relu(‖(x, y)‖), max(‖(x, y)‖, |x|),
 * |‖(x, y)‖ − x|. With ν_j = ‖T_j·d‖ standing for norm j's |z_j|, the model along a ray d is the
 * abs-normal recursion δz_i = Z_i·d + Σ_{j&lt;i} L_ij·δ|z_j|, now with curved cells (a kink's
 * argument holds a norm). Off every kink and norm kernel the recursion is differentiable in d, and
 * its gradient there — forward mode along the recursion, ∇ν_j = T_jᵀT_j·d/ν_j — is a limiting
 * gradient of f (at x̊ + ε·d the signs are the model's for small ε, and each norm's direction tends
 * to T_j·d/ν_j). Inner: AD in the hull of gradients sampled along rays, two of them different (so
 * f is not differentiable), is a Clarke subgradient. Outer: under one sign pattern σ of the free
 * kinks the model is P_σ·d + Σ_j W_σj·ν_j (W_σj the output's total derivative in ν_j through the
 * kinks), so every limiting gradient lies in P_σ + Σ_j W_σj·T_jᵀ·B for some σ, and AD outside
 * conv{P_σ} + Σ_j max_σ |W_σj|·T_jᵀ·[−1, 1]^r is not one. Between the two, the support function is
 * bracketed: on the circle ({@link PlaneKinkedNorms}, two inputs) or the sphere
 * ({@link SphereKinkedNorms}, three to six); beyond them, {@code UNKNOWN}.
 */
final class NormsInKinks {

    /** At most this many switching variables: each ray costs a forward pass of O(s²). */
    static final int SWITCHING = 400;

    private NormsInKinks() {
    }

    /** Whether some kink's argument (active or not) holds a norm's |z|. */
    static boolean any(AbsNormalForm f, Map<Integer, EuclideanNorm> norms) {
        for (int i = 0; i < f.s(); i++) {
            for (int j : norms.keySet()) {
                if (j < i && f.L()[i][j] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    static Certification decide(Certifier.Result r, Map<Integer, EuclideanNorm> norms, String method) {
        AbsNormalForm f = r.f();
        String how = method + ", a norm inside a kink's argument";
        List<Integer> fixed = new ArrayList<>();
        AbsNormalForm linear = withSignDefiniteKinks(f, norms, fixed);
        if (linear != null && !anyActive(linear, norms)) {
            Certification c = NormCertificate.decide(new Certifier.Result(linear, r.ad(), r.likq()));
            return new Certification(c.verdict(), c.inputs(), c.ad(), c.derivative(), c.clarke(), c.likq(), c.activeKinks(),
                    c.realisable(), how + "; the kinks " + fixed + " never change sign near the point (a·d + c·‖T·d‖ is"
                    + " of one sign for every d), so they are linear there; then: " + c.method(), c.reason(), f);
        }
        double[] ad = r.ad();
        if (!NormsWithKinks.finite(ad)) {
            return r.done(Verdict.UNKNOWN, null, null, -1, how, "AD's value is not finite");
        }
        if (f.s() > SWITCHING) {
            return r.done(Verdict.UNKNOWN, null, null, -1, how, "work budget: more than " + SWITCHING
                    + " switching variables for the rays' forward mode");
        }
        List<double[]> seen = new ArrayList<>();
        for (double[] d : NormsWithKinks.rays(f.n())) {
            double[] g = gradientAlong(f, norms, d);
            if (g != null) {
                seen.add(g);
            }
        }
        boolean moves = false;
        for (double[] g : seen) {
            moves |= !Certifier.agree(g, seen.get(0));
        }
        if (moves && Realisability.inHull(seen, ad, Certifier.tolerance(seen, ad))) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, how + "; not differentiable (the gradients along"
                    + " rays differ); AD in the hull of " + seen.size() + " limiting gradients along rays", "");
        }
        List<Integer> free = new ArrayList<>();
        for (int i : f.active()) {
            if (!norms.containsKey(i)) {
                free.add(i);
            }
        }
        if (moves && free.size() <= NestedNorms.PATTERN_LIMIT && !outerContains(f, norms, free, ad)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, seen.get(0), -1, how + "; not differentiable (the"
                    + " gradients along rays differ); AD outside conv{P_σ} + Σ max_σ |W_σ|·Tᵀ·[−1, 1]^r over every sign"
                    + " pattern σ of the kinks, which holds every limiting gradient", "");
        }
        Certification bracket = moves ? bracket(r, norms, free, how + "; not differentiable (the gradients along rays"
                + " differ)", seen.get(0)) : null;
        if (bracket != null) {
            return bracket;
        }
        return r.done(Verdict.UNKNOWN, null, seen.isEmpty() ? null : seen.get(0), -1, how, moves
                ? "AD's value lies outside the gradients sampled along rays but inside the outer bound of every sign"
                        + " pattern (or there are more than " + NestedNorms.PATTERN_LIMIT + " kinks); the exact bracket"
                        + " needs two to " + SphereNorms.MAX_INPUTS + " inputs, norms of full rank, exact kinks, at most " + PlaneKinkedNorms.KINKS
                        + " active kinks and " + PlaneKinkedNorms.SWITCHING + " switching variables (work budget)"
                : "the gradients sampled along rays all agree: differentiability is not decided");
    }

    /**
     * The exact bracket of {@link PlaneKinkedNorms} (two inputs) or {@link SphereKinkedNorms} (three to
     * six) for a form known not to be differentiable, when it applies ({@link #bracketed}); else null.
     * {@code how} says how non-differentiability was shown; {@code element} is a limiting gradient.
     */
    static Certification bracket(Certifier.Result r, Map<Integer, EuclideanNorm> norms, List<Integer> free, String how,
                                 double[] element) {
        AbsNormalForm f = r.f();
        double[] ad = r.ad();
        if (!bracketed(f, norms, free)) {
            return null;
        }
        boolean flat = f.n() == 2;
        double tol = Certifier.AGREEMENT * Math.max(1, max(ad));
        CuttingPlanes.Answer a = flat ? PlaneKinkedNorms.decide(f, norms, ad, tol) : SphereKinkedNorms.decide(f, norms, ad, tol);
        String planes = (flat ? "; the plane's support function bracketed on " + PlaneKinkedNorms.STEPS + " directions per"
                + " sign pattern (" : "; the sphere's support function bracketed by branch and bound over the sign patterns"
                + " each patch allows (") + a.planes() + " cutting planes)";
        if (a.side() == PlaneSupport.Side.INSIDE) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, -1, how + "; AD in the hull of limiting gradients"
                    + planes, "");
        }
        if (a.side() == PlaneSupport.Side.OUTSIDE) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, element, -1, how + "; a direction v with v·AD above"
                    + " the support function's upper bound separates AD" + planes, "");
        }
        return r.done(Verdict.UNKNOWN, null, element, -1, how, "work budget: the " + (flat ? "plane's" : "sphere's")
                + " bracketed support function neither reached nor separated AD's value" + planes);
    }

    /**
     * Whether {@link PlaneKinkedNorms} (two inputs) or {@link SphereKinkedNorms} (three to six) applies:
     * exact norms of full column rank, few exact active kinks, few switching variables.
     */
    private static boolean bracketed(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, List<Integer> free) {
        if (f.n() < 2 || f.n() > SphereNorms.MAX_INPUTS || free.size() > PlaneKinkedNorms.KINKS
                || f.s() > PlaneKinkedNorms.SWITCHING) {
            return false;
        }
        for (int i : free) {
            if (!f.switching().get(i).exact()) {
                return false;
            }
        }
        for (EuclideanNorm e : norms.values()) {
            if (!e.exact() || ExactRank.rank(e.jacobian()) < f.n()) {
                return false;
            }
        }
        return true;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * The form with every active kink whose argument is a·d + c·‖T·d‖ of one sign for all d (one exact
     * norm, nothing else active in it) made inactive with that sign, its indices added to
     * {@code fixed}; null when there is none. For c &gt; 0 the argument is convex and ≥ 0 everywhere
     * exactly when −a ∈ c·TᵀB (0 in its subdifferential at 0); for c &lt; 0 it is ≤ 0 everywhere
     * exactly when a ∈ |c|·TᵀB. Such a kink's |z| is ±z on a whole neighbourhood (the model is the
     * program there: both are exact), so the kink is no kink.
     */
    private static AbsNormalForm withSignDefiniteKinks(AbsNormalForm f, Map<Integer, EuclideanNorm> norms,
                                                       List<Integer> fixed) {
        double[] cz = f.cz().clone();
        double[] z = f.z().clone();
        for (int i : f.active()) {
            if (norms.containsKey(i) || !f.switching().get(i).exact()) {
                continue;
            }
            int norm = -1;
            boolean simple = true;
            for (int j = 0; j < i; j++) {
                if (f.L()[i][j] != 0) {
                    simple &= norm < 0 && norms.containsKey(j) && norms.get(j).exact();
                    norm = j;
                }
            }
            if (!simple || norm < 0) {
                continue;
            }
            double c = f.L()[i][norm];
            double[] a = f.Z()[i];
            double[][] t = norms.get(norm).jacobian();
            double[] zero = new double[a.length];
            double[] minusA = new double[a.length];
            for (int k = 0; k < a.length; k++) {
                minusA[k] = -a[k];
            }
            double tol = Certifier.AGREEMENT * Math.max(1, Math.sqrt(Vectors.dot(a, a)));
            int sign = c > 0 && NormCertificate.inEllipsoid(t, c, minusA, zero, tol) ? 1
                    : c < 0 && NormCertificate.inEllipsoid(t, -c, a, zero, tol) ? -1 : 0;
            if (sign != 0) {
                cz[i] += sign * Double.MIN_NORMAL;
                z[i] = sign * Double.MIN_NORMAL;
                fixed.add(i);
            }
        }
        return fixed.isEmpty() ? null : new AbsNormalForm(f.inputs(), f.x(), cz, f.Z(), f.L(), f.cy(), f.J(), f.Y(), z,
                f.y(), f.switching(), f.notAbsSmooth(), f.absLinear(), f.norms());
    }

    /** Whether some active kink's argument holds a norm's |z|. */
    private static boolean anyActive(AbsNormalForm f, Map<Integer, EuclideanNorm> norms) {
        for (int i : f.active()) {
            for (int j : norms.keySet()) {
                if (j < i && f.L()[i][j] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The model's gradient at direction d (forward mode along the abs-normal recursion, a norm's |z|
     * being ‖T·d‖), or null on a norm's kernel.
     */
    private static double[] gradientAlong(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] d) {
        return gradientAlong(f, norms, d, null, new double[f.s()]);
    }

    /**
     * As above, with the active kinks' signs taken from {@code forced} where it holds a number (NaN:
     * the sign of the recursion's value), and the switching values δz written into {@code dz}.
     */
    static double[] gradientAlong(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] d, double[] forced,
                                  double[] dz) {
        int n = f.n();
        int s = f.s();
        double[] z0 = f.z();
        double[][] gabs = new double[s][];   // ∇ of δ|z_j| in d
        for (int i = 0; i < s; i++) {
            EuclideanNorm e = norms.get(i);
            if (e != null) {
                double[] q = Vectors.apply(e.jacobian(), d);
                double len = Math.sqrt(Vectors.dot(q, q));
                if (len < 1e-6 * Math.sqrt(Vectors.dot(d, d))) {
                    return null;
                }
                dz[i] = len;
                gabs[i] = new double[n];
                Vectors.addNormGradient(gabs[i], e.jacobian(), 1, d);
                continue;
            }
            double v = Vectors.dot(f.Z()[i], d);
            double[] g = f.Z()[i].clone();
            for (int j = 0; j < i; j++) {
                double l = f.L()[i][j];
                if (l != 0) {
                    v += l * (norms.containsKey(j) ? dz[j] : z0[j] != 0 ? Math.signum(z0[j]) * dz[j] : Math.abs(dz[j]));
                    for (int c = 0; c < n; c++) {
                        g[c] += l * gabs[j][c];
                    }
                }
            }
            dz[i] = v;
            // σ = 0 where z_i vanishes along d: |z_i| is 0 on a sector, or d is on a boundary ray where
            // σ = 0 gives the mean of the two sides' limiting gradients (still in the hull)
            double sigma = z0[i] != 0 ? Math.signum(z0[i]) : forced != null && !Double.isNaN(forced[i]) ? forced[i]
                    : Math.abs(v) < 1e-9 ? 0 : Math.signum(v);
            gabs[i] = new double[n];
            for (int c = 0; c < n; c++) {
                gabs[i][c] = sigma * g[c];
            }
        }
        double[] out = f.J()[0].clone();
        for (int j = 0; j < s; j++) {
            double w = f.Y()[0][j];
            for (int c = 0; c < n && w != 0; c++) {
                out[c] += w * gabs[j][c];
            }
        }
        return out;
    }

    /** Whether ad ∈ conv{P_σ} + Σ_j max_σ |W_σj|·T_jᵀ·[−1, 1]^r over the free kinks' patterns σ (one LP). */
    private static boolean outerContains(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, List<Integer> free,
                                         double[] ad) {
        List<double[]> pieces = new ArrayList<>();
        double[] weight = new double[f.s()];
        for (long bits = 0; bits < (1L << free.size()); bits++) {
            double[] sigma = f.signature();
            for (int k = 0; k < free.size(); k++) {
                sigma[free.get(k)] = ((bits >> k) & 1) == 0 ? 1 : -1;
            }
            for (int j : norms.keySet()) {
                sigma[j] = 0;   // a norm's zero row: its part is the zonotope below
            }
            pieces.add(f.gradient(sigma)[0]);
            for (int j : norms.keySet()) {
                weight[j] = Math.max(weight[j], Math.abs(totalWeight(f, norms, sigma, j)));
            }
        }
        List<double[]> generators = new ArrayList<>();
        for (int j : norms.keySet()) {
            for (double[] row : norms.get(j).jacobian()) {
                double[] g = new double[row.length];
                for (int c = 0; c < row.length; c++) {
                    g[c] = weight[j] * row[c];
                }
                generators.add(g);
            }
        }
        return Realisability.inHullPlusZonotope(pieces, generators, ad, Certifier.tolerance(pieces, ad));
    }

    /** ∂y/∂|z_j| under σ: a unit change of norm j's |z| carried through the kinks it feeds (other norms fixed). */
    static double totalWeight(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] sigma, int j) {
        int s = f.s();
        double[] da = new double[s];   // δ|z_i| per unit δ|z_j|
        da[j] = 1;
        for (int i = j + 1; i < s; i++) {
            if (norms.containsKey(i)) {
                continue;
            }
            double v = 0;
            for (int k = j; k < i; k++) {
                v += f.L()[i][k] * da[k];
            }
            da[i] = sigma[i] * v;
        }
        double w = 0;
        for (int i = j; i < s; i++) {
            w += f.Y()[0][i] * da[i];
        }
        return w;
    }
}
