package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.Op;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Constant powers {@code u^p} (sqrt: p = ½) at a base element ů = 0, where x^p is not smooth for a
 * non-integer p. Three facts decide them (docs/theory/abs-normal.md, "Powers at zero"):
 * <ul>
 *   <li>u = t^q with an even integer q (t·t is q = 2): u^p = |t|^r with r = q·p, so r = 1 is
 *       {@code |t|} (lowered to abs: sqrt(x·x) = |x|), r &gt; 1 is C¹ at t̊ = 0 with derivative 0, and
 *       r &lt; 1 is not Lipschitz there.</li>
 *   <li>p &gt; 1 and u ≥ 0 near the point (structurally: relu, abs, exp, even powers, sums and
 *       products of such, ...): u is locally Lipschitz with u(x̊) = 0, so |u(x)^p − u(y)^p| ≤
 *       p·max(u(x), u(y))^{p−1}·|u(x) − u(y)| = O(‖x − x̊‖^{p−1})·‖x − y‖: u^p is strictly
 *       differentiable at x̊ with derivative 0 (relu(x)^1.5 at 0).</li>
 *   <li>otherwise p &lt; 1 is not Lipschitz (sqrt(relu(x)) at 0), and p &gt; 1 on a base that may be
 *       negative nearby leaves its domain on one side (x^1.5 at 0): a reason, not a model.</li>
 * </ul>
 */
final class Powers {

    private final AnfBuilder b;
    private final Map<Integer, Step> steps = new HashMap<>();
    private final Map<Integer, Boolean> nonnegative = new HashMap<>();

    Powers(AnfBuilder b) {
        this.b = b;
    }

    /** Makes step {@code s} known, so later powers can look at how their base was computed. */
    void record(Step s) {
        steps.put(s.id(), s);
    }

    /**
     * The model of element {@code i} of {@code s} = u^p at ů = 0, p not an integer; null after
     * recording a reason when the power is not Lipschitz or not defined around the point.
     */
    Affine atZero(Step s, int i, double p, Affine u, double y) {
        String what = what(p);
        Step base = steps.get(s.inputs().get(0).nodeId());
        double q = evenPower(base);
        if (q > 0) {
            Affine t = b.of(base.inputs().get(0))[i];
            double r = q * p;
            if (r == 1) {
                b.exactAs(List.of(base.inputs().get(0))); // |t| is exact when t is, though t·t is not affine
                return b.abs(t, s, i, what + " of a square: |x|", 0);
            }
            if (r > 1) {
                return smoothZero(u, y);
            }
            b.reason(what + " at 0 (node " + s.id() + ") of an even power: |t|^" + r + " is not Lipschitz at t = 0");
            return null;
        }
        List<Square> squares = new ArrayList<>();
        if (sumOfSquares(s.inputs().get(0), 1, squares)) {   // one square here is a scaled one: 2*y*y, 3*(t*t)
            Affine m = norm(s, i, p, squares, u, y);
            if (m == FAILED) {
                return null;
            }
            if (m != null) {
                return m;
            }
        }
        if (p > 1 && nonnegative(s.inputs().get(0))) {
            return smoothZero(u, y);
        }
        b.reason(what + " at 0 (node " + s.id() + "): not abs-smooth there ("
                + (p < 1 && nonnegative(s.inputs().get(0)) ? "infinite slope: not Lipschitz"
                        : "its base may be negative nearby, outside the domain") + ")");
        return null;
    }

    /** What {@link #norm} returns after recording why it cannot decide (its caller then records nothing more). */
    private static final Affine FAILED = Affine.constant(Double.NaN);

    private static String what(double p) {
        return p == 0.5 ? "sqrt" : "x^" + p;
    }

    /** One term c·t² of a sum of squares. */
    private record Square(double weight, Var base) {
    }

