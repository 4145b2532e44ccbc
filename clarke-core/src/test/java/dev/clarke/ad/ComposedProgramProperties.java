package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Random programs over two scalar inputs, built from unary and binary primitives (analytic and
 * piecewise). For each: reverse mode equals forward mode with unit tangents (tight), and both equal
 * central differences of an independent plain-double evaluation (loose) whenever the point is more
 * than 1e-3 from every kink of every piecewise node and x ± h stays on the same pieces.
 */
class ComposedProgramProperties {

    /** A unary step: Clarke operation, plain twin, kink points on its input (none: smooth). */
    enum U {
        SIN(Var::sin, Math::sin), COS(Var::cos, Math::cos), TANH(Var::tanh, Math::tanh),
        SIGMOID(Var::sigmoid, x -> 1 / (1 + Math.exp(-x))), SOFTPLUS(Var::softplus, x -> Math.log1p(Math.exp(x))),
        EXP(Var::exp, Math::exp), NEG(Var::neg, x -> -x), SQUARE(x -> x.pow(2), x -> x * x),
        SCALE(x -> x.mul(0.7).add(0.3), x -> 0.7 * x + 0.3),
        LOG1P_SQ(x -> x.mul(x).add(1).log(), x -> Math.log(1 + x * x)),
        SQRT_1P_SQ(x -> x.pow(2).add(1).sqrt(), x -> Math.sqrt(x * x + 1)),
        RELU(Var::relu, x -> Math.max(x, 0), 0), LEAKY(x -> x.leakyRelu(0.2), x -> x > 0 ? x : 0.2 * x, 0),
        ABS(Var::abs, Math::abs, 0), SIGN(Var::sign, Math::signum, 0),
        HARDTANH(Var::hardtanh, x -> Math.max(-1, Math.min(1, x)), -1, 1),
        RELU6(Var::relu6, x -> Math.max(0, Math.min(6, x)), 0, 6),
        HARDSIGMOID(Var::hardsigmoid, x -> Math.max(0, Math.min(1, x / 6 + 0.5)), -3, 3),
        HARDSWISH(Var::hardswish, x -> x * Math.max(0, Math.min(6, x + 3)) / 6, -3, 3),
        CLAMP(x -> x.clamp(-0.5, 2), x -> Math.max(-0.5, Math.min(2, x)), -0.5, 2),
        FLOOR(Var::floor, Math::floor), ROUND(Var::round, Math::rint);

        final UnaryOperator<Var> op;
        final DoubleUnaryOperator plain;
        final double[] kinks;

        U(UnaryOperator<Var> op, DoubleUnaryOperator plain, double... kinks) {
            this.op = op;
            this.plain = plain;
            this.kinks = kinks;
        }

        /** Distance of x to the nearest kink (floor: integers, round: half-integers). */
        double kinkDistance(double x) {
            if (this == FLOOR || this == ROUND) {
                double y = this == FLOOR ? x : x - 0.5;
                return Math.abs(y - Math.rint(y));
            }
            double d = Double.POSITIVE_INFINITY;
            for (double k : kinks) {
                d = Math.min(d, Math.abs(x - k));
            }
            return d;
        }

        /** Which piece x lies on: the number of kinks below it (floor/round: the integer part). */
        double piece(double x) {
            if (this == FLOOR || this == ROUND) {
                return plain.applyAsDouble(x);
            }
            int p = 0;
            for (double k : kinks) {
                p += x > k ? 1 : 0;
            }
            return p;
        }
    }

    /** A binary step; max and min switch on a − b. */
    enum B {
        ADD(Var::add, Double::sum, false), SUB(Var::sub, (a, b) -> a - b, false),
        MUL(Var::mul, (a, b) -> a * b, false), MAX(Var::max, Math::max, true), MIN(Var::min, Math::min, true),
        DIV_1P_SQ((a, b) -> a.div(b.mul(b).add(1)), (a, b) -> a / (1 + b * b), false);

        final BinaryOperator<Var> op;
        final DoubleBinaryOperator plain;
        final boolean kinkAtTie;

        B(BinaryOperator<Var> op, DoubleBinaryOperator plain, boolean kinkAtTie) {
            this.op = op;
            this.plain = plain;
            this.kinkAtTie = kinkAtTie;
        }
    }

    sealed interface Expr permits In, Const, Un, Bin {
    }

    record In(int index) implements Expr {
    }

    record Const(double value) implements Expr {
    }

    record Un(U op, Expr arg) implements Expr {
    }

    record Bin(B op, Expr left, Expr right) implements Expr {
    }

    /** Plain evaluation, recording every piecewise node's kink distance and piece. */
    static final class Plain {
        double minKinkDistance = Double.POSITIVE_INFINITY;
        double maxMagnitude;
        final List<Double> pieces = new ArrayList<>();

