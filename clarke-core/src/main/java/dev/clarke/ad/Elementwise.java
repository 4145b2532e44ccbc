package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Tensor;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The analytic elementwise primitives, each one line: name, value, and slope as a differentiable
 * function of the input x and the output y. Reverse and forward rules are then the strong-zero
 * products g·slope and t·slope, and differentiating a rule again differentiates the slope.
 * Where a one-sided slope is infinite (sqrt and x^p with 0 &lt; p &lt; 1 at 0) the policy's finite
 * value is used.
 */
final class Elementwise {

    private static final Kernels K = Kernels.get();

    private Elementwise() {
    }

    // Each primitive's rule is built once from its slope and shared by all its nodes (see Node.Rule).
    private static final SlopeRule EXP = new SlopeRule((in, y) -> y);
    private static final SlopeRule LOG = new SlopeRule((in, y) -> Arith.reciprocal(in));
    private static final SlopeRule SQRT = new SlopeRule((in, y) -> atZero(in, in.trace.policy().infiniteSlope(),
            safe -> Arith.reciprocal(safe.sqrt()).mul(0.5)));
    private static final SlopeRule SIN = new SlopeRule((in, y) -> in.cos());
    private static final SlopeRule COS = new SlopeRule((in, y) -> in.sin().neg());
    private static final SlopeRule TANH = new SlopeRule((in, y) -> y.mul(y).neg().add(1));
    private static final SlopeRule SIGMOID = new SlopeRule((in, y) -> y.mul(y.neg().add(1)));
    private static final SlopeRule SOFTPLUS = new SlopeRule((in, y) -> in.sigmoid());

    static Var exp(Var x) {
        return unary(Op.EXP, x, Math::exp, EXP, (v, y) -> y);
    }

    static Var log(Var x) {
        Domain.check(x.trace, "log", x.value(), v -> v <= 0, "log of a non-positive number");
        return unary(Op.LOG, x, Math::log, LOG, (v, y) -> 1.0 / v);
    }

    static Var sqrt(Var x) {
        Domain.check(x.trace, "sqrt", x.value(), v -> v < 0, "sqrt of a negative number");
        int mark = x.trace.logMark();
        logZeros(x, "sqrt");
        return x.trace.record(Op.SQRT, K.map(x.value(), Math::sqrt), new Var[] {x}, SQRT, mark);
    }

    static Var sin(Var x) {
        return unary(Op.SIN, x, Math::sin, SIN, (v, y) -> Math.cos(v));
    }

    static Var cos(Var x) {
        return unary(Op.COS, x, Math::cos, COS, (v, y) -> -1.0 * Math.sin(v));
    }

    static Var tanh(Var x) {
        return unary(Op.TANH, x, Math::tanh, TANH, (v, y) -> -1.0 * (y * y) + 1.0);
    }

    static Var sigmoid(Var x) {
        return unary(Op.SIGMOID, x, Elementwise::sigmoid, SIGMOID, (v, y) -> y * (-1.0 * y + 1.0));
    }

