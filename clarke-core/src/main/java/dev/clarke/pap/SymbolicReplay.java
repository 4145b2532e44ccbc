package dev.clarke.pap;

import static dev.clarke.pap.Analytic.c;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-reads a trace symbolically: each node's elements become {@link Analytic} expressions over the
 * trace's input elements, with every piecewise primitive frozen to the branch of the piece its
 * recorded input lies in (from {@link Declarations}), and every piece constraint composed with the
 * expressions of the primitive's inputs.
 */
final class SymbolicReplay {

    private final KinkPolicy policy;
    private final Map<Integer, Analytic[]> exprs = new java.util.HashMap<>();
    private final List<Analytic> positive = new ArrayList<>();
    private final List<Analytic> nonPositive = new ArrayList<>();
    private final List<PieceChoice> choices = new ArrayList<>();
    private final Map<String, PapRepresentation> custom;
    private final List<String> inconsistencies = new ArrayList<>();
    private final int freeBase;
    private int freeCount;
    private int nextArg;

    /**
     * A replay under {@code policy}. With {@code freeBase} ≥ 0, the branch of every
     * lower-dimensional piece gets free parameters: {@code branch + Σ θ_j·h_j} over the piece's
     * equalities {@code h_j = 0} (arguments {@code freeBase, freeBase + 1, ...}) — every branch a PAP
     * representation may use there, since the added terms vanish on the piece.
     */
    SymbolicReplay(KinkPolicy policy, Map<String, PapRepresentation> custom, int freeBase) {
        this.policy = policy;
        this.custom = custom;
        this.freeBase = freeBase;
    }

    int freeParameters() {
        return freeCount;
    }

    List<String> inconsistencies() {
        return inconsistencies;
    }

    /** The recorded steps, for operations that refer back to earlier ones ({@code where} to its {@code compare}). */
    private List<Step> steps = List.of();

    void setSteps(List<Step> steps) {
        this.steps = steps;
    }

    Step step(int id) {
        return steps.get(id);
    }

    int arguments() {
        return nextArg;
    }

    AnalyticSet piece() {
        return new AnalyticSet(positive, nonPositive);
    }

    List<PieceChoice> choices() {
        return choices;
    }

    /** Adds a piece's constraints; constant ones (e.g. {@code 0 <= 0} after composition) hold and are dropped. */
    void addConstraint(AnalyticSet s) {
        for (Analytic g : s.positive()) {
            if (!(g instanceof Analytic.Const)) {
                positive.add(g);
            }
        }
        List<Analytic> n = s.nonPositive();
        for (int i = 0; i < n.size(); i++) {
            if (!(n.get(i) instanceof Analytic.Const)) {
                nonPositive.add(n.get(i));
            } else if (i + 1 < n.size() && n.get(i + 1) instanceof Analytic.Call c && c.fn() == Fn.NEG
                    && c.args().get(0) == n.get(i)) {
                i++;
            }
        }
    }

    void addChoice(PieceChoice c) {
        choices.add(c);
    }

    /** The expressions of a value: its node's, or constants. */
    Analytic[] of(Var v) {
        if (v.nodeId() >= 0 && exprs.containsKey(v.nodeId())) {
            return exprs.get(v.nodeId());
        }
        Tensor t = v.value();
        Analytic[] out = new Analytic[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c(t.get(i));
        }
        return out;
    }

    void replay(Step s) {
        exprs.put(s.id(), step(s));
    }

