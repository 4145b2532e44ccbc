package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.Comparison;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** let, if, where, vectors and indexing; values and derivatives derived by hand. */
class EvaluateTest {

    private static final double EPS = 1e-12;

    // ---- let ---------------------------------------------------------------------------------

    @Test
    void letBindsInItsBodyOnly() {
        assertEquals(9, Run.value("let y = x + 1 in y * y", "x", 2), 0);
        // d/dx (x+1)^2 = 2(x+1) = 6 at x = 2
        assertArrayEquals(new double[] {6}, Run.grad("let y = x + 1 in y * y", "x", 2), 0);
        assertEquals(11, Run.value("(let y = 1 in y) + y", "y", 10), 0);
    }

    @Test
    void letShadows() {
        assertEquals(21, Run.value("let x = 2 in let x = x * 10 in x + 1"), 0);
        assertEquals(7, Run.value("let y = 1 in y + (let y = 5 in y) + y"), 0);
        assertEquals(3, Run.value("let x = 3 in x", "x", 100), 0);
        assertEquals(2, Run.value("let y = y + 1 in y", "y", 1), 0);
    }

    // ---- if ----------------------------------------------------------------------------------

    @Test
    void ifIsLazyTheUntakenBranchNeverRuns() {
        Run r = new Run("if (x > 0) log(x) else 0", "x", -1);
        assertEquals(0, r.evaluate().item(), 0);
        assertTrue(r.trace.violations().isEmpty(), () -> "log ran: " + r.trace.violations());
        assertEquals(1, r.trace.branches().size());
        BranchRecord b = r.trace.branches().get(0);
        assertEquals(Comparison.GT, b.op());
        assertEquals(-1, b.lhs(), 0);
        assertFalse(b.taken());
        assertArrayEquals(new double[] {0}, Run.grad("if (x > 0) log(x) else 0", "x", -1), 0);
    }

    @Test
    void ifTakesTheThenBranchAndItsDerivative() {
        assertEquals(1, Run.value("if (x > 0) log(x) else 0", "x", Math.E), EPS);
        assertEquals(1 / Math.E, Run.grad("if (x > 0) log(x) else 0", "x", Math.E)[0], EPS);
    }

    @Test
    void whereIsEagerBothSidesRun() {
        Run r = new Run("where(x > 0, log(x), 0)", "x", -1);
        assertEquals(0, r.evaluate().item(), 0);
        assertFalse(r.trace.violations().isEmpty());
        assertTrue(r.trace.violations().get(0).contains("log"), r.trace.violations().get(0));
        assertTrue(r.trace.branches().isEmpty());
    }

    @ParameterizedTest(name = "{0} at x={1}")
    @CsvSource(delimiter = '|', value = {
        "if (x > 0) 1 else 2  | 0 | 2", "if (x >= 0) 1 else 2 | 0 | 1",
        "if (x < 0) 1 else 2  | 0 | 2", "if (x <= 0) 1 else 2 | 0 | 1",
        "if (x > 0) 1 else 2  | 1 | 1", "if (x < 0) 1 else 2  | -1 | 1",
        "if (x > 1) 10 else if (x > 0) 20 else 30 | 2   | 10",
        "if (x > 1) 10 else if (x > 0) 20 else 30 | 0.5 | 20",
        "if (x > 1) 10 else if (x > 0) 20 else 30 | -1  | 30",
        "if (x * x > 2 * x) x else 0 - x          | 3   | 3",
        "if (x * x > 2 * x) x else 0 - x          | 1   | -1",
    })
    void ifComparisons(String source, double x, double value) {
        assertEquals(value, Run.value(source, "x", x), 0);
    }

    @Test
    void theTestContributesNoDerivative() {
        // the value 5 is constant on the taken branch, whatever x*x depends on
        assertArrayEquals(new double[] {0}, Run.grad("if (x * x > 1) 5 else x", "x", 2), 0);
        assertArrayEquals(new double[] {1}, Run.grad("if (x * x > 1) 5 else x", "x", 0.5), 0);
    }

    @Test
    void paperProgramP3IsZeroAtZero() {
        // if (x>0) x else (if (-x>0) x else 0): the function is x, its AD derivative is 0 at 0
        String p3 = "if (x > 0) x else if (-x > 0) x else 0";
        assertArrayEquals(new double[] {1}, Run.grad(p3, "x", 2), 0);
        assertArrayEquals(new double[] {1}, Run.grad(p3, "x", -2), 0);
        assertArrayEquals(new double[] {0}, Run.grad(p3, "x", 0), 0);
        assertEquals(0, Run.value(p3, "x", 0), 0);
    }

    @Test
    void paperProgramP5() {
        assertArrayEquals(new double[] {6}, Run.grad("if (x > 0) x*x else 0", "x", 3), 0);
        assertArrayEquals(new double[] {0}, Run.grad("if (x > 0) x*x else 0", "x", 0), 0);
    }

    // ---- where -------------------------------------------------------------------------------

