package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.Op;
import dev.clarke.ad.Step;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * The forward interpreter that extracts an abs-normal form: one pass over the trace's steps, keeping
 * for every scalar element its {@link Affine} model. A smooth operation is linearised at the recorded
 * values; a piecewise one is lowered to {@code abs} by {@link Lowering}, each {@code abs} creating a
 * switching variable whose row is the model of its argument at that moment (so L is strictly lower
 * triangular by construction). Element indexing follows {@link Layout}.
 */
final class AnfBuilder {

    private final Trace trace;
    private final Map<Integer, Affine[]> models = new HashMap<>();
    private final List<Affine> rows = new ArrayList<>();
    private final List<Switching> switching = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<Double> inputs = new ArrayList<>();
    private final List<EuclideanNorm> norms = new ArrayList<>();
    private final Map<Integer, double[]> rowJacobians = new HashMap<>();
    private final Lowering lowering;
    private final Powers powers = new Powers(this);
    private boolean linear = true;
    /** Whether each recorded node's model is the node itself near the point (see {@link Switching#exact}). */
    private final Map<Integer, Boolean> exact = new HashMap<>();
    /** Whether the step being modelled is exact so far: its inputs are, and nothing made it first-order only. */
    private boolean stepExact;

    AnfBuilder(Trace trace) {
        this.trace = trace;
        this.lowering = new Lowering(this);
    }

    KinkPolicy policy() {
        return trace.policy();
    }

    AbsNormalForm build(Var output, List<String> labels) {
        for (Step s : trace.steps()) {
            powers.record(s);
            stepExact = exactInputs(s.inputs());
            models.put(s.id(), step(s));
            exact.put(s.id(), stepExact);
        }
        for (BranchRecord b : trace.branches()) {
            if (b.onBoundary() && !(constant(b.lhsNode()) && constant(b.rhsNode()))) {
                reason("if (" + b.lhs() + " " + b.op().symbol() + " " + b.rhs() + ") is tested on its boundary and its branches"
                        + " are not shown to agree there (then - else is not a multiple of the test's difference):"
                        + " the program may be discontinuous there");
            }
        }
        Affine[] out = of(output);
        int n = inputs.size();
        int s = rows.size();
        double[] z = new double[s];
        double[] cz = new double[s];
        double[][] zm = new double[s][n];
        double[][] lm = new double[s][s];
        for (int i = 0; i < s; i++) {
            Affine r = rows.get(i);
            z[i] = r.value();
            double c = r.value();
            for (int j = 0; j < n; j++) {
                zm[i][j] = r.a(j);
            }
            for (int j = 0; j < i; j++) {
                lm[i][j] = r.b(j);
                c -= lm[i][j] * Math.abs(z[j]);
            }
            cz[i] = c + 0.0;
        }
        int m = out.length;
        double[] y = new double[m];
        double[] cy = new double[m];
        double[][] jm = new double[m][n];
        double[][] ym = new double[m][s];
        for (int k = 0; k < m; k++) {
            y[k] = out[k].value();
            double c = y[k];
            for (int j = 0; j < n; j++) {
                jm[k][j] = out[k].a(j);
            }
            for (int j = 0; j < s; j++) {
                ym[k][j] = out[k].b(j);
                c -= ym[k][j] * Math.abs(z[j]);
            }
            cy[k] = c + 0.0;
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            names.add(labels != null && j < labels.size() ? labels.get(j) : "x" + j);
        }
        double[] x = inputs.stream().mapToDouble(Double::doubleValue).toArray();
        List<EuclideanNorm> padded = new ArrayList<>();
        for (EuclideanNorm e : norms) {
            double[][] t = new double[e.jacobian().length][];
            for (int k = 0; k < t.length; k++) {
                t[k] = java.util.Arrays.copyOf(e.jacobian()[k], n);
            }
            padded.add(new EuclideanNorm(e.index(), t, e.exact()));
        }
        return new AbsNormalForm(List.copyOf(names), x, cz, zm, lm, cy, jm, ym, z, y,
                List.copyOf(switching), List.copyOf(reasons), linear && reasons.isEmpty() && norms.isEmpty(),
                List.copyOf(padded));
    }

    private boolean constant(int node) {
        if (node < 0 || !models.containsKey(node)) {
            return true;
        }
        for (Affine e : models.get(node)) {
            if (!e.isConstant()) {
                return false;
            }
        }
        return true;
    }

    /** The models of a value: its node's, or constants. */
    Affine[] of(Var v) {
        Affine[] m = v.nodeId() >= 0 ? models.get(v.nodeId()) : null;
        if (m != null) {
            return m;
        }
        Tensor t = v.value();
        Affine[] out = new Affine[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Affine.constant(t.get(i));
        }
        return out;
    }

