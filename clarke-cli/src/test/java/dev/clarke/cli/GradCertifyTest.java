package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** End-to-end: {@code clarke grad --certify}, expected values derived by hand (c = 1 − 2λ, r = 1 − λ). */
class GradCertifyTest {

    /** T2: max(x,0) − max(−x,0) ≡ x: AD = 2r, derivative 1. */
    @ParameterizedTest
    @CsvSource({"left, 0, DIFFERENTIABLE_INCORRECT", "mid, 1, DIFFERENTIABLE_CORRECT", "right, 2, DIFFERENTIABLE_INCORRECT"})
    void t2(String policy, double ad, String verdict) {
        CliRun r = CliRun.of("grad", "max(x, 0) - max(-x, 0)", "--at", "x=0", "--policy", policy, "--certify", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(ad, o.getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(verdict, o.get("verdict").getAsString());
        assertEquals(1.0, o.getAsJsonObject("derivative").get("x").getAsDouble());
        assertEquals(1.0, o.getAsJsonObject("clarke").get("x").getAsDouble());
        assertFalse(o.get("likq").getAsBoolean());
    }

    /** T8 under mid: AD (¼, ¼) ∈ conv{(0,0), (1,0), (0,1)}; not differentiable: derivative null. */
    @Test
    void t8NotDifferentiable() {
        JsonObject o = CliRun.of("grad", "max(max(x, y), 0)", "--at", "x=0,y=0", "--certify", "--json").json();
        assertEquals("NONDIFFERENTIABLE_CLARKE", o.get("verdict").getAsString());
        assertTrue(o.get("derivative").isJsonNull());
        assertEquals(0.25, o.getAsJsonObject("clarke").get("x").getAsDouble());
        assertEquals(0.25, o.getAsJsonObject("clarke").get("y").getAsDouble());
        assertTrue(o.get("likq").getAsBoolean());
    }

    /** abs′(0) overridden to 3: outside [−1, 1]; the LD-derivative 1 is certified instead. */
    @Test
    void notClarkeGivesACertifiedElement() {
        JsonObject o = CliRun.of("grad", "abs(x)", "--at", "x=0", "--policy", "abs=3", "--certify", "--json").json();
        assertEquals("NONDIFFERENTIABLE_NOT_CLARKE", o.get("verdict").getAsString());
        assertEquals(3.0, o.getAsJsonObject("gradient").get("x").getAsDouble());
        assertEquals(1.0, o.getAsJsonObject("clarke").get("x").getAsDouble());
    }

    @Test
    void unknownAtSqrtZeroAndHumanOutput() {
        // sqrt(relu(x)) at 0: slope +∞ from the right, not Lipschitz
        JsonObject o = CliRun.of("grad", "sqrt(relu(x))", "--at", "x=0", "--certify", "--json").json();
        assertEquals("UNKNOWN", o.get("verdict").getAsString());
        assertTrue(o.get("clarke").isJsonNull());
        assertTrue(o.get("reason").getAsString().contains("not Lipschitz"));
        // sqrt(x^2) = |x|: ∂ = [−1, 1] holds AD's 0
        JsonObject abs = CliRun.of("grad", "sqrt(x^2)", "--at", "x=0", "--certify", "--json").json();
        assertEquals("NONDIFFERENTIABLE_CLARKE", abs.get("verdict").getAsString());
        CliRun h = CliRun.of("grad", "relu(relu(x)) - relu(x)", "--at", "x=0", "--certify");
        assertEquals(0, h.code(), h.err());
        assertTrue(h.out().contains("verdict   DIFFERENTIABLE_INCORRECT"), h.out());
        assertTrue(h.out().contains("derivative  d/dx = 0"), h.out());
        CliRun order = CliRun.of("grad", "relu(x)", "--at", "x=0", "--certify", "--order", "2");
        assertEquals(2, order.code());
    }

    /**
     * relu written as an if, tested on its boundary: then − else = x − 0, so it is max(x, 0), whose
     * Clarke gradient at 0 is [0, 1]; AD differentiated the else branch (0 &gt; 0 fails): 0.
     */
    @Test
    void continuousIfIsDecidedThroughItsMaxForm() {
        JsonObject o = CliRun.of("grad", "if (x > 0) x else 0", "--at", "x=0", "--certify", "--json").json();
        assertEquals("NONDIFFERENTIABLE_CLARKE", o.get("verdict").getAsString());
        assertEquals(0.0, o.getAsJsonObject("clarke").get("x").getAsDouble());
        JsonObject zero = CliRun.of("grad", "max(x, 0) - (if (x > 0) x else 0)", "--at", "x=0", "--certify", "--json").json();
        assertEquals("DIFFERENTIABLE_INCORRECT", zero.get("verdict").getAsString());
        assertEquals(0.0, zero.getAsJsonObject("derivative").get("x").getAsDouble());
    }

    /** Without --certify the JSON keeps exactly its old keys. */
    @Test
    void plainGradUnchanged() {
        JsonObject o = CliRun.of("grad", "relu(x)", "--at", "x=0", "--json").json();
        assertFalse(o.has("verdict"));
    }
}
