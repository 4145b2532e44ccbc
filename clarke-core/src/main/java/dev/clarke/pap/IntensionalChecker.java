package dev.clarke.pap;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.DeepStack;
import dev.clarke.lang.Program;
import dev.clarke.lang.Recording;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a gradient is an intensional derivative of a program at an input: it is finite;
 * it equals the derivative of the frozen branch of the induced representation at the input, computed
 * by forward mode over the branch ({@link Analytic#gradient}) — independently of the reverse pass;
 * the frozen branch agrees with the program there; and every lower-dimensional piece is
 * tangentially consistent. A value that is not the policy's branch derivative is still accepted when
 * some other choice of derivatives at the kinks on the trace gives it (the branches a PAP
 * representation may use there), found by solving for those choices when they enter linearly, and
 * searched for ({@link NestedKinks}) when kinks are nested and the choices multiply. The answer is
 * yes, no, or undecided ({@link CheckResult#answer()}): "no" only with a proof that no choice at all
 * reaches it: the choices enter linearly and the least-squares solution misses it, or a component of
 * the gradient is the same for every choice and differs. Works in F64.
 */
public final class IntensionalChecker {

    private static final double VALUE_TOL = 1e-12;
    /** Relative slack of the piece constraints at the checked point (rounding of the composed constraints). */
    private static final double PIECE_TOL = 1e-12;
    private static final double GRAD_TOL = 1e-9;

    private IntensionalChecker() {
    }

    /**
     * Checks the gradient that reverse mode computes under {@code policy}.
     *
     * @param program the program to check
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace reverse mode records
     * @return whether the gradient is an intensional derivative, with the reason
     */
    public static CheckResult check(Program program, Map<String, Double> at, KinkPolicy policy) {
        return check(program, at, policy, null, Map.of());
    }

    /**
     * Checks a given gradient (variable → number), e.g. one computed by another system.
     *
     * @param program the program to check
     * @param at the point: a value for every free variable
     * @param policy the kink policy the program's primitives are read with
     * @param value the gradient to check, one entry per free variable
     * @return whether {@code value} is an intensional derivative, with the reason
     */
    public static CheckResult isIntensional(Program program, Map<String, Double> at, KinkPolicy policy,
                                            Map<String, Double> value) {
        return check(program, at, policy, value, Map.of());
    }

    /**
     * The general form: {@code value} null means "the gradient reverse mode computes"; {@code custom}
     * gives the representations of user primitives on the trace.
     *
     * @param program the program to check
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param value the gradient to check, one entry per free variable; null for reverse mode's own
     * @param custom PAP representations of user primitives by operation name; empty if none
     * @return whether the gradient is an intensional derivative, with the reason
     */
    public static CheckResult check(Program program, Map<String, Double> at, KinkPolicy policy,
                                    Map<String, Double> value, Map<String, PapRepresentation> custom) {
        return DeepStack.run(program, () -> checkRecorded(program, at, policy, value, custom));
    }

    private static CheckResult checkRecorded(Program program, Map<String, Double> at, KinkPolicy policy,
                                             Map<String, Double> value, Map<String, PapRepresentation> custom) {
        Recording r = Recording.of(program, at, policy, DType.F64).requireScalar("the checker");
        List<String> names = r.names();
        Trace trace = r.trace();
        Var y = r.output();
        double[] x = r.point();
        InducedRepresentation induced = InducedRepresentation.of(trace, y, custom);
        InducedRepresentation free = InducedRepresentation.of(trace, y, custom, true);
        double[] g;
        if (value == null) {
            g = r.gradient();
        } else {
            g = new double[names.size()];
            for (int i = 0; i < g.length; i++) {
                Double v = value.get(names.get(i));
                if (v == null) {
                    throw new IllegalArgumentException("the gradient has no entry for '" + names.get(i) + "'");
                }
                g[i] = v;
            }
        }
        trace.release();
        return judge(names, x, y.item(), g, induced, free);
    }

    /**
     * The trace-level form, for programs written in Java (and user primitives applied with
     * {@link UserPrimitive#apply}): {@code y} a scalar on a retained trace whose inputs are the
     * scalars {@code inputs} (named {@code names}); {@code gradient} the value to check, one entry
     * per input. The trace is not released.
     *
     * @param trace a trace kept after its passes (not released), holding {@code y}
     * @param y the one-element output whose gradient is checked
     * @param inputs the scalar inputs, in the order of {@code gradient}
     * @param names the inputs' names, for the report
     * @param gradient the value to check, one entry per input
     * @param custom PAP representations of user primitives by operation name; empty if none
     * @return whether {@code gradient} is an intensional derivative, with the reason
     */
    public static CheckResult check(Trace trace, Var y, List<Var> inputs, List<String> names, double[] gradient,
                                    Map<String, PapRepresentation> custom) {
        if (inputs.size() != names.size() || gradient.length != inputs.size()) {
            throw new IllegalArgumentException("check: " + inputs.size() + " inputs, " + names.size() + " names and "
                    + gradient.length + " gradient entries must agree");
        }
        // the frozen branch numbers its arguments in the order the inputs were recorded
        Integer[] order = new Integer[inputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> inputs.get(i).nodeId()));
        double[] x = new double[order.length];
        double[] g = new double[order.length];
        List<String> sortedNames = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            x[k] = inputs.get(order[k]).item();
            g[k] = gradient[order[k]];
            sortedNames.add(names.get(order[k]));
        }
        InducedRepresentation induced = InducedRepresentation.of(trace, y, custom);
        InducedRepresentation free = InducedRepresentation.of(trace, y, custom, true);
        if (induced.arity() != x.length) {
            throw new IllegalArgumentException("check: the trace has " + induced.arity()
                    + " input elements; pass every scalar input of the trace");
        }
        return judge(sortedNames, x, y.item(), g, induced, free);
    }

    static CheckResult judge(List<String> names, double[] x, double value, double[] g,
                             InducedRepresentation induced, InducedRepresentation free) {
        List<String> problems = new ArrayList<>();
        int n = x.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(g[i])) {
                problems.add("the gradient is not finite: d/d" + names.get(i) + " = " + g[i]);
            }
        }
        Analytic branch = induced.branch();
        double branchValue = branch.inDomain(x) ? branch.eval(x) : Double.NaN;
        if (!branch.inDomain(x)) {
            problems.add("the input lies outside the open domain of the frozen branch");
        } else if (!(Math.abs(branchValue - value) <= VALUE_TOL * Math.max(1, Math.abs(value)))) {
            problems.add("the frozen branch gives " + branchValue + " but the program gives " + value);
        }
        double scale = Math.max(1, Math.abs(value));
        for (double xi : x) {
            scale = Math.max(scale, Math.abs(xi));
        }
        // the piece was chosen by the evaluation itself: only rounding in re-evaluating its composed
        // constraints can miss it (a tie decided on the computed values, then a branch like 3a − 2b)
        if (!induced.piece().containsWithin(x, PIECE_TOL * scale)) {
            problems.add("the input does not satisfy its own induced piece's constraints");
        }
        double[] bg = branch.gradient(x, n);
        String undecided = null;
        if (problems.isEmpty() && !close(g, bg)) {
            String other = otherRepresentation(x, g, free);
            if (other == null) {
                problems.add("the gradient " + show(names, g) + " is not the derivative of the frozen branch "
                        + show(names, bg) + (free.freeParameters() == 0 ? " and no kink lies on the trace"
                        : " and no choice of derivatives at the " + free.freeParameters()
                        + " kink parameter(s) on the trace gives it"));
            } else if (!other.isEmpty()) {
                undecided = other;
            }
        }
        problems.addAll(induced.inconsistencies());
        if (!problems.isEmpty()) {
            undecided = null;
        }
        return new CheckResult(problems.isEmpty() && undecided == null, value, branchValue, toMap(names, g),
                toMap(names, bg), induced, List.copyOf(problems), undecided);
    }

    /**
     * Whether some choice θ of the free kink parameters makes the free branch's gradient equal g:
     * null if provably not, "" if found, or a reason the search was inconclusive.
     */
    private static String otherRepresentation(double[] x, double[] g, InducedRepresentation free) {
        int n = x.length;
        int p = free.freeParameters();
        if (p == 0) {
            return null;
        }
        if (p > 64) {
            return "the gradient is not the policy's branch derivative, and the " + p
                    + " kink parameters on the trace are too many to search";
        }
        double[] base = gradAt(free.branch(), x, new double[p], n);
        double[][] cols = new double[p][];
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1;
            double[] gj = gradAt(free.branch(), x, e, n);
            cols[j] = new double[n];
            for (int i = 0; i < n; i++) {
                cols[j][i] = gj[i] - base[i];
            }
        }
        java.util.Random rnd = new java.util.Random(17);
        double[] probe = new double[p];
        for (int j = 0; j < p; j++) {
            probe[j] = rnd.nextDouble() * 2 - 1;
        }
        double[] predicted = base.clone();
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                predicted[i] += probe[j] * cols[j][i];
            }
        }
        if (!close(predicted, gradAt(free.branch(), x, probe, n))) {
            java.util.function.Function<double[], double[]> grad = θ -> gradAt(free.branch(), x, θ, n);
            if (NestedKinks.constantComponentMissing(grad, g, p) >= 0) {
                return null;
            }
            return NestedKinks.search(grad, g, p) ? ""
                    : "the gradient is not the policy's branch derivative; derivatives at nested kinks enter as"
                    + " products, and a bounded search over them (" + NestedKinks.BUDGET + " Gauss-Newton steps)"
                    + " neither reached it nor proved it unreachable";
        }
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = g[i] - base[i];
        }
        double[] theta = LeastSquares.solve(cols, target, n);
        double[] reached = base.clone();
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                reached[i] += theta[j] * cols[j][i];
            }
        }
        return close(reached, g) ? "" : null;
    }

    private static double[] gradAt(Analytic branch, double[] x, double[] theta, int n) {
        double[] all = new double[x.length + theta.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(theta, 0, all, x.length, theta.length);
        double[] full = branch.gradient(all, n);
        return java.util.Arrays.copyOf(full, n);
    }

    static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= GRAD_TOL * Math.max(1, Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Double> toMap(List<String> names, double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), v[i]);
        }
        return m;
    }

    private static String show(List<String> names, double[] v) {
        return toMap(names, v).toString();
    }
}