    private Analytic[] step(Step s) {
        Shape out = s.output().shape();
        int n = out.size();
        Analytic[] r = new Analytic[n];
        List<Var> in = s.inputs();
        return switch (s.op()) {
            case INPUT -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Analytic.arg(nextArg++);
                }
                yield r;
            }
            case ADD -> binary(s, Fn.ADD);
            case SUB -> binary(s, Fn.SUB);
            case MUL, MUL_STRONG -> binary(s, Fn.MUL);
            case DIV -> binary(s, Fn.DIV);
            case VAR_POW -> binary(s, Fn.POW);
            case POW -> rootLike(s, ((Attr.Power) s.attr()).p());
            case NEG, SCALE -> {
                double k = ((Attr.Scale) s.attr()).c();
                yield map(s, a -> a.times(k));
            }
            case RECIPROCAL -> map(s, a -> Analytic.call(Fn.DIV, c(1), a));
            case EXP -> map(s, a -> Analytic.call(Fn.EXP, a));
            case LOG -> map(s, a -> Analytic.call(Fn.LOG, a));
            case SQRT -> rootLike(s, 0.5);
            case SIN -> map(s, a -> Analytic.call(Fn.SIN, a));
            case COS -> map(s, a -> Analytic.call(Fn.COS, a));
            case TANH -> map(s, a -> Analytic.call(Fn.TANH, a));
            case SIGMOID -> map(s, a -> Analytic.call(Fn.SIGMOID, a));
            case SOFTPLUS -> map(s, a -> Analytic.call(Fn.SOFTPLUS, a));
            case SUM, RESHAPE, TRANSPOSE, SLICE, CONCAT, BROADCAST_TO, SUM_TO -> Structural.gather(s, this);
            case MATMUL -> Structural.matmul(s, of(in.get(0)), of(in.get(1)));
            case WHERE -> Structural.where(s, of(in.get(0)), of(in.get(1)), this);
            case COMPARE -> of(s.output());
            case MAX_MIN -> frozen(s, Declarations.binary(s.family(), policy), in);
            case REDUCE_EXTREME -> Structural.reduce(s, s.family(), policy, this);
            case PIECEWISE -> frozen(s, Declarations.unary(s.family(), ((Attr.Params) s.attr()).values(), policy), in);
            case CUSTOM -> {
                PapRepresentation user = custom.get(s.name());
                if (user == null) {
                    throw new UnsupportedOperationException("the induced representation does not know the operation '"
                            + s.name() + "': declare its PAP representation");
                }
                yield frozen(s, user, in);
            }
        };
    }

    private Analytic[] map(Step s, java.util.function.UnaryOperator<Analytic> f) {
        Analytic[] a = of(s.inputs().get(0));
        Analytic[] r = new Analytic[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = f.apply(a[i]);
        }
        return r;
    }

    /**
     * x^p (sqrt is p = ½). Off 0, or for integer p, one analytic piece. A non-integer p at exactly
     * 0 lies on the lower-dimensional piece {x = 0} of the PAP representation {x > 0 ↦ x^p,
     * x = 0 ↦ s·x}, where s is 0 for p &gt; 1 and the policy's finite value for p &lt; 1.
     */
    private Analytic[] rootLike(Step s, double p) {
        Var x = s.inputs().get(0);
        boolean integer = p == Math.rint(p);
        Analytic[] a = of(x);
        Analytic[] r = new Analytic[a.length];
        for (int i = 0; i < a.length; i++) {
            Analytic power = p == 0.5 ? Analytic.call(Fn.SQRT, Analytic.arg(0)) : new Analytic.Power(Analytic.arg(0), p);
            if (integer || x.value().get(i) != 0) {
                r[i] = power.substitute(List.of(a[i]));
                continue;
            }
            double slope = p > 1 ? 0 : policy.infiniteSlope();
            PapRepresentation rep = PapRepresentation.of(1, v -> Math.pow(v[0], p), List.of(
                    new Piece("x > 0", AnalyticSet.positive(Analytic.arg(0)), power, false),
                    new Piece("x = 0", AnalyticSet.zero(Analytic.arg(0)), Analytic.arg(0).times(slope), true)));
            r[i] = apply(s, i, rep, new double[] {0}, List.of(a[i]));
        }
        return r;
    }

    private Analytic[] binary(Step s, Fn fn) {
        Var a = s.inputs().get(0);
        Var b = s.inputs().get(1);
        Analytic[] ea = of(a);
        Analytic[] eb = of(b);
        Shape out = s.output().shape();
        Analytic[] r = new Analytic[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Analytic.call(fn, ea[ElementSources.broadcastSource(a.shape(), out, i)],
                    eb[ElementSources.broadcastSource(b.shape(), out, i)]);
        }
        return r;
    }

    /** Elementwise (broadcasting) application of a representation to the step's inputs. */
    private Analytic[] frozen(Step s, PapRepresentation rep, List<Var> inputs) {
        Shape out = s.output().shape();
        Analytic[] r = new Analytic[out.size()];
        List<Analytic[]> es = new ArrayList<>();
        for (Var v : inputs) {
            es.add(of(v));
        }
        for (int i = 0; i < r.length; i++) {
            double[] x = new double[inputs.size()];
            List<Analytic> args = new ArrayList<>();
            for (int j = 0; j < x.length; j++) {
                int src = ElementSources.broadcastSource(inputs.get(j).shape(), out, i);
                x[j] = inputs.get(j).value().get(src);
                args.add(es.get(j)[src]);
            }
            r[i] = apply(s, i, rep, x, args);
        }
        return r;
    }

    /**
     * Chooses the piece of {@code rep} containing {@code x}, records it, and returns its composed
     * branch. A non-finite argument that lies in no piece (NaN from an unselected branch of
     * {@code where} evaluated outside its domain; floor of an overflow to infinity) gets no piece: the
     * element is the constant it evaluates to, as floating point computes it, and the output is
     * refused as not finite wherever such a value reaches it.
     */
    Analytic apply(Step s, int element, PapRepresentation rep, double[] x, List<Analytic> args) {
        for (double v : x) {
            if (!Double.isFinite(v) && rep.piecesContaining(x).isEmpty()) {
                return Analytic.c(rep.value(x));
            }
        }
        Piece p = rep.pieceAt(x);
        addConstraint(p.set().substitute(args));
        choices.add(new PieceChoice(s.id(), s.name(), element, p.label(), p.lowerDimensional(), x));
        Analytic branch = p.branch().substitute(args);
        String bad = Tangential.check(rep, p, x);
        if (bad != null) {
            inconsistencies.add(s.name() + " (node " + s.id() + ", element " + element + "): " + bad);
        }
        if (freeBase >= 0) {
            for (Analytic h : Tangential.equalities(p, x)) {
                branch = branch.plus(h.substitute(args).times(Analytic.arg(freeBase + freeCount++)));
            }
        }
        return branch;
    }
}
