package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding a program to a trace, and the policy flags judged with the program's own parameters. */
class RecordingTest {

    @Test
    void variablesBecomeInputsInOrderOfAppearance() {
        Recording r = Recording.of(Program.parse("y * relu(x)"), Map.of("x", 2.0, "y", 3.0), KinkPolicy.mid(), DType.F64);
        assertEquals(List.of("y", "x"), r.names());
        assertArrayEquals(new double[] {3, 2}, r.point(), 0);
        // d/dy = relu(x) = 2, d/dx = y·relu'(x) = 3 off the kink
        assertArrayEquals(new double[] {2, 3}, r.gradient(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recording.of(Program.parse("x + y"), Map.of("x", 0.0), KinkPolicy.mid(), DType.F64));
        assertEquals("variable 'y' has no value", e.getMessage());
    }

    @Test
    void leakyReluOverridesAreFlaggedAgainstTheProgramsAlpha() {
        KinkPolicy p = KinkPolicy.parse("leaky_relu=0.1");
        // at the kink D⁻ = α, D⁺ = 1: 0.1 is outside [0.2, 1], inside [0.05, 1]
        List<String> outside = GradientReport.compute(Program.parse("leaky_relu(x, 0.2)"), Map.of("x", 0.0), p,
                DType.F64, 1).flags();
        assertEquals(1, outside.size());
        assertTrue(outside.get(0).contains("[0.2, 1.0]"), outside.get(0));
        assertTrue(GradientReport.compute(Program.parse("leaky_relu(x, 0.05)"), Map.of("x", 0.0), p, DType.F64, 1)
                .flags().isEmpty());
        // a family the program does not use is judged with its default parameters (relu: [0, 1])
        assertEquals(1, GradientReport.compute(Program.parse("x"), Map.of("x", 0.0), KinkPolicy.parse("relu=2"),
                DType.F64, 1).flags().size());
    }
}