    /**
     * u = (Σ c_k·t_k²)^p at u = 0, so every t_k = 0: with w = (√c_k·t_k), u^p = ‖w‖^r, r = 2p. r &gt; 1
     * is C¹ with derivative 0 (‖·‖^r is, and w is Lipschitz); r = 1 is the norm ‖T·Δx‖ to first
     * order, T the rows √c_k·∇t_k: |τ·Δx|·κ when T has rank 1 (rows λ_k·τ, κ = ‖λ‖), 0 when T = 0,
     * else kept as a {@link EuclideanNorm}. Null (nothing decided) when r &lt; 1; {@link #FAILED},
     * with the reason recorded, when a t_k has no gradient (it sits on an active kink).
     */
    private Affine norm(Step s, int i, double p, List<Square> squares, Affine u, double y) {
        double r = 2 * p;
        if (r > 1) {
            return smoothZero(u, y);
        }
        if (r < 1) {
            return null;
        }
        double[][] t = new double[squares.size()][];
        for (int k = 0; k < t.length; k++) {
            double[] g = b.jacobian(b.of(squares.get(k).base())[i]);
            if (g == null) {
                b.reason(what(p) + " at 0 (node " + s.id() + "): a Euclidean norm at 0 whose argument sits on an active"
                        + " kink (Lipschitz, not decided)");
                return FAILED;
            }
            double w = Math.sqrt(squares.get(k).weight());
            t[k] = new double[g.length];
            for (int c = 0; c < g.length; c++) {
                t[k][c] = w * g[c];
            }
        }
        int rank = ExactRank.rank(t);
        if (rank == 0) {
            return smoothZero(u, y);
        }
        List<Var> bases = new ArrayList<>();
        for (Square q : squares) {
            bases.add(q.base());
        }
        if (rank > 1) {
            return b.norm(s, i, t, bases);
        }
        double[] tau = null;
        for (double[] row : t) {
            if (tau == null && Vectors.dot(row, row) > 0) {
                tau = row;
            }
        }
        double kappa = 0;
        for (double[] row : t) {
            double lambda = Vectors.dot(row, tau) / Vectors.dot(tau, tau);
            kappa += lambda * lambda;
        }
        Affine z = new Affine(0, tau.clone(), new double[0], true);
        b.nonlinear(u);
        b.exactAs(bases); // affine t_k with proportional gradients are proportional: κ·|τ·Δx| exactly
        return Affine.combine(y, new double[] {Math.sqrt(kappa)}, b.abs(z, s, i, "norm of rank 1", 0));
    }

    /**
     * Whether {@code v} is Σ weight·c_k·t_k² elementwise (sums, positive multiples by a scale or a
     * constant, squares t·t or t^2, and products (a·t)·(b·t) with a·b ≥ 0), collecting the terms.
     */
    private boolean sumOfSquares(Var v, double weight, List<Square> out) {
        Step s = v.nodeId() >= 0 ? steps.get(v.nodeId()) : null;
        if (s == null || !s.inputs().stream().allMatch(x -> x.shape().equals(s.output().shape()))) {
            return false;
        }
        if (evenPower(s) == 2) {
            out.add(new Square(weight, unsigned(s.inputs().get(0))));
            return true;
        }
        for (int k = 0; k < 2 && (s.op() == Op.MUL || s.op() == Op.MUL_STRONG); k++) {   // y*y*3: a positive constant (≥ 0) times a sum of squares
            double c = uniformConstant(s.inputs().get(k));
            if (c >= 0 && !Double.isInfinite(c)) {   // (0 keeps a row of zeros: 0·t² is 0 wherever t is finite)
                return sumOfSquares(s.inputs().get(1 - k), weight * c, out);
            }
        }
        Square scaled = scaledSquare(s);
        if (scaled != null) {
            out.add(new Square(weight * scaled.weight(), scaled.base()));
            return true;
        }
        return switch (s.op()) {
            case ADD -> sumOfSquares(s.inputs().get(0), weight, out) && sumOfSquares(s.inputs().get(1), weight, out);
            case SCALE -> ((Attr.Scale) s.attr()).c() > 0 && sumOfSquares(s.inputs().get(0), weight * ((Attr.Scale) s.attr()).c(), out);
            default -> false;
        };
    }