        double eval(Expr e, double[] x) {
            double v;
            if (e instanceof In in) {
                v = x[in.index()];
            } else if (e instanceof Const c) {
                v = c.value();
            } else if (e instanceof Un u) {
                double a = eval(u.arg(), x);
                minKinkDistance = Math.min(minKinkDistance, u.op().kinkDistance(a));
                pieces.add(u.op().piece(a));
                v = u.op().plain.applyAsDouble(a);
            } else {
                Bin b = (Bin) e;
                double l = eval(b.left(), x);
                double r = eval(b.right(), x);
                if (b.op().kinkAtTie) {
                    minKinkDistance = Math.min(minKinkDistance, Math.abs(l - r));
                    pieces.add(l > r ? 1.0 : 0.0);
                }
                v = b.op().plain.applyAsDouble(l, r);
            }
            maxMagnitude = Math.max(maxMagnitude, Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.abs(v));
            return v;
        }
    }

    static Var build(Expr e, Trace t, Var[] x) {
        if (e instanceof In in) {
            return x[in.index()];
        }
        if (e instanceof Const c) {
            return t.constant(c.value());
        }
        if (e instanceof Un u) {
            return u.op().op.apply(build(u.arg(), t, x));
        }
        Bin b = (Bin) e;
        return b.op().op.apply(build(b.left(), t, x), build(b.right(), t, x));
    }

    @Provide
    Arbitrary<Expr> programs() {
        return expr(5);
    }

    private Arbitrary<Expr> expr(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1).map(In::new),
                Arbitraries.integers().between(0, 1).map(In::new),
                Arbitraries.doubles().between(-2, 2).ofScale(2).map(Const::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(1, leaf),
                Tuple.of(3, Combinators.combine(Arbitraries.of(U.class), sub).as(Un::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(B.class), sub, sub).as(Bin::new)));
    }

    private static double plainValue(Expr e, double[] x) {
        return new Plain().eval(e, x);
    }

    @Property(tries = 3000, maxDiscardRatio = 20)
    void reverseEqualsForwardEqualsCentralDifferences(@ForAll("programs") Expr program,
                                                      @ForAll @DoubleRange(min = -3, max = 3) double x0,
                                                      @ForAll @DoubleRange(min = -3, max = 3) double x1) {
        double[] x = {x0, x1};
        Plain at = new Plain();
        double expected = at.eval(program, x);
        Assume.that(at.maxMagnitude <= 1e3);

        Trace t = new Trace();
        Var[] in = {t.input(x0), t.input(x1)};
        Var y = build(program, t, in);
        assertEquals(expected, y.item(), 1e-12 * (1 + Math.abs(expected)), "value of " + program);

        double[] forward = new double[2];
        for (int i = 0; i < 2; i++) {
            forward[i] = t.jvp(y, Map.of(in[i], dev.clarke.tensor.Tensor.scalar(1, t.dtype()))).item();
        }
        Gradients g = t.grad(y, in);
        for (int i = 0; i < 2; i++) {
            double gi = g.of(in[i]).item();
            assertEquals(gi, forward[i], 1e-9 * (1 + Math.abs(gi)), "reverse vs forward, d/dx" + i + " of " + program);
        }

        // Central differences: only where every kink is > 1e-3 away and x ± h stays on the same pieces.
        Assume.that(at.minKinkDistance > GradCheck.MARGIN);
        for (int i = 0; i < 2; i++) {
            double gi = g.of(in[i]).item();
            Assume.that(Math.abs(gi) < 1e4);
            double h = 1e-6;
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            Plain p = new Plain();
            Plain m = new Plain();
            double fp = p.eval(program, xp);
            double fm = m.eval(program, xm);
            Assume.that(p.pieces.equals(at.pieces) && m.pieces.equals(at.pieces));
            double cd = (fp - fm) / (2 * h);
            assertEquals(cd, gi, 1e-4 * (1 + Math.abs(gi)), "central difference, d/dx" + i + " of " + program
                    + " at " + java.util.Arrays.toString(x));
        }
    }

    @Property(tries = 300)
    void programsWithoutInputsHaveZeroGradient(@ForAll("programs") Expr program) {
        // Replace every input by a constant: the output no longer depends on x, so both modes give 0.
        Expr closed = close(program);
        Assume.that(Double.isFinite(plainValue(closed, new double[2])) && Math.abs(plainValue(closed, new double[2])) < 1e300);
        Trace t = new Trace();
        Var x = t.input(0.5);
        Var y = build(closed, t, new Var[] {x, x}).add(x.mul(0.0));
        assertEquals(0.0, t.jvp(y, Map.of(x, dev.clarke.tensor.Tensor.scalar(1, t.dtype()))).item());
        assertEquals(0.0, t.grad(y, x).of(x).item());
    }

    private static Expr close(Expr e) {
        if (e instanceof In in) {
            return new Const(0.25 + in.index());
        }
        if (e instanceof Un u) {
            return new Un(u.op(), close(u.arg()));
        }
        if (e instanceof Bin b) {
            return new Bin(b.op(), close(b.left()), close(b.right()));
        }
        return e;
    }
}
