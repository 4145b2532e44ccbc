package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.Program;
import dev.clarke.lang.Recording;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides the {@link Verdict} on reverse mode's gradient of a scalar program at a point, from its
 * abs-normal form (the piecewise-linear model).
 *
 * <ul>
 *   <li>Not abs-smooth at the point (sqrt at 0, a jump of sign/floor/round, an if on its
 *       boundary): {@code UNKNOWN} with the reason.</li>
 *   <li>No active kink: smooth there; the derivative is G(σ̊).</li>
 *   <li>At most {@link #ENUMERATION_LIMIT} active kinks: the realisable sign patterns τ (all of
 *       them under LIKQ, else by {@link Realisability}'s LPs). If every realisable τ gives the same
 *       G(σ^τ), the model is linear, so the function is (Fréchet) differentiable with that
 *       derivative. Otherwise it is not differentiable, every realisable G(σ^τ) is a limiting
 *       gradient, and AD's value in their convex hull (an LP) is a Clarke subgradient. Outside it,
 *       AD's value is certainly not one when the model is exact for the question (abs-linear
 *       program, or LIKQ: then the realisable τ are all the pieces), or when it lies outside the
 *       hull of all 2^|α| piece gradients (which contains every limiting gradient); else a cusp,
 *       invisible to first order, could still make it one: {@code UNKNOWN}.</li>
 *   <li>Beyond the limit: a randomized identity test (G as a multi-affine polynomial in the active
 *       σ_i at random points of [−1, 1]) decides whether G depends on the active kinks at all;
 *       if it does, LIKQ or a private-variable certificate ({@link PrivateVariables}) with AD's σ
 *       in [−1, 1] gives {@code NONDIFFERENTIABLE_CLARKE} by multi-affinity; else {@code UNKNOWN}.</li>
 * </ul>
 * Whenever AD's value is not certified, the certification carries one that is: the derivative,
 * or the LD-derivative ({@link Lexicographic}). Gradients are compared with the relative tolerance
 * {@link #AGREEMENT} (they come from different floating-point computations); kinks themselves are
 * detected exactly.
 */
public final class Certifier {

    /** Up to this many active kinks the realisable sign patterns are enumerated exactly. */
    public static final int ENUMERATION_LIMIT = 16;

    /** Relative tolerance for two gradients to count as equal, and for hull membership. */
    public static final double AGREEMENT = 1e-9;

    private Certifier() {
    }

    /**
     * The abs-normal form of {@code program} at {@code at} (columns: its variables, in order).
     *
     * @param program the parsed program; its free variables are the form's columns
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the abs-normal form of the program's output at the point
     */
    public static AbsNormalForm form(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        Recording r = Recording.of(program, at, policy, dtype);
        return AbsNormalForm.of(r.trace(), r.output(), r.names());
    }

    /**
     * Reverse mode's gradient of {@code program} at {@code at} under {@code policy}, with its
     * verdict.
     *
     * @param program the program, with a scalar output
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the gradient with the verdict on it and the reason
     */
    public static Certification certify(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        Recording r = Recording.of(program, at, policy, dtype);
        return certify(r.trace(), r.output(), r.inputs(), r.names());
    }

    /**
     * The verdict for a scalar {@code output} recorded on {@code trace}; {@code inputs} are all of
     * the trace's inputs in recording order (their elements are the columns), {@code labels} one
     * per input element (null: x0, x1, ...). Runs reverse mode itself (keeping the trace).
     *
     * @param trace the retained trace holding {@code output}
     * @param output the one-element output whose gradient is judged
     * @param inputs all of the trace's inputs in recording order
     * @param labels one label per input element, or null for x0, x1, ...
     * @return the gradient with the verdict on it and the reason
     */
    public static Certification certify(Trace trace, Var output, List<Var> inputs, List<String> labels) {
        if (output.value().size() != 1) {
            throw new IllegalArgumentException("certification needs a scalar output, got shape " + output.shape());
        }
        AbsNormalForm f;
        try {
            f = AbsNormalForm.of(trace, output, labels);
        } catch (BudgetExceeded e) {
            return overBudget(trace, output, inputs, labels, e);
        }
        Gradients g = trace.grad(output, inputs, Backward.RETAIN);
        double[] ad = new double[f.n()];
        int c = 0;
        for (Var v : inputs) {
            Tensor t = g.of(v);
            for (int i = 0; i < t.size(); i++) {
                ad[c++] = t.get(i);
            }
        }
        if (c != f.n()) {
            throw new IllegalArgumentException("inputs cover " + c + " input elements, the trace has " + f.n());
        }
        return decide(f, ad);
    }

    /** UNKNOWN for a program past the {@link BudgetExceeded work budget}, with reverse mode's gradient and no form. */
    private static Certification overBudget(Trace trace, Var output, List<Var> inputs, List<String> labels, BudgetExceeded e) {
        Gradients g = trace.grad(output, inputs, Backward.RETAIN);
        List<Double> ad = new ArrayList<>();
        for (Var v : inputs) {
            for (int i = 0; i < g.of(v).size(); i++) {
                ad.add(g.of(v).get(i));
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < ad.size(); j++) {
            names.add(labels != null && j < labels.size() ? labels.get(j) : "x" + j);
        }
        return new Certification(Verdict.UNKNOWN, List.copyOf(names), ad.stream().mapToDouble(Double::doubleValue).toArray(),
                null, null, false, -1, -1, "work budget", e.getMessage(), null);
    }

    /**
     * The verdict on the gradient {@code ad} (one entry per column of the form) of a scalar form.
     *
     * @param f the abs-normal form of a scalar function
     * @param ad the gradient to judge, one entry per column of the form
     * @return the verdict with its reason
     */
    public static Certification decide(AbsNormalForm f, double[] ad) {
        if (f.m() != 1) {
            throw new IllegalArgumentException("certification needs a scalar output, the form has " + f.m());
        }
        Likq likq = Likq.of(f);
        int k = likq.active().length;
        boolean holds = likq.holds();
        Result r = new Result(f, ad, likq);
        if (!f.notAbsSmooth().isEmpty()) {
            return r.done(Verdict.UNKNOWN, null, null, -1, "first-order analysis",
                    "not abs-smooth at the point: " + String.join("; ", f.notAbsSmooth()));
        }
        if (k == 0) {
            return r.differentiable(f.gradient(f.signature())[0], -1, "no active kink: smooth at the point");
        }
        if (k > ENUMERATION_LIMIT) {
            return Beyond.decide(r);
        }
        List<double[]> patterns = holds ? Realisability.all(f) : Realisability.enumerate(f);
        String method = holds ? "LIKQ (rank " + likq.rank() + "): all 2^" + k + " sign patterns realisable"
                : "LP enumeration: " + patterns.size() + " of 2^" + k + " sign patterns realisable";
        List<double[]> pieces = distinct(f, patterns);
        if (pieces.size() == 1) {
            return r.differentiable(pieces.get(0), patterns.size(), method + "; one piece gradient");
        }
        if (Realisability.inHull(pieces, ad, tolerance(pieces, ad))) {
            return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, ad, patterns.size(),
                    method + "; AD in the hull of " + pieces.size() + " piece gradients", "");
        }
        double[] ld = Lexicographic.derivative(f)[0];
        if (f.absLinear() || holds) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, ld, patterns.size(),
                    method + "; AD outside the hull of the " + pieces.size() + " piece gradients ("
                            + (holds ? "LIKQ" : "abs-linear") + ": these are all of them)", "");
        }
        List<double[]> every = distinct(f, Realisability.all(f));
        if (!Realisability.inHull(every, ad, tolerance(every, ad))) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, ld, patterns.size(),
                    method + "; AD outside the hull of all 2^" + k + " piece gradients", "");
        }
        return r.done(Verdict.UNKNOWN, null, ld, patterns.size(), method,
                "AD lies outside the hull of the realisable piece gradients but inside that of all of them:"
                        + " a cusp-shaped piece, invisible to a first-order model, may still make it a Clarke subgradient");
    }

    /** The distinct G(σ) (scalar output) over the signatures, in order. */
    static List<double[]> distinct(AbsNormalForm f, List<double[]> signatures) {
        List<double[]> out = new ArrayList<>();
        for (double[] s : signatures) {
            double[] g = f.gradient(s)[0];
            boolean seen = false;
            for (double[] h : out) {
                if (agree(g, h)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * Whether two gradients agree within {@link #AGREEMENT} relative to their size.
     *
     * @param a one gradient
     * @param b the other, of the same length
     * @return whether every entry agrees within {@link #AGREEMENT} · max(1, the largest absolute entry)
     */
    public static boolean agree(double[] a, double[] b) {
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= AGREEMENT * scale)) {
                return false;
            }
        }
        return true;
    }

    private static double tolerance(List<double[]> points, double[] g) {
        double scale = 1;
        for (double[] p : points) {
            for (double v : p) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        return AGREEMENT * scale;
    }

    /** What every decision shares: the form, AD's value and LIKQ. */
    record Result(AbsNormalForm f, double[] ad, Likq likq) {

        Certification done(Verdict v, double[] derivative, double[] clarke, int realisable, String method, String reason) {
            return new Certification(v, f.inputs(), ad, derivative, clarke, likq.holds(), likq.active().length,
                    realisable, method, reason, f);
        }

        Certification differentiable(double[] g, int realisable, String method) {
            Verdict v = agree(ad, g) ? Verdict.DIFFERENTIABLE_CORRECT : Verdict.DIFFERENTIABLE_INCORRECT;
            return done(v, g, v == Verdict.DIFFERENTIABLE_CORRECT ? ad : g, realisable, method, "");
        }
    }

    /** Beyond {@link #ENUMERATION_LIMIT} active kinks: certificates instead of enumeration. */
    static final class Beyond {

        private Beyond() {
        }

        static Certification decide(Result r) {
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
            boolean inRange = true;
            for (int i : alpha) {
                inRange &= Math.abs(sigma[i]) <= 1;
            }
            PrivateVariables pv = PrivateVariables.check(f, r.likq());
            double[] ld = Lexicographic.derivative(f)[0];
            if (inRange && (r.likq().holds() || pv.perKink())) {
                return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1,
                        (r.likq().holds() ? "LIKQ" : "private variable per kink")
                                + ": every sign pattern realisable, AD a convex combination of piece gradients", "");
            }
            if (pv.holds() && groupPatternsDiffer(f, r.likq(), pv)) {
                return r.done(Verdict.NONDIFFERENTIABLE_CLARKE, null, r.ad(), -1,
                        "private variable per group (" + pv.groups().size() + " groups), agnostic policy", "");
            }
            return r.done(Verdict.UNKNOWN, null, ld, -1, "certificates beyond " + ENUMERATION_LIMIT + " active kinks",
                    alpha.length + " active kinks (more than " + ENUMERATION_LIMIT + " to enumerate) and"
                            + (inRange ? "" : " a kink value outside [-1, 1] and") + " no LIKQ or private-variable certificate: "
                            + (pv.reason().isEmpty() ? "groups found, but their patterns give one gradient" : pv.reason()));
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
}