    @Test
    void whereSelectsElementwise() {
        assertEquals(3, Run.value("where(x > 0, x, -x)", "x", -3), 0);
        assertArrayEquals(new double[] {-1}, Run.grad("where(x > 0, x, -x)", "x", -3), 0);
        assertArrayEquals(new double[] {1}, Run.grad("where(x >= 0, x, -x)", "x", 0), 0);
        // mask [1, 1, 0] for x = 2
        assertEquals(2, Run.value("sum(where([x, 1, -1] > 0, 1, 0))", "x", 2), 0);
        // [x, y] where x <= y else 0: picks x only; d/dx = 1, d/dy = 0
        assertArrayEquals(new double[] {1, 0}, Run.grad("sum(where([x, y] <= 1.5, [x, y], 0))", "x", 1, "y", 2), 0);
    }

    // ---- vectors and indexing ----------------------------------------------------------------

    @Test
    void vectorsConcatenateAndIndex() {
        assertEquals(3, Run.value("[x, y, 3][2]", "x", 1, "y", 2), 0);
        assertEquals(5, Run.value("[x, y][1]", "x", 1, "y", 5), 0);
        assertArrayEquals(new double[] {0, 2}, Run.grad("[x, y][1] * 2", "x", 1, "y", 5), 0);
        assertEquals(2, Run.value("[[1, 2], 3][1]"), 0);
        assertEquals(7, Run.value("[7][0]"), 0);
        Var v = new Run("[1, [2, 3], x]", "x", 4).evaluate();
        assertEquals(Shape.of(4), v.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, v.value().toDoubleArray(), 0);
    }

    @Test
    void reductionsOverVectors() {
        assertEquals(5, Run.value("max([x, y, z])", "x", 1, "y", 5, "z", 2), 0);
        assertArrayEquals(new double[] {0, 1, 0}, Run.grad("max([x, y, z])", "x", 1, "y", 5, "z", 2), 0);
        assertEquals(Math.log(2), Run.value("logsumexp([x, y])", "x", 0, "y", 0), EPS);
        // ∂/∂x logsumexp = softmax = (1/2, 1/2)
        assertArrayEquals(new double[] {0.5, 0.5}, Run.grad("logsumexp([x, y])", "x", 0, "y", 0), EPS);
        assertEquals(0.5, Run.value("softmax([x, y])[0]", "x", 0, "y", 0), EPS);
        // ∂s0/∂x = s0(1 − s0) = 1/4, ∂s0/∂y = −s0·s1 = −1/4
        assertArrayEquals(new double[] {0.25, -0.25}, Run.grad("softmax([x, y])[0]", "x", 0, "y", 0), EPS);
        assertEquals(Math.log(3), Run.value("cross_entropy([x, y, z], 2)", "x", 0, "y", 0, "z", 0), EPS);
        // ∂/∂logits = softmax − onehot(2) = (1/3, 1/3, −2/3)
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, -2.0 / 3},
                Run.grad("cross_entropy([x, y, z], 2)", "x", 0, "y", 0, "z", 0), EPS);
        assertEquals(0.5, Run.value("mse([x, y], [1, 2])", "x", 2, "y", 2), 0);
        // mse = ((x−1)² + (y−2)²)/2: gradient (x−1, y−2) = (1, 0)
        assertArrayEquals(new double[] {1, 0}, Run.grad("mse([x, y], [1, 2])", "x", 2, "y", 2), EPS);
        assertEquals(11, Run.value("matmul([x, y], [1, 2])", "x", 3, "y", 4), 0);
        assertArrayEquals(new double[] {1, 2}, Run.grad("matmul([x, y], [1, 2])", "x", 3, "y", 4), 0);
    }

    @Test
    void environmentMayBindVectors() {
        Trace t = new Trace();
        Var v = t.input(Tensor.of(DType.F64, Shape.of(3), 1, 2, 3));
        Map<String, Var> env = Map.of("v", v);
        assertEquals(3, Program.parse("v[2]").evaluate(t, env).item(), 0);
        assertEquals(14, Program.parse("sum(v * v)").evaluate(t, env).item(), 0);
        assertEquals(6, Program.parse("sum(v)").evaluate(t, env).item(), 0);
        assertEquals(2, Program.parse("mean(v)").evaluate(t, env).item(), 0);
        Var y = Program.parse("sum(v * v)").evaluate(t, env);
        assertArrayEquals(new double[] {2, 4, 6}, t.grad(y, v).of(v).toDoubleArray(), 0);
    }

    @Test
    void evaluatingAProgramTwiceGivesTwoIndependentRecordings() {
        Program p = Program.parse("x * x");
        for (double x : new double[] {2, 3}) {
            Trace t = new Trace();
            Var in = t.input(x);
            Var y = p.evaluate(t, Map.of("x", in));
            assertEquals(x * x, y.item(), 0);
            assertEquals(2 * x, t.grad(y, in).of(in).item(), 0);
        }
    }
}
