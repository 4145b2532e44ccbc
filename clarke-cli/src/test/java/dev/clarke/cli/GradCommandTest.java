package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** End-to-end: {@code clarke grad} on the issue's examples, with hand-derived expected values. */
class GradCommandTest {

    /** relu(x) − relu(−x) = x, but AD gives 2·relu′(0) at 0; relu′(0) = λ·0 + (1−λ)·1 = 1 − λ. */
    @ParameterizedTest
    @CsvSource({"mid, 1", "left, 0", "right, 2", "pytorch, 0", "lambda=0.25, 1.5", "relu=0.3, 0.6"})
    void reluDifferenceAtZeroIsTwiceReluPrime(String policy, double expected) {
        CliRun r = CliRun.of("grad", "relu(x) - relu(-x)", "--at", "x=0", "--policy", policy, "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(0.0, o.get("value").getAsDouble());
        assertEquals(expected, o.getAsJsonObject("gradient").get("x").getAsDouble(), 1e-15);
        JsonArray kinks = o.getAsJsonArray("kinks");
        assertEquals(2, kinks.size());
        for (int i = 0; i < 2; i++) {
            assertEquals("relu", kinks.get(i).getAsJsonObject().get("op").getAsString());
            assertEquals(0.0, kinks.get(i).getAsJsonObject().get("at").getAsDouble());
        }
        // the first relu's output feeds "+", the second's "−": adjoints +1 and −1
        assertEquals(1.0, kinks.get(0).getAsJsonObject().get("adjoint").getAsDouble());
        assertEquals(-1.0, kinks.get(1).getAsJsonObject().get("adjoint").getAsDouble());
    }

    @Test
    void lazyIfNeverEvaluatesTheUntakenSqrt() {
        CliRun r = CliRun.of("grad", "if (x > 0) sqrt(x) else 0", "--at", "x=-1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(0.0, o.get("value").getAsDouble());
        assertEquals(0.0, o.getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(0, o.getAsJsonArray("kinks").size());
        assertEquals("mid", o.get("policy").getAsString());
        assertEquals("f64", o.get("dtype").getAsString());
    }

    /**
     * max(x, y) + abs(x − 2y) at (1, 1), pytorch policy: the max tie splits (½, ½); x − 2y = −1 so
     * abs has slope −1 there, contributing (−1, +2). Total (−½, 5/2); value 1 + 1 = 2.
     */
    @Test
    void maxTieAndAbsUnderPytorchInF32() {
        CliRun r = CliRun.of("grad", "max(x, y) + abs(x - 2*y)", "--at", "x=1,y=1", "--policy", "pytorch",
                "--dtype", "f32", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(2.0, o.get("value").getAsDouble());
        assertEquals(-0.5, o.getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(2.5, o.getAsJsonObject("gradient").get("y").getAsDouble());
        assertEquals("f32", o.get("dtype").getAsString());
        assertEquals("pytorch", o.get("policy").getAsString());
        JsonArray kinks = o.getAsJsonArray("kinks");
        assertEquals(1, kinks.size());
        assertEquals("max", kinks.get(0).getAsJsonObject().get("op").getAsString());
        assertEquals(1.0, kinks.get(0).getAsJsonObject().get("at").getAsDouble());
    }

    /** f = x² on x > 0, 0 otherwise: f′′ is 2 on x > 0 and 0 on x ≤ 0, so 0 at the boundary. */
    @ParameterizedTest
    @CsvSource({"0, 0", "1, 2", "-1, 0"})
    void secondOrderOfPiecewiseQuadratic(String x, double expected) {
        CliRun r = CliRun.of("grad", "if (x > 0) x*x else 0", "--at", "x=" + x, "--order", "2", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, r.json().getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(2, r.json().get("order").getAsInt());
    }

    @Test
    void humanOutputShowsValueGradientAndKinks() {
        CliRun r = CliRun.of("grad", "relu(x) - relu(-x)", "--at", "x=0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("d/dx = 1"), r.out());
        assertTrue(r.out().contains("2 hits"), r.out());
        assertTrue(r.out().contains("relu at 0"), r.out());
    }

    @Test
    void flaggedOverrideIsReported() {
        CliRun r = CliRun.of("grad", "relu(x)", "--at", "x=0", "--policy", "relu=7", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(7.0, r.json().getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(1, r.json().getAsJsonArray("flags").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relu(x           | x=0      | 1:7",
        "1 +              | x=0      | 1:4",
        "rleu(x)          | x=0      | relu",
        "x + y            | x=0      | variable 'y' has no value",
        "x                | x=0,z=1  | no variable 'z'",
        "x                | x=abc    | 'abc' is not a number",
        "log(x)           | x=-1     | log",
        "sqrt(x)          | x=-4     | sqrt",
        "1 / x            | x=0      | division by zero",
    })
    void badInputExitsTwoWithOneLine(String expr, String at, String expectedFragment) {
        CliRun r = CliRun.of("grad", expr.trim(), "--at", at.trim());
        assertEquals(2, r.code(), r.out() + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("clarke grad: "), r.err());
        assertTrue(r.err().contains(expectedFragment.trim()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void syntaxErrorShowsCaretUnderTheSpot() {
        CliRun r = CliRun.of("grad", "relu(x) + * 2", "--at", "x=0");
        assertEquals(2, r.code());
        String[] lines = r.err().split("\\R");
        assertTrue(lines.length >= 3, r.err());
        assertTrue(lines[0].contains("1:11"), r.err());
        int caret = lines[lines.length - 1].indexOf('^');
        assertEquals(10, caret, r.err());
    }

    @ParameterizedTest
    @CsvSource({"--policy, sideways", "--dtype, f128", "--order, 0"})
    void badOptionsExitTwo(String option, String value) {
        CliRun r = CliRun.of("grad", "x", "--at", "x=1", option, value);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("clarke grad: "), r.err());
    }

    @Test
    void missingExpressionIsAUsageError() {
        CliRun r = CliRun.of("grad");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("EXPR"), r.err());
    }

    @Test
    void helpExplainsWithExamples() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("clarke grad"), top.out());
        CliRun grad = CliRun.of("grad", "--help");
        assertEquals(0, grad.code());
        assertTrue(grad.out().contains("--policy"), grad.out());
        assertTrue(grad.out().contains("Examples"), grad.out());
    }

    @Test
    void helpListsEveryPrimitiveOfTheLanguage() {
        String help = CliRun.of("grad", "--help").out().replaceAll("\\s+", " ");
        for (String name : dev.clarke.lang.Program.primitives()) {
            assertTrue(help.contains(" " + name + " ") || help.contains(" " + name + "."), name + " in: " + help);
        }
    }

    @Test
    void certifyDecidesOnTheRecordedGradient() {
        // hardshrink jumps at λ = 0.5: AD's value is the policy's ½ (D⁻ = 0, D⁺ = 1), but the program
        // is not abs-smooth there, and the verdict says so
        CliRun r = CliRun.of("grad", "hardshrink(x)", "--at", "x=0.5", "--certify", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(0.5, o.getAsJsonObject("gradient").get("x").getAsDouble(), 0);
        assertTrue(o.toString().contains("UNKNOWN"), o.toString());
        assertTrue(o.toString().contains("jump"), o.toString());
    }

    @Test
    void anfTakesTheSharedDtypeOption() {
        // in f32 the form is built on the rounded trace: relu(x) at 0 still has one active kink
        CliRun r = CliRun.of("anf", "relu(x)", "--at", "x=0", "--dtype", "f32", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().getAsJsonArray("switching").size());
        assertEquals(2, CliRun.of("anf", "relu(x)", "--at", "x=0", "--dtype", "f7").code());
    }
}
