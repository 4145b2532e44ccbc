package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.DeepStack;
import dev.clarke.lang.Program;
import dev.clarke.lang.ProgramError;
import dev.clarke.lang.Recording;
import dev.clarke.lang.Selections;
import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.DomainException;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 *       program, LIKQ, or every active switching variable affine near the point: then the
 *       realisable τ are all the pieces), or when it lies outside the
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
     * The abs-normal form of {@code program} at {@code at} (columns: its variables, in order). When
     * an {@code if} is tested on its boundary, the form is that of the program with its continuous
     * if-selections lowered to max/min form ({@link Selections}).
     *
     * @param program the parsed program; its free variables are the form's columns
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the abs-normal form of the program's output at the point
     */
    public static AbsNormalForm form(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        return DeepStack.run(program, () -> formOnStack(program, at, policy, dtype));
    }

    private static AbsNormalForm formOnStack(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        Recording r = Recording.of(program, at, policy, dtype);
        LoweredRecording lowered = lowered(program, r, at, policy, dtype);
        Recording use = lowered == null ? r : lowered.recording();
        return AbsNormalForm.of(use.trace(), use.output(), use.names());
    }

    /**
     * Reverse mode's gradient of {@code program} at {@code at} under {@code policy}, with its verdict.
     * AD's value is always the program's own; when an {@code if} is tested on its boundary, the
     * verdict is decided on the form of the program with its continuous if-selections lowered to
     * max/min form (the same function, or the same to first order at the point, {@link Selections}).
     *
     * @param program the program, with a scalar output
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the gradient with the verdict on it and the reason
     */
    public static Certification certify(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        return DeepStack.run(program, () -> certify(program, Recording.of(program, at, policy, dtype), at));
    }

    /**
     * As {@link #certify(Program, Map, KinkPolicy, DType)}, on an existing recording {@code r} of
     * {@code program} at {@code at} (its trace is kept: the caller releases it).
     *
     * @param program the program that was recorded, with a scalar output
     * @param r its recording at the point, under the policy and precision to certify with
     * @param at the point: a value for every free variable
     * @return the gradient with the verdict on it and the reason
     */
    public static Certification certify(Program program, Recording r, Map<String, Double> at) {
        return DeepStack.run(program, () -> certifyOnStack(program, r, at));
    }

    private static Certification certifyOnStack(Program program, Recording r, Map<String, Double> at) {
        KinkPolicy policy = r.trace().policy();
        DType dtype = r.trace().dtype();
        LoweredRecording low = lowered(program, r, at, policy, dtype);
        if (low == null) {
            return certify(r.trace(), r.output(), r.inputs(), r.names());
        }
        if (r.output().value().size() != 1) {
            throw new IllegalArgumentException("certification needs a scalar output, got shape " + r.output().shape());
        }
        double[] ad = r.gradient();
        AbsNormalForm f;
        try {
            f = AbsNormalForm.of(low.recording().trace(), low.recording().output(), low.recording().names());
        } catch (BudgetExceeded e) {
            return overBudget(r.trace(), r.output(), r.inputs(), r.names(), e);
        }
        Certification c = decide(f, ad);
        return new Certification(c.verdict(), c.inputs(), c.ad(), c.derivative(), c.clarke(), c.likq(), c.activeKinks(),
                c.realisable(), "continuous if lowered to max/min form" + (low.firstOrder() > 0 ? " (to first order at the point)" : "")
                + "; " + c.method(), c.reason(), c.form());
    }

    /**
     * The recording of {@code program} with its continuous if-selections lowered, when the recording
     * {@code r} has an {@code if} tested on its boundary and some if was lowered; else null (also
     * when the lowered program cannot be evaluated at the point: the original's reason then stands).
     */
    private static LoweredRecording lowered(Program program, Recording r, Map<String, Double> at, KinkPolicy policy,
                                            DType dtype) {
        boolean boundary = false;
        for (BranchRecord b : r.trace().branches()) {
            boundary |= b.onBoundary();
        }
        if (!boundary) {
            return null;
        }
        Selections.Lowered low = Selections.lower(program, at);
        if (low.lowered() == 0) {
            return null;
        }
        try {
            return new LoweredRecording(Recording.of(low.program(), at, policy, dtype), low.firstOrder());
        } catch (DomainException | ProgramError | IllegalArgumentException e) {
            return null; // the lowering evaluates both branches; one may be undefined here
        }
    }

    /** A recording of the lowered program, and how many ifs were lowered only to first order. */
    private record LoweredRecording(Recording recording, int firstOrder) {
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
        Result r = new Result(f, ad, likq);
        try {
            return decide(r, likq);
        } catch (Realisability.Undecided e) {
            return r.done(Verdict.UNKNOWN, null, null, -1, "first-order analysis", "budget exceeded: " + e.getMessage());
        }
    }

    private static Certification decide(Result r, Likq likq) {
        AbsNormalForm f = r.f();
        double[] ad = r.ad();
        int k = likq.active().length;
        boolean holds = likq.holds();
        if (!f.notAbsSmooth().isEmpty()) {
            return r.done(Verdict.UNKNOWN, null, null, -1, "first-order analysis",
                    "not abs-smooth at the point: " + String.join("; ", f.notAbsSmooth()));
        }
        if (!f.norms().isEmpty()) {
            return NormCertificate.decide(r);
        }
        if (k == 0) {
            return r.differentiable(f.gradient(f.signature())[0], -1, "no active kink: smooth at the point");
        }
        if (k > ENUMERATION_LIMIT) {
            return BeyondEnumeration.decide(r);
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
        if (f.absLinear() || holds || exactKinks(f)) {
            return r.done(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, null, ld, patterns.size(),
                    method + "; AD outside the hull of the " + pieces.size() + " piece gradients ("
                            + (holds ? "LIKQ" : f.absLinear() ? "abs-linear" : "every active switching variable is"
                            + " affine near the point, so its sign patterns are the model's") + ": these are all of them)", "");
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

    /**
     * Whether every active switching variable equals its model near the point ({@link Switching#exact}):
     * then z(x̊ + d) = Z·d + L·|z| exactly, the sign patterns realised near x̊ are the model's
     * realisable ones, each on an open cone with x̊ in its closure, and the selection function of
     * each has gradient G(σ) at x̊ however non-linear the output is: the realisable G(σ) are every
     * limiting gradient, and their hull is the Clarke gradient.
     */
    static boolean exactKinks(AbsNormalForm f) {
        for (int i : f.active()) {
            if (!f.switching().get(i).exact()) {
                return false;
            }
        }
        return true;
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

    static double tolerance(List<double[]> points, double[] g) {
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
}