    /** A new switching variable with argument {@code arg}; returns the model of its absolute value. */
    Affine abs(Affine arg, Step s, int element, String formula, double adSigma) {
        int i = rows.size();
        if (i >= BudgetExceeded.MAX_SWITCHING) {
            throw new BudgetExceeded();
        }
        rows.add(arg);
        switching.add(new Switching(i, s.name(), s.id(), element, formula, arg.value(),
                arg.value() == 0 ? adSigma : Math.signum(arg.value()), stepExact));
        return Affine.abs(arg.value(), i);
    }

    /** Keeps a Euclidean norm at its zero as a zero-row switching variable; returns the model of the norm. */
    Affine norm(Step s, int element, double[][] jacobian, List<Var> bases) {
        Affine slot = abs(new Affine(0, new double[0], new double[0], true), s, element,
                "Euclidean norm (rank " + ExactRank.rank(jacobian) + ")", 0);
        norms.add(new EuclideanNorm(rows.size() - 1, jacobian, exactInputs(bases)));
        linear = false;                  // not abs-linear; but |z| is ‖T·Δx‖ exactly when the bases are affine,
        stepExact = exactInputs(bases);  // so a kink holding the norm is as exact as its other inputs
        return slot;
    }

    /**
     * ∇ of a model in Δx near the point, every inactive |z_j| replaced by σ̊_j·z_j (exact locally);
     * null when the model depends on an active kink's |z| (then it has no gradient there).
     */
    double[] jacobian(Affine t) {
        double[] g = new double[inputs.size()];
        for (int j = 0; j < g.length; j++) {
            g[j] = t.a(j);
        }
        for (int j = 0; j < t.b().length; j++) {
            double bj = t.b(j);
            if (bj == 0) {
                continue;
            }
            Affine row = rows.get(j);
            if (row.value() == 0) {
                return null;
            }
            double[] gj = rowJacobians.get(j);
            if (gj == null) {
                gj = jacobian(row);
                if (gj == null) {
                    return null;
                }
                rowJacobians.put(j, gj);
            }
            for (int c = 0; c < gj.length; c++) {
                g[c] += bj * Math.signum(row.value()) * gj[c];
            }
        }
        return g;
    }

    /** Records why the program is not abs-smooth at the point. */
    void reason(String why) {
        if (!reasons.contains(why)) {
            reasons.add(why);
        }
    }

    /** Marks the form as only a first-order model (a smooth operation was not affine). */
    void nonlinear(Affine... operands) {
        for (Affine o : operands) {
            if (!o.isConstant()) {
                inexact();
                return;
            }
        }
    }

    /** The current step's model is first order only, and so is the form. */
    private void inexact() {
        linear = false;
        stepExact = false;
    }