    /**
     * A positive multiple of a square read off a product whose two factors are constant multiples of
     * one function t, (a·t)·(b·t) = a·b·t² with a·b ≥ 0 — {@code 2*y*y} is {@code (2*y)*y},
     * {@code (2*y)*(y*2)}, {@code (-y)*(-y)}; null otherwise (a·b &lt; 0 is no square: {@code (-y)*y} = −y²).
     */
    private Square scaledSquare(Step s) {
        if (s.op() != Op.MUL && s.op() != Op.MUL_STRONG) {
            return null;
        }
        double[] c = {1};
        Var f = unscaled(s.inputs().get(0), c);
        Var g = unscaled(s.inputs().get(1), c);
        if (!(c[0] >= 0) || Double.isInfinite(c[0]) || f.nodeId() < 0 || !sameFunction(f, g, SAME_DEPTH)) {
            return null;
        }
        return new Square(c[0], unsigned(f));
    }

    /** t for {@code abs(t)} (|t|² = t², and t keeps a gradient where |t| sits on its kink), else v. */
    private Var unsigned(Var v) {
        Step s = v.nodeId() >= 0 ? steps.get(v.nodeId()) : null;
        return s != null && s.op() == Op.PIECEWISE && s.family() == Family.ABS ? s.inputs().get(0) : v;
    }

    /**
     * {@code v} with its constant factors taken off — {@code scale}, {@code neg}, and products with a
     * constant whose elements are all one number — their product multiplied into {@code c[0]}.
     */
    private Var unscaled(Var v, double[] c) {
        for (int depth = 0; depth < SAME_DEPTH && v.nodeId() >= 0; depth++) {
            Step s = steps.get(v.nodeId());
            if (s == null) {
                return v;
            }
            if (s.op() == Op.SCALE) {
                c[0] *= ((Attr.Scale) s.attr()).c();
                v = s.inputs().get(0);
            } else if (s.op() == Op.NEG) {
                c[0] = -c[0];
                v = s.inputs().get(0);
            } else if ((s.op() == Op.MUL || s.op() == Op.MUL_STRONG) && !Double.isNaN(uniformConstant(s.inputs().get(0)))) {
                c[0] *= uniformConstant(s.inputs().get(0));
                v = s.inputs().get(1);
            } else if ((s.op() == Op.MUL || s.op() == Op.MUL_STRONG) && !Double.isNaN(uniformConstant(s.inputs().get(1)))) {
                c[0] *= uniformConstant(s.inputs().get(1));
                v = s.inputs().get(0);
            } else {
                return v;
            }
        }
        return v;
    }

    /** The one number every element of constant {@code v} holds, or NaN when v is recorded or holds several. */
    private static double uniformConstant(Var v) {
        if (v.nodeId() >= 0 || v.value().size() == 0) {
            return Double.NaN;
        }
        Tensor t = v.value();
        double first = t.get(0);
        for (int i = 1; i < t.size(); i++) {
            if (Double.doubleToRawLongBits(t.get(i)) != Double.doubleToRawLongBits(first)) {
                return Double.NaN;
            }
        }
        return first;
    }

    /** C¹ with derivative 0 at the point: the model keeps only the value (first order). */
    private Affine smoothZero(Affine u, double y) {
        b.nonlinear(u);
        return new Affine(y, new double[0], new double[0], true);
    }

    /**
     * q when {@code base} is t^q for an even integer q or t·t (q = 2), elementwise; else 0. The two
     * factors of t·t may be different nodes computing the same function ({@link #sameFunction}):
     * {@code (x - y)*(x - y)} is a square as much as {@code let d = x - y in d*d}.
     */
    private double evenPower(Step base) {
        if (base == null) {
            return 0;
        }
        if (base.op() == Op.POW && base.attr() instanceof Attr.Power pw) {
            double q = pw.p();
            return q > 0 && q == Math.rint(q) && q % 2 == 0 ? q : 0;
        }
        if ((base.op() == Op.MUL || base.op() == Op.MUL_STRONG) && base.inputs().get(0).nodeId() >= 0
                && sameFunction(base.inputs().get(0), base.inputs().get(1), SAME_DEPTH)) {
            return 2;
        }
        return 0;
    }

    /** How deep {@link #sameFunction} follows two expressions before it answers no. */
    static final int SAME_DEPTH = 32;