    static Var softplus(Var x) {
        return unary(Op.SOFTPLUS, x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), SOFTPLUS,
                (v, y) -> sigmoid(v));
    }

    static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }

    /**
     * x^p for a constant p. Integer p: every x (x = 0 with p &lt; 0 is a division by zero).
     * Non-integer p: x ≥ 0 (x = 0 with p &lt; 0 excluded); at 0 the slope is 0 for p &gt; 1 and the
     * policy's finite value for p &lt; 1.
     */
    static Var pow(Var x, double p) {
        return x.trace.tag(powUntagged(x, p), new Attr.Power(p));
    }

    private static Var powUntagged(Var x, double p) {
        boolean integer = p == Math.rint(p) && Math.abs(p) < 1e9;
        if (integer) {
            Domain.check(x.trace, "pow", x.value(), v -> v == 0 && p < 0, "division by zero");
        } else {
            Domain.check(x.trace, "pow", x.value(), v -> v < 0 || (v == 0 && p < 0),
                    "a real power of a negative number or of zero");
        }
        Op name = Op.POW;
        if (p == 0) {
            return unary(name, x, v -> 1, new SlopeRule((in, y) -> in.trace.constant(Tensor.zeros(in.shape(), in.dtype()))));
        }
        if (p == 1) {
            return unary(name, x, v -> v, new SlopeRule((in, y) -> in.trace.constant(Tensor.ones(in.shape(), in.dtype()))));
        }
        if (integer && p > 1) {
            return unary(name, x, v -> intPow(v, (int) p), new SlopeRule((in, y) -> in.pow(p - 1).mul(p)));
        }
        double fill = p > 1 ? 0 : x.trace.policy().infiniteSlope();
        int mark = x.trace.logMark();
        if (p < 1) {
            logZeros(x, "pow");
        }
        return x.trace.record(name, K.map(x.value(), integer ? v -> intPow(v, (int) p) : v -> Math.pow(v, p)),
                new Var[] {x}, new SlopeRule((in, y) -> atZero(in, fill, safe -> safe.pow(p - 1).mul(p))), mark);
    }

    /**
     * Logs, as kink hits of the next node, the elements where x is 0: there sqrt and x^p (0 &lt; p &lt; 1)
     * have an infinite one-sided derivative and the policy's configured finite value is used instead.
     */
    private static void logZeros(Var x, String op) {
        dev.clarke.ops.HitSink sink = x.trace.hitSink(op);
        if (sink == null) {
            return;
        }
        Tensor v = x.value();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i) == 0) {
                sink.hit(i, 0.0);
            }
        }
    }

    static double intPow(double v, int p) {
        return p >= 0 ? Math.pow(v, p) : 1 / Math.pow(v, -p);
    }

    /** {@code where(x == 0, fill, f(x'))} with x' = x off 0 and 1 at 0, so f never sees the bad point. */
    static Var atZero(Var x, double fill, java.util.function.UnaryOperator<Var> f) {
        Tensor zero = K.map(x.value(), v -> v == 0 ? 1 : 0);
        Trace t = x.trace;
        Var safe = Control.where(zero, t.constant(x.shape(), 1), x);
        return Control.where(zero, t.constant(x.shape(), fill), f.apply(safe));
    }

    /**
     * The rules of a primitive whose derivative is {@code slope(x, y)}, for input x and output y:
     * reverse {@code g·slope} and forward {@code t·slope}, as strong-zero products.
     */
    record SlopeRule(BinaryOperator<Var> slope) implements Node.Rule {
        @Override
        public Var[] vjp(Node n, Var g) {
            return new Var[] {Arith.strong(g, slope.apply(n.inputs[0], n.output()))};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            return Arith.strong(ts[0], slope.apply(n.inputs[0], n.output()));
        }
    }

    /**
     * As {@link #unary(Op, Var, DoubleUnaryOperator, SlopeRule)}, and for an F64 scalar also
     * its local partial {@code scalarSlope(x, y)}, where {@code scalarSlope} computes in
     * double exactly what the rule's slope computes with differentiable operations.
     */
    static Var unary(Op op, Var x, DoubleUnaryOperator f, SlopeRule slope,
                     java.util.function.DoubleBinaryOperator scalarSlope) {
        Var y = unary(op, x, f, slope);
        if (Trace.scalar64(x) && y.id >= 0) {
            x.trace.partials(y, scalarSlope.applyAsDouble(x.value().item(), y.value().item()), 0.0);
        }
        return y;
    }

    /** Records an elementwise primitive whose derivative is its rule's slope. */
    static Var unary(Op op, Var x, DoubleUnaryOperator f, SlopeRule rule) {
        Trace t = x.trace;
        return t.record(op, K.map(x.value(), f), new Var[] {x}, rule, t.logMark());
    }
}
