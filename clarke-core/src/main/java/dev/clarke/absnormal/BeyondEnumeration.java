package dev.clarke.absnormal;

import static dev.clarke.absnormal.Certifier.AGREEMENT;
import static dev.clarke.absnormal.Certifier.ENUMERATION_LIMIT;
import static dev.clarke.absnormal.Certifier.agree;

import dev.clarke.certify.Verdict;
import java.util.Random;

/**
 * Beyond {@link Certifier#ENUMERATION_LIMIT} active kinks: no enumeration, but a randomized identity
 * test, the exact test over realisable patterns ({@link Arrangement}) and the LIKQ and
 * private-variable certificates.
 */
final class BeyondEnumeration {

    private BeyondEnumeration() {
    }


    static Certification decide(Certifier.Result r) {
        AbsNormalForm f = r.f();
        int[] alpha = r.likq().active();
        double[] sigma = f.adSignature();
        if (!dependsOnActive(f, alpha)) {
            double[] s = f.signature();
            for (int i : alpha) {
                s[i] = 1;
            }
            return r.differentiable(f.gradient(s)[0], -1,
                    "randomized identity test: G does not depend on the " + alpha.length + " active kinks");
        }
        Arrangement arrangement = Arrangement.of(f);
        Certification merged = arrangement.nested() ? null : arrangement(r, arrangement, alpha.length);
        if (merged != null) {
            return merged;
        }
        boolean inRange = true;
        for (int i : alpha) {
            inRange &= Math.abs(sigma[i]) <= 1;
        }
        PrivateVariables pv = PrivateVariables.check(f, r.likq());
        double[] ld = Lexicographic.derivative(f)[0];
        boolean consistent = agree(f.gradient(sigma)[0], r.ad()); // AD = G(σᶜ), the certificates' premise
        if (consistent && inRange && (r.likq().holds() || pv.perKink())) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1,
                    (r.likq().holds() ? "LIKQ" : "private variable per kink")
                            + ": every sign pattern realisable, AD a convex combination of piece gradients", "");
        }
        if (consistent && pv.holds() && groupPatternsDiffer(f, r.likq(), pv)) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1,
                    "private variable per group (" + pv.groups().size() + " groups), agnostic policy", "");
        }
        return r.done(Verdict.UNKNOWN, null, ld, -1, "certificates beyond " + ENUMERATION_LIMIT + " active kinks",
                "enumeration budget: " + alpha.length + " active kinks (more than " + ENUMERATION_LIMIT + " to enumerate)"
                        + (arrangement.nested() ? ", some feeding others," : ", directions dependent,") + " and"
                        + (inRange ? "" : " a kink value outside [-1, 1] and") + " no LIKQ or private-variable certificate: "
                        + (pv.reason().isEmpty() ? "groups found, but their patterns give one gradient" : pv.reason()));
    }

    /**
     * The exact test over realisable patterns when no active kink feeds another
     * ({@link Arrangement}): differentiable iff the merged coefficients vanish; with independent
     * merged directions, AD's value is decided by the box condition. Null: not decided here.
     */
    private static Certification arrangement(Certifier.Result r, Arrangement a, int k) {
        double scale = 1;
        for (double c : a.coef()) {
            scale = Math.max(scale, Math.abs(c));
        }
        double tol = AGREEMENT * scale;
        String method = "hyperplane arrangement: " + k + " active kinks merge into " + a.rows().size()
                + " distinct kink directions";
        if (a.linear(tol)) {
            return r.differentiable(a.g0(), -1, method + ", every merged coefficient 0 (linear on all realisable patterns)");
        }
        if (!a.independent() || !agree(a.adGradient(), r.ad())) {
            return null;
        }
        if (a.adInBox(tol)) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1,
                    method + ", independent: AD's merged coefficients within the Clarke box", "");
        }
        return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, Lexicographic.derivative(r.f())[0], -1,
                method + ", independent: an AD coefficient outside the Clarke box g0 + Σ C_k·[-1, 1]·a_k", "");
    }

    /** G at two random σ ∈ [−1, 1]^α, flipping each σ_i: a non-zero difference ⇒ G depends on σ_i. */
    static boolean dependsOnActive(AbsNormalForm f, int[] alpha) {
        Random random = new Random(1);
        for (int trial = 0; trial < 2; trial++) {
            double[] s = f.signature();
            for (int i : alpha) {
                s[i] = 2 * random.nextDouble() - 1;
            }
            for (int i : alpha) {
                double keep = s[i];
                s[i] = 1;
                double[] up = f.gradient(s)[0];
                s[i] = -1;
                double[] down = f.gradient(s)[0];
                s[i] = keep;
                if (!agree(up, down)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the coupled group patterns "all +" and "all −" give different gradients. */
    private static boolean groupPatternsDiffer(AbsNormalForm f, Likq likq, PrivateVariables pv) {
        double[][] g = new double[2][];
        for (int t = 0; t < 2; t++) {
            double[] s = f.signature();
            for (int q = 0; q < pv.groups().size(); q++) {
                for (int r : pv.groups().get(q)) {
                    s[likq.active()[r]] = (t == 0 ? 1 : -1) * Math.signum(likq.a0()[r][pv.columns()[q]]);
                }
            }
            g[t] = f.gradient(s)[0];
        }
        return !agree(g[0], g[1]);
    }
}