    /**
     * Whether {@code a} and {@code b} compute the same function of the inputs: the same node, equal
     * constants, or the same smooth operation or piecewise family (with equal attributes) on operands
     * that are the same function, up to {@code depth} levels. Only pure elementwise operations
     * qualify, so equal structure means equal values everywhere, not only at this point; no answer is
     * a safe no.
     */
    private boolean sameFunction(Var a, Var b, int depth) {
        if (a.nodeId() >= 0 && a.nodeId() == b.nodeId()) {
            return true;
        }
        if (a.nodeId() < 0 || b.nodeId() < 0) {
            return a.nodeId() < 0 && b.nodeId() < 0 && sameBits(a.value(), b.value());
        }
        Step sa = steps.get(a.nodeId());
        Step sb = steps.get(b.nodeId());
        if (depth == 0 || sa == null || sb == null || sa.op() != sb.op() || !(pure(sa.op()) || samePiecewise(sa, sb))
                || !java.util.Objects.equals(sa.attr(), sb.attr()) || sa.inputs().size() != sb.inputs().size()
                || !sa.output().shape().equals(sb.output().shape())) {
            return false;
        }
        for (int k = 0; k < sa.inputs().size(); k++) {
            if (!sameFunction(sa.inputs().get(k), sb.inputs().get(k), depth - 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two steps apply one piecewise family (same family, same name: relu and relu, abs and
     * abs; parameters are compared as attributes): a function of its inputs like any other, whatever
     * AD's policy makes of its kinks.
     */
    private static boolean samePiecewise(Step a, Step b) {
        return (a.op() == Op.PIECEWISE || a.op() == Op.MAX_MIN) && a.family() != null && a.family() == b.family()
                && java.util.Objects.equals(a.name(), b.name());
    }

    private static boolean pure(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, MUL_STRONG, DIV, NEG, SCALE, POW, EXP, LOG, SIN, COS, TANH, SIGMOID, SOFTPLUS -> true;
            default -> false;
        };
    }

    private static boolean sameBits(Tensor x, Tensor y) {
        if (!x.shape().equals(y.shape()) || x.dtype() != y.dtype()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (Double.doubleToRawLongBits(x.get(i)) != Double.doubleToRawLongBits(y.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every element of {@code v} is ≥ 0 wherever it is defined, by how it was computed. */
    boolean nonnegative(Var v) {
        Step s = v.nodeId() >= 0 ? steps.get(v.nodeId()) : null;
        if (s == null) {
            Tensor t = v.value();
            for (int i = 0; i < t.size(); i++) {
                if (!(t.get(i) >= 0)) {
                    return false;
                }
            }
            return v.nodeId() < 0 || constantNode(v);
        }
        Boolean known = nonnegative.get(s.id());
        if (known == null) {
            known = nonnegativeStep(s);
            nonnegative.put(s.id(), known);
        }
        return known;
    }

    private boolean constantNode(Var v) {
        for (Affine a : b.of(v)) {
            if (!a.isConstant()) {
                return false;
            }
        }
        return true;
    }

    private boolean nonnegativeStep(Step s) {
        var in = s.inputs();
        return switch (s.op()) {
            case EXP, SIGMOID, SOFTPLUS, SQRT -> true;
            case POW -> {
                double q = ((Attr.Power) s.attr()).p();
                yield q != Math.rint(q) || q % 2 == 0 || nonnegative(in.get(0));
            }
            case MUL, MUL_STRONG -> evenPower(s) > 0 || nonnegative(in.get(0)) && nonnegative(in.get(1));
            case ADD, DIV -> nonnegative(in.get(0)) && nonnegative(in.get(1));
            case SCALE -> ((Attr.Scale) s.attr()).c() >= 0 && nonnegative(in.get(0));
            case SUM, RESHAPE, TRANSPOSE, SLICE, BROADCAST_TO, SUM_TO -> nonnegative(in.get(0));
            case MAX_MIN -> s.family() == Family.MAX ? nonnegative(in.get(0)) || nonnegative(in.get(1))
                    : nonnegative(in.get(0)) && nonnegative(in.get(1));
            case PIECEWISE -> nonnegativeFamily(s.family()) || s.family() == Family.CLAMP
                    && ((Attr.Params) s.attr()).values()[0] >= 0;
            default -> false;
        };
    }

    private static boolean nonnegativeFamily(Family f) {
        return f == Family.RELU || f == Family.ABS || f == Family.RELU6 || f == Family.HARDSIGMOID;
    }
}
