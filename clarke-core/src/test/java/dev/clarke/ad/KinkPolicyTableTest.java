package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivative at every kink of every piecewise primitive, through the AD engine, under the
 * uniform policies. Expected values: λ·D⁻ + (1−λ)·D⁺ with D⁻ and D⁺ derived by hand below along the
 * documented switching variable, for λ = ½ (mid), 1 (left), 0 (right) and 0.25 (lambda=0.25).
 */
class KinkPolicyTableTest {

    private static final double[] LAMBDAS = {0.5, 1, 0, 0.25};

    private static KinkPolicy policy(double lambda) {
        return lambda == 0.5 ? KinkPolicy.mid() : lambda == 1 ? KinkPolicy.left()
                : lambda == 0 ? KinkPolicy.right() : KinkPolicy.parse("lambda=" + lambda);
    }

    static double d(KinkPolicy p, double x0, UnaryOperator<Var> f) {
        Trace t = new Trace(p, DType.F64);
        Var x = t.input(x0);
        return t.grad(f.apply(x), x).of(x).item();
    }

    private static Var zero(Var x) {
        return x.trace().constant(0);
    }

    /**
     * name, program, kink x0, D⁻, D⁺ (derivative w.r.t. x on the side where the switching variable
     * is negative / positive).
     */
    static Stream<Arguments> kinks() {
        return Stream.of(
                row("relu at 0", Var::relu, 0, 0, 1),
                row("relu at -0.0", Var::relu, -0.0, 0, 1),
                row("leaky_relu(0.1) at 0", x -> x.leakyRelu(0.1), 0, 0.1, 1),
                row("leaky_relu() at 0", Var::leakyRelu, 0, 0.01, 1),
                row("abs at 0", Var::abs, 0, -1, 1),
                row("abs at -0.0", Var::abs, -0.0, -1, 1),
                row("sign at 0 (both pieces constant)", Var::sign, 0, 0, 0),
                row("clamp(x,-1,2) at lo", x -> x.clamp(-1, 2), -1, 0, 1),
                row("clamp(x,-1,2) at hi", x -> x.clamp(-1, 2), 2, 1, 0),
                row("clamp(x,0,1e300) at 0", x -> x.clamp(0, 1e300), 0, 0, 1),
                row("hardtanh at -1", Var::hardtanh, -1, 0, 1),
                row("hardtanh at 1", Var::hardtanh, 1, 1, 0),
                row("relu6 at 0", Var::relu6, 0, 0, 1),
                row("relu6 at 6", Var::relu6, 6, 1, 0),
                // hardsigmoid = clamp(x/6 + 1/2, 0, 1): slope 1/6 inside
                row("hardsigmoid at -3", Var::hardsigmoid, -3, 0, 1.0 / 6),
                row("hardsigmoid at 3", Var::hardsigmoid, 3, 1.0 / 6, 0),
                // hardswish = x(x+3)/6 inside, slope (2x+3)/6: −1/2 at −3, 3/2 at 3; 0 left, 1 right
                row("hardswish at -3", Var::hardswish, -3, 0, -0.5),
                row("hardswish at 3", Var::hardswish, 3, 1.5, 1),
                // clamp_min(x; lo) = max(x, lo): slopes 0, 1; clamp_max(x; hi) = min(x, hi): slopes 1, 0
                row("clamp_min(-1) at -1", x -> x.clampMin(-1), -1, 0, 1),
                row("clamp_max(2) at 2", x -> x.clampMax(2), 2, 1, 0),
                // softshrink(x; λ) = x + λ below −λ, 0 between, x − λ above λ: slopes 1, 0, 1
                row("softshrink(0.5) at -0.5", x -> x.softshrink(0.5), -0.5, 1, 0),
                row("softshrink(0.5) at 0.5", x -> x.softshrink(0.5), 0.5, 0, 1),
                row("softshrink(2) at -2", x -> x.softshrink(2), -2, 1, 0),
                // hardshrink(x; λ) = x beyond ±λ, 0 between: the same slopes, with jumps
                row("hardshrink(0.5) at -0.5", x -> x.hardshrink(0.5), -0.5, 1, 0),
                row("hardshrink(0.25) at 0.25", x -> x.hardshrink(0.25), 0.25, 0, 1),
                // elu(x; α) = α(eˣ − 1) below 0, x above: slopes α·e⁰ = α and 1
                row("elu(2) at 0", x -> x.elu(2), 0, 2, 1),
                row("elu(0.5) at -0.0", x -> x.elu(0.5), -0.0, 0.5, 1),
                row("floor at 2", Var::floor, 2, 0, 0),
                row("floor at -1", Var::floor, -1, 0, 0),
                row("round at 0.5", Var::round, 0.5, 0, 0),
                row("round at -1.5", Var::round, -1.5, 0, 0),
                // max(a, b), switching a − b: a < b gives b (∂a = 0), a > b gives a (∂a = 1)
                row("max(x, 0) d/dx", x -> x.max(zero(x)), 0, 0, 1),
                // for max(0, x) the switching variable 0 − x is negative when x > 0 (∂x = 1 there)
                row("max(0, x) d/dx", x -> zero(x).max(x), 0, 1, 0),
                // min(a, b): a < b gives a (∂a = 1)
                row("min(x, 0) d/dx", x -> x.min(zero(x)), 0, 1, 0),
                row("min(0, x) d/dx", x -> zero(x).min(x), 0, 0, 1),
                // (x + |x|)/2: (1 + abs′)/2 with abs′ = λ(−1) + (1−λ)(1)
                row("(x+abs(x))/2", x -> x.add(x.abs()).div(2), 0, 0, 1),
                // relu(x) − relu(−x) = x; AD gives relu′(0)·1 + relu′(0) = 2 relu′(0)
                row("relu(x)-relu(-x)", x -> x.relu().sub(x.neg().relu()), 0, 0, 2),
                // relu(−x) + x = max(x, 0); AD gives 1 − relu′(0)
                row("relu(-x)+x", x -> x.neg().relu().add(x), 0, 1, 0),
                // reducing max of [x, 0]: a two-way tie gives (1−λ, λ) to (first, last)
                row("max() of [x, 0]", x -> Var.concat(List.of(x.reshape(1), x.trace().constant(Shape.of(1), 0)), 0).max(),
                        0, 0, 1),
                // reducing min: the same (first, last) = (1 − λ, λ) rule (docs/primitives.md, "Reductions")
                row("min() of [x, 0]", x -> Var.concat(List.of(x.reshape(1), x.trace().constant(Shape.of(1), 0)), 0).min(),
                        0, 0, 1));
    }