    /** Whether every recorded one of {@code vars} is modelled exactly (constants are). */
    boolean exactInputs(List<Var> vars) {
        for (Var v : vars) {
            if (v.nodeId() >= 0 && !exact.getOrDefault(v.nodeId(), true)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The current step is exact exactly when {@code vars} are: for a power of a square that is
     * lowered to |t|·κ, which is exact when the bases t are, though t·t is not affine.
     */
    void exactAs(List<Var> vars) {
        stepExact = exactInputs(vars);
    }

    private Affine[] step(Step s) {
        List<Var> in = s.inputs();
        return switch (s.op()) {
            case INPUT -> inputs(s.output().value());
            case ADD -> binary(s, (a, b) -> 1, (a, b) -> 1, false);
            case SUB -> binary(s, (a, b) -> 1, (a, b) -> -1, false);
            case MUL, MUL_STRONG -> binary(s, (a, b) -> b, (a, b) -> a, true);
            case DIV -> binary(s, (a, b) -> 1 / b, (a, b) -> -a / (b * b), true);
            case VAR_POW -> binary(s, (a, b) -> a == 0 ? Double.NaN : b * Math.pow(a, b - 1),
                    (a, b) -> a == 0 ? Double.NaN : Math.pow(a, b) * Math.log(a), true);
            case POW -> power(s, ((Attr.Power) s.attr()).p());
            case NEG, SCALE -> {
                double k = ((Attr.Scale) s.attr()).c();
                yield unary(s, (x, v) -> k, false);
            }
            case RECIPROCAL -> unary(s, (x, v) -> -v * v, true);
            case EXP -> unary(s, (x, v) -> v, true);
            case LOG -> unary(s, (x, v) -> 1 / x, true);
            case SQRT -> power(s, 0.5);
            case SIN -> unary(s, (x, v) -> Math.cos(x), true);
            case COS -> unary(s, (x, v) -> -Math.sin(x), true);
            case TANH -> unary(s, (x, v) -> 1 - v * v, true);
            case SIGMOID -> unary(s, (x, v) -> v * (1 - v), true);
            case SOFTPLUS -> unary(s, (x, v) -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)), true);
            case SUM, RESHAPE, TRANSPOSE, SLICE, CONCAT, BROADCAST_TO, SUM_TO -> Layout.gather(s, this);
            case MATMUL -> Layout.matmul(s, of(in.get(0)), of(in.get(1)), this);
            case WHERE -> Layout.where(s, of(in.get(0)), of(in.get(1)));
            case PIECEWISE, MAX_MIN, REDUCE_EXTREME -> lowering.lower(s);
            case COMPARE, CUSTOM -> { // an elementwise test may make its where discontinuous
                reason("operation '" + s.name() + "' (node " + s.id() + ") has no abs-normal rule");
                yield constants(s.output().value());
            }
        };
    }

    private Affine[] inputs(Tensor y) {
        Affine[] r = new Affine[y.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Affine.input(y.get(i), inputs.size());
            inputs.add(y.get(i));
        }
        return r;
    }

    static Affine[] constants(Tensor y) {
        Affine[] r = new Affine[y.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Affine.constant(y.get(i));
        }
        return r;
    }

    /** x^p for a constant p (sqrt: p = ½); a non-integer p at 0 is decided by {@link Powers}. */
    private Affine[] power(Step s, double p) {
        boolean integer = p == Math.rint(p);
        Affine[] x = of(s.inputs().get(0));
        Tensor y = s.output().value();
        Affine[] r = new Affine[x.length];
        for (int i = 0; i < r.length; i++) {
            double x0 = x[i].value();
            if (x[i].isConstant()) {
                r[i] = Affine.constant(y.get(i));
                continue;
            }
            if (!integer && x0 == 0) {
                Affine m = powers.atZero(s, i, p, x[i], y.get(i));
                r[i] = m == null ? Affine.constant(y.get(i)) : m;
                continue;
            }
            double slope = p == 0 ? 0 : p == 1 ? 1 : p * Math.pow(x0, p - 1);
            if (p != 0 && p != 1) {
                inexact();
            }
            r[i] = x[i].times(y.get(i), slope);
        }
        return r;
    }

    /** Elementwise smooth φ with derivative {@code slope(x̊, φ(x̊))}. */
    private Affine[] unary(Step s, DoubleBinaryOperator slope, boolean nonlinear) {
        Affine[] x = of(s.inputs().get(0));
        Tensor y = s.output().value();
        Affine[] r = new Affine[x.length];
        for (int i = 0; i < r.length; i++) {
            if (x[i].isConstant()) {
                r[i] = Affine.constant(y.get(i));
                continue;
            }
            if (nonlinear) {
                inexact();
            }
            r[i] = x[i].times(y.get(i), slope.applyAsDouble(x[i].value(), y.get(i)));
        }
        return r;
    }

    /** Broadcasting smooth φ(a, b) with partial derivatives {@code da(a, b)}, {@code db(a, b)}. */
    private Affine[] binary(Step s, DoubleBinaryOperator da, DoubleBinaryOperator db, boolean nonlinear) {
        Var va = s.inputs().get(0);
        Var vb = s.inputs().get(1);
        Affine[] ea = of(va);
        Affine[] eb = of(vb);
        Shape out = s.output().shape();
        Tensor y = s.output().value();
        Affine[] r = new Affine[out.size()];
        for (int i = 0; i < r.length; i++) {
            Affine a = ea[ElementSources.broadcastSource(va.shape(), out, i)];
            Affine b = eb[ElementSources.broadcastSource(vb.shape(), out, i)];
            if (a.isConstant() && b.isConstant()) {
                r[i] = Affine.constant(y.get(i));
                continue;
            }
            double ka = a.isConstant() ? 0 : da.applyAsDouble(a.value(), b.value());
            double kb = b.isConstant() ? 0 : db.applyAsDouble(a.value(), b.value());
            if (!Double.isFinite(ka) || !Double.isFinite(kb)) {
                reason(s.name() + " at (" + a.value() + ", " + b.value() + ") (node " + s.id()
                        + "): not differentiable there");
                r[i] = Affine.constant(y.get(i));
                continue;
            }
            if (nonlinear && !a.isConstant() && !b.isConstant()) {
                inexact();
            } else if (nonlinear && s.op() == Op.DIV && !b.isConstant()) {
                inexact();
            } else if (nonlinear && s.op() == Op.VAR_POW) {
                inexact();
            }
            r[i] = Affine.combine(y.get(i), new double[] {ka, kb}, a, b);
        }
        return r;
    }
}
