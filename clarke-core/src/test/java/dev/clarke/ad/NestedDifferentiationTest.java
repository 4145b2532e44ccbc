package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Higher-order derivatives: reverse over reverse (gradVars then grad), forward over reverse (jvp of
 * a gradVars result), and third derivatives, against hand-derived formulas. Piecewise-linear
 * primitives have zero second derivative everywhere, kinks included.
 */
class NestedDifferentiationTest {

    private static final double TOL = 1e-12;

    /** d²f/dx² at x0 by reverse over reverse. */
    private static double second(UnaryOperator<Var> f, double x0, KinkPolicy policy) {
        Trace t = new Trace(policy, DType.F64);
        Var x = t.input(x0);
        Var g = t.gradVars(f.apply(x), List.of(x)).get(0);
        return t.grad(g, x).of(x).item();
    }

    private static double second(UnaryOperator<Var> f, double x0) {
        return second(f, x0, KinkPolicy.mid());
    }

    /** d³f/dx³ at x0 by reverse over reverse over reverse. */
    private static double third(UnaryOperator<Var> f, double x0) {
        Trace t = new Trace();
        Var x = t.input(x0);
        Var g1 = t.gradVars(f.apply(x), List.of(x)).get(0);
        Var g2 = t.gradVars(g1, List.of(x)).get(0);
        return t.grad(g2, x).of(x).item();
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static Stream<Arguments> secondDerivatives() {
        return Stream.of(
                // (sin x · e^x)' = e^x (sin x + cos x); '' = e^x (sin x + cos x + cos x − sin x) = 2 e^x cos x
                row("sin(x)*exp(x)", x -> x.sin().mul(x.exp()), x -> 2 * Math.exp(x) * Math.cos(x)),
                // (x³)'' = 6x
                row("x^3 via pow", x -> x.pow(3), x -> 6 * x),
                row("x*x*x via mul", x -> x.mul(x).mul(x), x -> 6 * x),
                // tanh' = 1 − tanh², tanh'' = −2 tanh (1 − tanh²)
                row("tanh", Var::tanh, x -> -2 * Math.tanh(x) * (1 - Math.tanh(x) * Math.tanh(x))),
                row("exp", Var::exp, Math::exp),
                row("sin", Var::sin, x -> -Math.sin(x)),
                row("cos", Var::cos, x -> -Math.cos(x)),
                // log'' = −1/x²
                row("log", Var::log, x -> -1 / (x * x)),
                // sqrt'' = −¼ x^(−3/2)
                row("sqrt", Var::sqrt, x -> -0.25 * Math.pow(x, -1.5)),
                // (x^2.5)'' = 2.5 · 1.5 · x^0.5
                row("x^2.5", x -> x.pow(2.5), x -> 3.75 * Math.sqrt(x)),
                // (1/x)'' = 2/x³
                row("1/x via div", x -> x.trace().constant(1).div(x), x -> 2 / (x * x * x)),
                // σ' = σ(1−σ), σ'' = σ(1−σ)(1−2σ)
                row("sigmoid", Var::sigmoid, x -> sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))),
                // softplus' = σ, softplus'' = σ(1−σ)
                row("softplus", Var::softplus, x -> sig(x) * (1 - sig(x))),
                // (x^x)' = x^x (ln x + 1); '' = x^x ((ln x + 1)² + 1/x)
                row("x^x via pow(Var)", x -> x.pow(x),
                        x -> Math.pow(x, x) * ((Math.log(x) + 1) * (Math.log(x) + 1) + 1 / x)),
                // hardswish on (−3, 3) is x(x+3)/6: '' = 1/3; outside it is linear: '' = 0
                row("hardswish", Var::hardswish, x -> x > -3 && x < 3 ? 1.0 / 3 : 0));
    }

    private static Arguments row(String name, UnaryOperator<Var> f, DoubleUnaryOperator expected) {
        return Arguments.of(name, f, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondDerivatives")
    void gradOfGradMatchesHandDerivedSecondDerivative(String name, UnaryOperator<Var> f, DoubleUnaryOperator expected) {
        for (double x0 : new double[] {0.3, 0.9, 1.7, 2.6, 4.5}) {
            double e = expected.applyAsDouble(x0);
            assertEquals(e, second(f, x0), TOL * (1 + Math.abs(e)), name + " at " + x0);
        }
    }

    @Test
    void thirdDerivatives() {
        for (double x0 : new double[] {-1.5, 0.4, 2.0}) {
            // (x⁴)''' = 24x
            assertEquals(24 * x0, third(x -> x.pow(4), x0), 1e-11, "x^4 at " + x0);
            // sin''' = −cos
            assertEquals(-Math.cos(x0), third(Var::sin, x0), 1e-12, "sin at " + x0);
            // (x³)''' = 6 (constant), via repeated mul
            assertEquals(6, third(x -> x.mul(x).mul(x), x0), 1e-12, "x*x*x at " + x0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mid", "left", "right", "pytorch", "relu=0.3", "lambda=0.8"})
    void piecewiseLinearPrimitivesHaveZeroSecondDerivativeEverywhereIncludingKinks(String spec) {
        KinkPolicy p = KinkPolicy.parse(spec);
        for (double x0 : new double[] {-1, -0.0, 0, 1}) {
            assertEquals(0.0, second(Var::relu, x0, p), "relu'' at " + x0);
            assertEquals(0.0, second(Var::abs, x0, p), "abs'' at " + x0);
            assertEquals(0.0, second(x -> x.leakyRelu(0.1), x0, p), "leaky_relu'' at " + x0);
            assertEquals(0.0, second(x -> x.max(x.trace().constant(0)), x0, p), "max(x,0)'' at " + x0);
        }
        // relu(x)·3 + x: first derivative 3·relu′ + 1, second 0 (at the kink and off it)
        assertEquals(0.0, second(x -> x.relu().mul(3).add(x), 0.0, p));
        // relu6 and hardtanh at both of their kinks
        for (double x0 : new double[] {0, 6}) {
            assertEquals(0.0, second(Var::relu6, x0, p), "relu6'' at " + x0);
        }
        for (double x0 : new double[] {-1, 1}) {
            assertEquals(0.0, second(Var::hardtanh, x0, p), "hardtanh'' at " + x0);
        }
    }

    @Test
    void secondDerivativeAtAKinkIsTheIntensionalOne() {
        // f(x) = x·relu(x): AD's f′ = relu(x) + x·relu′(x), f′′ = relu′(x) + relu′(x) + x·relu′′(x) = 2·relu′(x)
        // at 0 (relu′′ = 0): 2·(1 − λ): mid 1, left 0, right 2. (The true f′′ jumps from 0 to 2 at 0.)
        assertEquals(1.0, second(x -> x.relu().mul(x), 0.0, KinkPolicy.mid()));
        assertEquals(0.0, second(x -> x.relu().mul(x), 0.0, KinkPolicy.left()));
        assertEquals(2.0, second(x -> x.relu().mul(x), 0.0, KinkPolicy.right()));
        assertEquals(0.6, second(x -> x.relu().mul(x), 0.0, KinkPolicy.parse("relu=0.3")), 1e-15);
        // off the kink, the classical values 2 and 0
        assertEquals(2.0, second(x -> x.relu().mul(x), 0.5, KinkPolicy.mid()));
        assertEquals(0.0, second(x -> x.relu().mul(x), -0.5, KinkPolicy.mid()));
    }

    /** f(x) = if (x > 0) x·x else 0. */
    private static Var ifPositiveSquare(Var x) {
        Trace t = x.trace();
        return Var.cond(x, Comparison.GT, t.constant(0), () -> x.mul(x), () -> t.constant(0));
    }

    @Test
    void condSecondDerivative() {
        // At 0 the test 0 > 0 is false: the else branch (the constant 0) runs, so f′ = f′′ = 0.
        assertEquals(0.0, second(NestedDifferentiationTest::ifPositiveSquare, 0.0));
        // At 1 the then branch x·x runs: f′′ = 2.
        assertEquals(2.0, second(NestedDifferentiationTest::ifPositiveSquare, 1.0));
        assertEquals(2.0, second(NestedDifferentiationTest::ifPositiveSquare, 1e-300));
        assertEquals(0.0, second(NestedDifferentiationTest::ifPositiveSquare, -2.0));
        // and the first derivative at 1 is 2x = 2
        Trace t = new Trace();
        Var x = t.input(1.0);
        assertEquals(2.0, t.grad(ifPositiveSquare(x), x).of(x).item());
    }

    @Test
    void jvpOfGradVarsIsTheSecondDerivative() {
        for (double x0 : new double[] {-0.7, 0.5, 1.9}) {
            Trace t = new Trace();
            Var x = t.input(x0);
            Var g = t.gradVars(x.sin().mul(x.exp()), List.of(x)).get(0);
            // first derivative e^x (sin x + cos x), second 2 e^x cos x
            assertEquals(Math.exp(x0) * (Math.sin(x0) + Math.cos(x0)), g.item(), 1e-13);
            double hv = t.jvp(g, Map.of(x, Tensor.scalar(1, DType.F64))).item();
            assertEquals(2 * Math.exp(x0) * Math.cos(x0), hv, 1e-12, "at " + x0);
        }
    }

    /**
     * f(a, b) = a²b + sin(ab). ∇f = (2ab + b cos(ab), a² + a cos(ab)).
     * H = [[2b − b² sin(ab), 2a + cos(ab) − ab sin(ab)], [same, −a² sin(ab)]].
     */
    @Test
    void hessianVectorProductsForwardOverReverseAndReverseOverReverse() {
        double a0 = 0.8;
        double b0 = -1.3;
        double ab = a0 * b0;
        double haa = 2 * b0 - b0 * b0 * Math.sin(ab);
        double hab = 2 * a0 + Math.cos(ab) - ab * Math.sin(ab);
        double hbb = -a0 * a0 * Math.sin(ab);
        double v1 = 0.6;
        double v2 = -2.0;

        Trace t = new Trace();
        Var a = t.input(a0);
        Var b = t.input(b0);
        List<Var> g = t.gradVars(a.mul(a).mul(b).add(a.mul(b).sin()), List.of(a, b));
        assertEquals(2 * ab + b0 * Math.cos(ab), g.get(0).item(), 1e-13);
        assertEquals(a0 * a0 + a0 * Math.cos(ab), g.get(1).item(), 1e-13);
        Map<Var, Tensor> v = new IdentityHashMap<>();
        v.put(a, Tensor.scalar(v1, DType.F64));
        v.put(b, Tensor.scalar(v2, DType.F64));
        assertEquals(haa * v1 + hab * v2, t.jvp(g.get(0), v).item(), 1e-12, "(Hv)_a");
        assertEquals(hab * v1 + hbb * v2, t.jvp(g.get(1), v).item(), 1e-12, "(Hv)_b");

        // reverse over reverse on a fresh trace: the rows of H, including both mixed partials
        Trace t2 = new Trace();
        Var a2 = t2.input(a0);
        Var b2 = t2.input(b0);
        List<Var> g2 = t2.gradVars(a2.mul(a2).mul(b2).add(a2.mul(b2).sin()), List.of(a2, b2));
        Gradients row0 = t2.grad(g2.get(0), List.of(a2, b2), Backward.RETAIN);
        Gradients row1 = t2.grad(g2.get(1), List.of(a2, b2), Backward.RETAIN);
        assertEquals(haa, row0.of(a2).item(), 1e-12);
        assertEquals(hab, row0.of(b2).item(), 1e-12);
        assertEquals(hab, row1.of(a2).item(), 1e-12);
        assertEquals(hbb, row1.of(b2).item(), 1e-12);
    }

    @Test
    void secondDerivativeOfAVectorProgram() {
        // f(x) = Σ x_i³: H = diag(6 x_i), so Hv = 6 x ⊙ v
        Trace t = new Trace();
        Var x = t.input(Tensor.of(DType.F64, dev.clarke.tensor.Shape.of(3), 1.0, -2.0, 0.5));
        Var g = t.gradVars(x.pow(3).sum(), List.of(x)).get(0);
        Tensor hv = t.jvp(g, Map.of(x, Tensor.of(DType.F64, dev.clarke.tensor.Shape.of(3), 1.0, 2.0, -4.0)));
        assertEquals(6 * 1.0 * 1.0, hv.get(0), 1e-12);
        assertEquals(6 * -2.0 * 2.0, hv.get(1), 1e-12);
        assertEquals(6 * 0.5 * -4.0, hv.get(2), 1e-12);
    }
}
