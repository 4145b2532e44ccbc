package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * {@code clarke experiment sgd} and {@code enumerate --theorems}: the verdicts the theory implies
 * (bias, one sample: D⁻, D⁺ and mid give Clarke subgradients; relu′(0) = 2 does not wherever a kink of
 * non-zero adjoint is hit), and the exact checks with 0 disagreements.
 */
class ExperimentCommandTest {

    @Test
    void sgdVerdicts() {
        CliRun r = CliRun.of("experiment", "sgd", "--steps", "300", "--hidden", "6,6", "--json");
        assertEquals(0, r.code(), r.err());
        var runs = r.json().getAsJsonArray("runs");
        assertEquals(4, runs.size());
        for (int i = 0; i < 4; i++) {
            JsonObject run = runs.get(i).getAsJsonObject();
            JsonObject v = run.getAsJsonObject("verdicts");
            long live = run.get("liveKinkSteps").getAsLong();
            String perStep = run.get("perStep").getAsString();
            assertEquals(300, perStep.length());
            assertEquals(0, v.get("UNKNOWN").getAsLong());
            if (i < 3) {
                assertEquals(0, v.get("NONDIFFERENTIABLE_NOT_CLARKE").getAsLong());
                assertEquals(live, v.get("NONDIFFERENTIABLE_CLARKE").getAsLong());
            } else {
                assertTrue(live > 0);
                assertEquals(live, v.get("NONDIFFERENTIABLE_NOT_CLARKE").getAsLong());
                assertEquals(live, perStep.chars().filter(c -> c == 'X').count());
            }
        }
    }

    @Test
    void sgdBadInput() {
        CliRun r = CliRun.of("experiment", "sgd", "--steps", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("steps"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** No bias, [1, 1] ReLU, M = {−3..3}: 36 ndf, inc 18 under D⁺, the test agrees at all 343 points. */
    @Test
    void enumerateTheorems() {
        CliRun r = CliRun.of("enumerate", "--widths", "1,1", "--no-bias", "--values=-3..3", "--theorems", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(36, o.get("ndf").getAsLong());
        assertEquals(0, o.get("testDisagreements").getAsLong());
        assertEquals(18, o.getAsJsonObject("incByPolicy").get("right").getAsLong());
        assertTrue(o.get("kinkHit").getAsDouble() <= o.get("boundTotal").getAsDouble() * 343);
    }
}