    private static Arguments row(String name, UnaryOperator<Var> f, double x0, double dMinus, double dPlus) {
        return Arguments.of(name, f, x0, dMinus, dPlus);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinks")
    void derivativeAtKinkIsTheConvexCombinationOfOneSidedDerivatives(String name, UnaryOperator<Var> f,
                                                                      double x0, double dMinus, double dPlus) {
        for (double lambda : LAMBDAS) {
            double expected = lambda * dMinus + (1 - lambda) * dPlus;
            assertEquals(expected, d(policy(lambda), x0, f), 1e-15, name + " under λ=" + lambda);
        }
    }

    @Test
    void midIsIndependentOfTheSwitchingVariablesOrientation() {
        KinkPolicy mid = KinkPolicy.mid();
        assertEquals(0.5, d(mid, 0, Var::relu));
        assertEquals(0.5, d(mid, 0, x -> x.max(zero(x))));
        assertEquals(0.5, d(mid, 0, x -> zero(x).max(x)));
        assertEquals(0.5, d(mid, 0, x -> x.clamp(0, 1e300)));
        assertEquals(0.5, d(mid, 0, x -> x.add(x.abs()).div(2)));
        assertEquals(0.5, d(mid, 0, x -> x.neg().relu().add(x)));
        // the one-sided choices are not: under left, max(x,0) and max(0,x) give 0 and 1
        assertEquals(0.0, d(KinkPolicy.left(), 0, x -> x.max(zero(x))));
        assertEquals(1.0, d(KinkPolicy.left(), 0, x -> zero(x).max(x)));
    }

    @Test
    void reluMinusReluOfMinusXUnderEachPreset() {
        UnaryOperator<Var> f = x -> x.relu().sub(x.neg().relu());
        assertEquals(1.0, d(KinkPolicy.mid(), 0, f));
        assertEquals(0.0, d(KinkPolicy.left(), 0, f));
        assertEquals(0.0, d(KinkPolicy.pytorch(), 0, f)); // PyTorch's relu′(0) = 0
        assertEquals(2.0, d(KinkPolicy.right(), 0, f));
        UnaryOperator<Var> g = x -> x.neg().relu().add(x);
        assertEquals(0.5, d(KinkPolicy.mid(), 0, g));
        assertEquals(1.0, d(KinkPolicy.left(), 0, g));
        assertEquals(1.0, d(KinkPolicy.pytorch(), 0, g));
        assertEquals(0.0, d(KinkPolicy.right(), 0, g));
    }

    /** Partials (∂a, ∂b) of a binary op at (a0, b0). */
    private static double[] partials(KinkPolicy p, double a0, double b0, boolean max) {
        Trace t = new Trace(p, DType.F64);
        Var a = t.input(a0);
        Var b = t.input(b0);
        Gradients g = t.grad(max ? a.max(b) : a.min(b), a, b);
        return new double[] {g.of(a).item(), g.of(b).item()};
    }

    @Test
    void binaryMaxMinTiesSplitAsOneMinusLambdaAndLambdaSummingToOne() {
        for (double lambda : LAMBDAS) {
            double[] mx = partials(policy(lambda), 1.5, 1.5, true);
            assertEquals(1 - lambda, mx[0], 1e-15, "∂a max, λ=" + lambda);
            assertEquals(lambda, mx[1], 1e-15, "∂b max, λ=" + lambda);
            assertEquals(1.0, mx[0] + mx[1], 1e-15);
            double[] mn = partials(policy(lambda), -2, -2, false);
            assertEquals(lambda, mn[0], 1e-15, "∂a min, λ=" + lambda);
            assertEquals(1 - lambda, mn[1], 1e-15, "∂b min, λ=" + lambda);
        }
        // off the tie, the larger (smaller) argument gets everything, whatever the policy
        double[] off = partials(KinkPolicy.parse("lambda=0.3"), 2, 1, true);
        assertEquals(1.0, off[0]);
        assertEquals(0.0, off[1]);
    }

    /** Gradient of a reduction of x0 (1-D, or [2, 3] when {@code axis} is given). */
    private static double[] reduceGrad(KinkPolicy p, double[] x0, boolean max, Integer axis) {
        Trace t = new Trace(p, DType.F64);
        Shape s = axis == null ? Shape.of(x0.length) : Shape.of(2, x0.length / 2);
        Var x = t.input(Tensor.of(DType.F64, s, x0));
        Var y = axis == null ? (max ? x.max() : x.min()) : (max ? x.max(axis, false) : x.min(axis, false)).sum();
        return t.grad(y, x).of(x).toDoubleArray();
    }

    private static void assertWeights(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15, what + " element " + i);
        }
    }

    @Test
    void reducingMaxMinTies() {
        for (double lambda : LAMBDAS) {
            // two-way tie: (1 − λ, λ) to (first, last), exactly as binary max
            assertWeights(new double[] {1 - lambda, lambda, 0}, reduceGrad(policy(lambda), new double[] {1, 1, 0}, true, null),
                    "max [1,1,0] λ=" + lambda);
            assertWeights(new double[] {0, 1 - lambda, lambda}, reduceGrad(policy(lambda), new double[] {5, -1, -1}, false, null),
                    "min [5,-1,-1] λ=" + lambda);
        }
        double third = 1.0 / 3;
        assertWeights(new double[] {third, third, third}, reduceGrad(KinkPolicy.mid(), new double[] {2, 2, 2}, true, null), "mid");
        assertWeights(new double[] {1, 0, 0}, reduceGrad(KinkPolicy.right(), new double[] {2, 2, 2}, true, null), "right: first");
        assertWeights(new double[] {0, 0, 1}, reduceGrad(KinkPolicy.left(), new double[] {2, 2, 2}, true, null), "left: last");
        assertWeights(new double[] {third, third, third}, reduceGrad(KinkPolicy.mid(), new double[] {2, 2, 2}, false, null), "min mid");
        // non-adjacent tie, with a smaller element between
        assertWeights(new double[] {0.5, 0, 0.5}, reduceGrad(KinkPolicy.mid(), new double[] {2, 1, 2}, true, null), "[2,1,2]");
        // λ = 0.25 on a 3-way tie, by the documented rule 2·min(λ,1−λ)/k each + max(1−2λ,0) on the first:
        // 1/6 each + 1/2 on the first = (2/3, 1/6, 1/6)
        assertWeights(new double[] {2.0 / 3, 1.0 / 6, 1.0 / 6},
                reduceGrad(KinkPolicy.parse("lambda=0.25"), new double[] {2, 2, 2}, true, null), "λ=0.25");
        // along an axis: [[1,1,0],[3,2,3]].max(1): row 0 ties at 0,1; row 1 ties at 0,2
        double[] rows = {1, 1, 0, 3, 2, 3};
        assertWeights(new double[] {0.5, 0.5, 0, 0.5, 0, 0.5}, reduceGrad(KinkPolicy.mid(), rows, true, 1), "axis mid");
        assertWeights(new double[] {1, 0, 0, 1, 0, 0}, reduceGrad(KinkPolicy.right(), rows, true, 1), "axis right");
        assertWeights(new double[] {0, 1, 0, 0, 0, 1}, reduceGrad(KinkPolicy.left(), rows, true, 1), "axis left");
        // along axis 0 of [[1,4,0],[1,2,0]].min(0): column 0 and column 2 tie
        assertWeights(new double[] {0.5, 0, 0.5, 0.5, 1, 0.5},
                reduceGrad(KinkPolicy.mid(), new double[] {1, 4, 0, 1, 2, 0}, false, 0), "axis 0 min mid");
    }

    @Test
    void perFamilyOverrides() {
        KinkPolicy relu03 = KinkPolicy.parse("relu=0.3");
        assertEquals(0.3, d(relu03, 0, Var::relu), 1e-15);
        assertEquals(0.6, d(relu03, 0, x -> x.relu().sub(x.neg().relu())), 1e-15);
        assertEquals(1.0, d(relu03, 2, Var::relu), "off the kink the override does not apply");
        assertEquals(0.0, d(relu03, -2, Var::relu));
        assertEquals(0.0, d(relu03, 0, Var::abs), "other families keep mid: abs′(0) = 0");
        assertEquals(-1.0, d(KinkPolicy.parse("left,relu=0.3"), 0, Var::abs), "other families keep left");
        assertEquals(0.3, d(KinkPolicy.parse("left,relu=0.3"), 0, Var::relu), 1e-15);
        // an override outside [D⁻, D⁺] is used as given (and flagged, see ops.KinkPolicyTest)
        assertEquals(7.0, d(KinkPolicy.parse("relu=7"), 0, Var::relu));
        assertEquals(0.25, d(KinkPolicy.parse("abs=0.25"), 0, Var::abs));
        // binary max override: ∂a = value, ∂b = 1 − value
        double[] mx = partials(KinkPolicy.parse("max=0.3"), 1, 1, true);
        assertEquals(0.3, mx[0], 1e-15);
        assertEquals(0.7, mx[1], 1e-15);
        // a reduction override is its λ
        assertWeights(new double[] {0, 0, 1}, reduceGrad(KinkPolicy.parse("reduce_max=1"), new double[] {2, 2, 2}, true, null),
                "reduce_max=1");
        assertWeights(new double[] {1, 0, 0}, reduceGrad(KinkPolicy.parse("reduce_max=0"), new double[] {2, 2, 2}, true, null),
                "reduce_max=0");
        // clamp overrides apply at both bounds
        assertEquals(0.4, d(KinkPolicy.parse("clamp=0.4"), 1, x -> x.clamp(-1, 1)), 1e-15);
        assertEquals(0.4, d(KinkPolicy.parse("clamp=0.4"), -1, x -> x.clamp(-1, 1)), 1e-15);
    }
}
