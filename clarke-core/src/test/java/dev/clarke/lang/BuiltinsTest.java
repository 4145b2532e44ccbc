package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every primitive is callable by name; values and slopes derived by hand. */
class BuiltinsTest {

    private static final double EPS = 1e-12;

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("add(2, 3)", 5.0), Arguments.of("sub(2, 3)", -1.0),
                Arguments.of("mul(2, 3)", 6.0), Arguments.of("div(3, 2)", 1.5),
                Arguments.of("neg(2)", -2.0), Arguments.of("pow(2, 3)", 8.0),
                Arguments.of("exp(0)", 1.0), Arguments.of("exp(1)", Math.E),
                Arguments.of("log(1)", 0.0), Arguments.of("sqrt(4)", 2.0),
                Arguments.of("sin(0)", 0.0), Arguments.of("cos(0)", 1.0),
                Arguments.of("tanh(0)", 0.0), Arguments.of("sigmoid(0)", 0.5),
                Arguments.of("softplus(0)", Math.log(2)),
                Arguments.of("relu(-2)", 0.0), Arguments.of("relu(3)", 3.0),
                Arguments.of("leaky_relu(-2)", -0.02), Arguments.of("leaky_relu(-2, 0.5)", -1.0),
                Arguments.of("leaky_relu(3, 0.5)", 3.0), Arguments.of("leaky_relu(-2, -0.5)", 1.0),
                Arguments.of("abs(-3)", 3.0), Arguments.of("sign(-3)", -1.0), Arguments.of("sign(0)", 0.0),
                Arguments.of("clamp(5, -1, 1)", 1.0), Arguments.of("clamp(-5, -1, 1)", -1.0),
                Arguments.of("clamp(0.25, -1, 1)", 0.25), Arguments.of("clamp(3, 1/2, 2^1)", 2.0),
                // one-sided clamps: max(x, lo) and min(x, hi)
                Arguments.of("clamp_min(-5, -1)", -1.0), Arguments.of("clamp_min(3, -1)", 3.0),
                Arguments.of("clamp_max(5, 1)", 1.0), Arguments.of("clamp_max(-3, 1)", -3.0),
                Arguments.of("hardtanh(3)", 1.0), Arguments.of("hardtanh(0.5)", 0.5),
                Arguments.of("relu6(7)", 6.0), Arguments.of("relu6(-1)", 0.0),
                Arguments.of("hardsigmoid(0)", 0.5), Arguments.of("hardsigmoid(3)", 1.0),
                Arguments.of("hardsigmoid(-4)", 0.0),
                Arguments.of("hardswish(3)", 3.0), Arguments.of("hardswish(1)", 2.0 / 3),
                Arguments.of("hardswish(-3)", 0.0),
                // softshrink: x ∓ λ beyond ±λ (λ = 0.5 by default), 0 between and at ±λ
                Arguments.of("softshrink(2)", 1.5), Arguments.of("softshrink(-2, 1)", -1.0),
                Arguments.of("softshrink(0.3)", 0.0), Arguments.of("softshrink(0.5)", 0.0),
                // hardshrink: x beyond ±λ, 0 between and at ±λ
                Arguments.of("hardshrink(2)", 2.0), Arguments.of("hardshrink(0.3)", 0.0),
                Arguments.of("hardshrink(-1, 0.5)", -1.0), Arguments.of("hardshrink(0.5)", 0.0),
                // elu: α(eˣ − 1) below 0 (α = 1 by default), x above
                Arguments.of("elu(1)", 1.0), Arguments.of("elu(-1)", Math.exp(-1) - 1),
                Arguments.of("elu(-1, 2)", 2 * (Math.exp(-1) - 1)), Arguments.of("elu(0)", 0.0),
                Arguments.of("floor(-1.5)", -2.0), Arguments.of("round(2.5)", 2.0),
                Arguments.of("round(3.5)", 4.0), Arguments.of("round(-0.6)", -1.0),
                Arguments.of("max(2, 3)", 3.0), Arguments.of("max([1, 5, 2])", 5.0),
                Arguments.of("max(1, 5, 2)", 5.0), Arguments.of("max(7)", 7.0),
                Arguments.of("sum(max([1, 5], [3, 2]))", 8.0),
                Arguments.of("min(2, 3)", 2.0), Arguments.of("min([4, 2, 3])", 2.0),
                Arguments.of("min(4, 2, 3)", 2.0),
                Arguments.of("sum([1, 2, 3])", 6.0), Arguments.of("sum(1, 2, 3)", 6.0),
                Arguments.of("sum(1, [2, 3])", 6.0),
                Arguments.of("mean([1, 2, 3])", 2.0), Arguments.of("mean(1, 2, 3, 6)", 3.0),
                Arguments.of("logsumexp(0, log(3))", Math.log(4)), Arguments.of("logsumexp([5])", 5.0),
                Arguments.of("logsumexp([0, 0])", Math.log(2)),
                Arguments.of("softmax([0, 0])[0]", 0.5), Arguments.of("log_softmax([0, 0])[1]", -Math.log(2)),
                Arguments.of("cross_entropy([0, 0, 0], 2)", Math.log(3)),
                Arguments.of("mse([1, 2], [1, 4])", 2.0), Arguments.of("matmul([1, 2], [3, 4])", 11.0),
                Arguments.of("where(1 > 0, 2, 3)", 2.0), Arguments.of("where(1 < 0, 2, 3)", 3.0));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void valueByHand(String source, double expected) {
        assertEquals(expected, Run.value(source), EPS);
    }

    @Test
    void everyPrimitiveIsExercised() {
        Set<String> called = new TreeSet<>();
        Matcher m = Pattern.compile("([a-z_0-9]+)\\(").matcher("");
        values().forEach(a -> {
            m.reset((String) a.get()[0]);
            while (m.find()) {
                called.add(m.group(1));
            }
        });
        assertEquals(new TreeSet<>(Builtins.names()), called);
    }

    static Stream<Arguments> slopes() {
        return Stream.of(
                Arguments.of("sin(x)", 0.0, 1.0), Arguments.of("cos(x)", Math.PI / 2, -1.0),
                Arguments.of("tanh(x)", 0.0, 1.0), Arguments.of("sigmoid(x)", 0.0, 0.25),
                Arguments.of("softplus(x)", 0.0, 0.5), Arguments.of("exp(x)", 0.0, 1.0),
                Arguments.of("log(x)", 2.0, 0.5), Arguments.of("sqrt(x)", 4.0, 0.25),
                Arguments.of("relu(x)", 2.0, 1.0), Arguments.of("relu(x)", -2.0, 0.0),
                Arguments.of("leaky_relu(x)", -1.0, 0.01), Arguments.of("leaky_relu(x, 0.5)", -1.0, 0.5),
                Arguments.of("abs(x)", -1.0, -1.0), Arguments.of("sign(x)", 2.0, 0.0),
                Arguments.of("clamp(x, -1, 1)", 0.5, 1.0), Arguments.of("clamp(x, -1, 1)", 2.0, 0.0),
                Arguments.of("clamp_min(x, 1)", 0.5, 0.0), Arguments.of("clamp_min(x, 1)", 2.0, 1.0),
                Arguments.of("clamp_max(x, 1)", 0.5, 1.0), Arguments.of("clamp_max(x, 1)", 2.0, 0.0),
                Arguments.of("hardtanh(x)", 0.5, 1.0), Arguments.of("relu6(x)", 7.0, 0.0),
                Arguments.of("relu6(x)", 3.0, 1.0), Arguments.of("hardsigmoid(x)", 0.0, 1.0 / 6),
                // hardswish = x(x+3)/6 on [−3, 3]: slope (2x+3)/6
                Arguments.of("hardswish(x)", 1.0, 5.0 / 6),
                Arguments.of("softshrink(x)", 2.0, 1.0), Arguments.of("softshrink(x)", 0.2, 0.0),
                Arguments.of("softshrink(x, 1)", -3.0, 1.0), Arguments.of("hardshrink(x)", 2.0, 1.0),
                Arguments.of("hardshrink(x)", 0.2, 0.0),
                // elu: α·eˣ below 0, 1 above
                Arguments.of("elu(x)", -1.0, Math.exp(-1)), Arguments.of("elu(x, 2)", -1.0, 2 * Math.exp(-1)),
                Arguments.of("elu(x, 2)", 1.0, 1.0),
                Arguments.of("floor(x)", 0.5, 0.0), Arguments.of("round(x)", 0.2, 0.0),
                Arguments.of("neg(x)", 1.0, -1.0), Arguments.of("div(1, x)", 2.0, -0.25),
                Arguments.of("x ^ 3", -2.0, 12.0), Arguments.of("x ^ 0.5", 4.0, 0.25),
                Arguments.of("x ^ -1", 2.0, -0.25), Arguments.of("2 ^ x", 3.0, 8 * Math.log(2)));
    }

    @ParameterizedTest(name = "d/dx {0} at {1} = {2}")
    @MethodSource("slopes")
    void slopeByHand(String source, double x, double expected) {
        assertEquals(expected, Run.grad(source, "x", x)[0], EPS);
    }

    @Test
    void binaryMaxAndMinAreElementwiseOnVariables() {
        assertArrayEquals(new double[] {0, 1}, Run.grad("max(x, y)", "x", 1, "y", 2), 0);
        assertArrayEquals(new double[] {1, 0}, Run.grad("min(x, y)", "x", 1, "y", 2), 0);
        assertArrayEquals(new double[] {0, 0, 1}, Run.grad("min(x, y, z)", "x", 3, "y", 2, "z", 1), 0);
    }

    @Test
    void powWithAVariableExponent() {
        assertEquals(8, Run.value("x ^ y", "x", 2, "y", 3), EPS);
        // ∂/∂x = y·x^(y−1) = 12, ∂/∂y = x^y·ln x = 8 ln 2
        assertArrayEquals(new double[] {12, 8 * Math.log(2)}, Run.grad("x ^ y", "x", 2, "y", 3), EPS);
    }

    @Test
    void powWithAConstantExponentAcceptsNegativeBases() {
        assertEquals(-8, Run.value("x ^ 3", "x", -2), 0);
        assertEquals(-8, Run.value("x ^ (1 + 2)", "x", -2), 0);
        assertEquals(-8, Run.value("let p = 3 in x ^ p", "x", -2), 0);
        assertEquals(0.25, Run.value("x ^ -2", "x", -2), 0);
        assertEquals(12, Run.grad("let p = 3 in x ^ p", "x", -2)[0], 0);
    }

    @Test
    void constantFolding() {
        assertEquals(-0.5, Builtins.fold(Program.parse("-1 / 2").root()), 0);
        assertEquals(512, Builtins.fold(Program.parse("2 ^ 3 ^ 2").root()), 0);
        assertNull(Builtins.fold(Program.parse("1 / 0").root()));
        assertNull(Builtins.fold(Program.parse("1 + x").root()));
        assertNull(Builtins.fold(Program.parse("exp(1)").root()));
    }

    @Test
    void suggestions() {
        assertEquals("relu", Builtins.suggest("rleu", Builtins.names()));
        assertEquals("relu", Builtins.suggest("Relu", Builtins.names()));
        assertEquals("softmax", Builtins.suggest("sofmax", Builtins.names()));
        assertEquals("log_softmax", Builtins.suggest("logsoftmax", Builtins.names()));
        assertEquals("leaky_relu", Builtins.suggest("leakyrelu", Builtins.names()));
        assertNull(Builtins.suggest("foo", Builtins.names()));
        assertNull(Builtins.suggest("relu", Builtins.names()));
        assertEquals(1, Builtins.distance("rleu", "relu"));
        assertEquals(3, Builtins.distance("kitten", "sitting"));
    }
}
