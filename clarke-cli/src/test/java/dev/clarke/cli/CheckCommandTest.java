package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end: {@code clarke check} on the PAP paper's examples, with hand-derived expected values. */
class CheckCommandTest {

    private static JsonObject check(String... args) {
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        all.add("--json");
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    private static double d(JsonObject o, String field, String var) {
        return o.getAsJsonObject(field).get(var).getAsDouble();
    }

    /**
     * relu(x) − relu(−x) = x. At 0 both relus are on their kink, so AD gives relu′(0)·1 − relu′(0)·(−1)
     * = 2·relu′(0), with relu′(0) = 1 − λ: mid ½ → 1, left 0 → 0. Intensional either way: the frozen
     * branch is relu′(0)·x − relu′(0)·(−x).
     */
    @ParameterizedTest
    @CsvSource({"mid, 1", "left, 0"})
    void reluDifferenceIsIntensionalAtZero(String policy, double expected) {
        JsonObject o = check("relu(x) - relu(-x)", "--at", "x=0", "--policy", policy);
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(0.0, o.get("value").getAsDouble());
        assertEquals(0.0, o.get("branchValue").getAsDouble());
        assertEquals(expected, d(o, "gradient", "x"), 1e-15);
        assertEquals(expected, d(o, "branchGradient", "x"), 1e-15);
        assertEquals(policy, o.get("policy").getAsString());
        assertEquals(0, o.getAsJsonArray("problems").size());
        JsonArray pieces = o.getAsJsonArray("pieces");
        assertEquals(2, pieces.size());
        for (int i = 0; i < 2; i++) {
            JsonObject p = pieces.get(i).getAsJsonObject();
            assertEquals("relu", p.get("op").getAsString());
            assertTrue(p.get("onKink").getAsBoolean());
            assertEquals(0, p.get("element").getAsInt());
            assertEquals(0.0, p.getAsJsonArray("input").get(0).getAsDouble(), 0.0); // the second relu sees -0.0
            assertTrue(p.has("node") && p.has("piece"));
        }
        assertFalse(o.get("piece").getAsString().isEmpty());
        assertFalse(o.get("branch").getAsString().isEmpty());
        assertFalse(o.has("almostEverywhere"));
    }

    /**
     * relu(−x) + x = relu(x); at 0 AD gives relu′(0)·(−1) + 1 = 1 − relu′(0), which under left
     * (relu′(0) = 0) is 1, while relu(x) itself gets relu′(0) = 0.
     */
    @Test
    void sameFunctionAsReluButDifferentIntensionalDerivative() {
        JsonObject o = check("relu(-x) + x", "--at", "x=0", "--policy", "left");
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(1.0, d(o, "gradient", "x"));
        assertEquals(1.0, d(o, "branchGradient", "x"));
        // plain relu under left: relu′(0) = 0 — same function, different intensional derivative
        JsonObject relu = check("relu(x)", "--at", "x=0", "--policy", "left");
        assertTrue(relu.get("intensional").getAsBoolean());
        assertEquals(0.0, d(relu, "gradient", "x"));
    }

    /** = x, but at 0 both tests fail (0 > 0 and −0 > 0 are false): the else-else branch 0, derivative 0. */
    /**
     * where evaluates both arms: at y = −1 the unselected arm is clamp(sqrt(−1)) = clamp(NaN), which
     * lies in no piece of clamp. It does not reach the output, so the program is the selected arm x,
     * with gradient (1, 0), and the only piece chosen is where's own.
     */
    @Test
    void aNaNInTheUnselectedArmOfWhereChoosesNoPiece() {
        JsonObject o = check("where(x >= 0, relu(clamp(sqrt(y), -1, 1)), x)", "--at", "x=-1,y=-1");
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(1.0, d(o, "gradient", "x"));
        assertEquals(0.0, d(o, "gradient", "y"));
        assertEquals(1, o.getAsJsonArray("pieces").size(), o.toString());
    }

    /**
     * y·y overflows to +∞ at y = 1e308, and floor has no piece at ∞: check refuses the output as not
     * finite (one line, exit 2); when where does not select that arm, the program is the constant 1.
     */
    @Test
    void floorOfAnOverflowIsRefusedOnlyWhereItReachesTheOutput() {
        CliRun r = CliRun.of("check", "floor(y*y)", "--at", "y=1e308");
        assertEquals(2, r.code(), r.err());
        assertEquals("clarke check: the output is not finite: f64[] [Infinity]", r.err().strip());
        JsonObject o = check("where(y >= 0, 1, floor(y*y))", "--at", "y=1e308");
        assertEquals(0.0, d(o, "gradient", "y"));
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
    }

    @Test
    void nestedIfTakesTheConstantBranchOnTheBoundary() {
        JsonObject o = check("if (x > 0) x else (if (-x > 0) x else 0)", "--at", "x=0");
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(0.0, d(o, "gradient", "x"));
        assertEquals(0.0, d(o, "branchGradient", "x"));
        JsonArray pieces = o.getAsJsonArray("pieces");
        assertEquals(2, pieces.size());
        for (int i = 0; i < 2; i++) {
            JsonObject p = pieces.get(i).getAsJsonObject();
            assertEquals("if", p.get("op").getAsString());
            assertTrue(p.get("onKink").getAsBoolean(), p.toString());
            assertEquals(2, p.getAsJsonArray("input").size());
        }
    }

    /** relu(relu(x)) at −1: the inner relu is 0, so the outer one sits on its kink, times inner′ = 0. */
    @Test
    void reluOfReluBelowZero() {
        JsonObject o = check("relu(relu(x))", "--at", "x=-1");
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(0.0, d(o, "gradient", "x"));
        JsonArray pieces = o.getAsJsonArray("pieces");
        assertEquals(2, pieces.size());
        assertFalse(pieces.get(0).getAsJsonObject().get("onKink").getAsBoolean());
        assertTrue(pieces.get(1).getAsJsonObject().get("onKink").getAsBoolean());
    }

    /** max(x, y) on the tie x = y: a gradient is intensional iff ∂x + ∂y = 1 (tangential consistency). */
    @ParameterizedTest
    @CsvSource({"'x=1,y=0', true", "'x=0,y=0', false", "'x=1,y=1', false", "'x=0.5,y=0.5', true"})
    void maxTieGivenGradients(String gradient, boolean intensional) {
        JsonObject o = check("max(x, y)", "--at", "x=1,y=1", "--gradient", gradient);
        assertEquals(intensional, o.get("intensional").getAsBoolean(), o.toString());
        assertEquals(intensional, o.getAsJsonArray("problems").isEmpty(), o.toString());
        assertTrue(o.get("gradientGiven").getAsBoolean());
        assertEquals(1.0, o.get("value").getAsDouble());
        // the policy's own branch (mid) splits the tie evenly
        assertEquals(0.5, d(o, "branchGradient", "x"));
        assertEquals(0.5, d(o, "branchGradient", "y"));
        assertEquals(Double.parseDouble(gradient.substring(2, gradient.indexOf(','))), d(o, "gradient", "x"));
        JsonObject p = o.getAsJsonArray("pieces").get(0).getAsJsonObject();
        assertEquals("max", p.get("op").getAsString());
        assertTrue(p.get("onKink").getAsBoolean());
    }

    /** |x − y| on x = y: the legal values are (k, −k), so (3, −3) is intensional and (1, 1) is not. */
    @Test
    void absOfDifferenceOnTheDiagonal() {
        assertTrue(check("abs(x - y)", "--at", "x=1,y=1", "--gradient", "x=3,y=-3")
                .get("intensional").getAsBoolean());
        assertFalse(check("abs(x - y)", "--at", "x=1,y=1", "--gradient", "x=1,y=1")
                .get("intensional").getAsBoolean());
    }

    @Test
    void almostEverywhereCheckFindsNoMismatch() {
        JsonObject o = check("relu(x)*sin(y) + max(x, y)", "--at", "x=0,y=0", "--samples", "50");
        assertTrue(o.get("intensional").getAsBoolean(), o.toString());
        JsonObject ae = o.getAsJsonObject("almostEverywhere");
        assertEquals(50, ae.get("samples").getAsInt());
        assertEquals(50, ae.get("checked").getAsInt());
        assertEquals(0, ae.getAsJsonArray("mismatches").size());
        assertEquals(1, ae.get("seed").getAsLong());
    }

    @Test
    void humanOutputShowsVerdictPieceBranchAndTable() {
        CliRun r = CliRun.of("check", "relu(x) - relu(-x)", "--at", "x=0", "--samples", "10", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("intensional  yes"), out);
        assertTrue(out.contains("d/dx = 1"), out);
        assertTrue(out.contains("piece        x = 0"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("branch ")), out);
        assertEquals(2, out.lines().filter(l -> l.trim().startsWith("relu") && l.contains("on kink")).count(), out);
        assertTrue(out.contains("10 random inputs") && out.contains("seed 7"), out);
    }

    @Test
    void humanOutputListsProblems() {
        CliRun r = CliRun.of("check", "max(x, y)", "--at", "x=1,y=1", "--gradient", "x=0,y=0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("intensional  no"), r.out());
        assertTrue(r.out().contains("  - the gradient"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relu(x         | x=0      |              | 1:7",
        "rleu(x)        | x=0      |              | relu",
        "x + y          | x=0      |              | variable 'y' has no value",
        "x              | x=0,z=1  |              | no variable 'z'",
        "x              | x=abc    |              | 'abc' is not a number",
        "log(x)         | x=-1     |              | log",
        "[x, x]         | x=0      |              | scalar",
        "max(x, y)      | x=1,y=1  | x=1          | add it to --gradient",
        "max(x, y)      | x=1,y=1  | x=1,y=no     | --gradient y=no",
        "max(x, y)      | x=1,y=1  | x=1,y=0,z=2  | --gradient z",
    })
    void badInputExitsTwoWithOneLine(String expr, String at, String gradient, String expected) {
        List<String> args = new ArrayList<>(List.of("check", expr.trim(), "--at", at.trim()));
        if (gradient != null) {
            args.addAll(List.of("--gradient", gradient.trim()));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("clarke check: "), r.err());
        assertTrue(r.err().contains(expected.trim()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void syntaxErrorShowsCaretUnderTheSpot() {
        CliRun r = CliRun.of("check", "relu(x) + * 2", "--at", "x=0");
        assertEquals(2, r.code());
        String[] lines = r.err().split("\\R");
        assertTrue(lines[0].startsWith("clarke check: ") && lines[0].contains("1:11"), r.err());
        assertEquals(10, lines[lines.length - 1].indexOf('^'), r.err());
    }

    @ParameterizedTest
    @CsvSource({"--policy, sideways", "--samples, -1", "--samples, many"})
    void badOptionsExitTwo(String option, String value) {
        CliRun r = CliRun.of("check", "x", "--at", "x=1", option, value);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("clarke check: "), r.err());
    }

    @Test
    void helpExplainsWithExamples() {
        CliRun top = CliRun.of("--help");
        assertTrue(top.out().contains("check"), top.out());
        CliRun help = CliRun.of("check", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--gradient") && help.out().contains("--samples"), help.out());
        assertTrue(help.out().contains("Examples") && help.out().contains("clarke check"), help.out());
    }
}
