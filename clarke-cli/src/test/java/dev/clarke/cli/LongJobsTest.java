package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A sweep of a million draws, each 50 minibatches of 32 with two gradients of a 2-256-256-256-2
 * network (132,000 parameters, about 6·32·132,000 ≈ 25 MFLOP a gradient, so more than 0.1 s a draw
 * even at 25 GFLOP/s, and more than a day in all), is refused after its first seconds with the
 * estimate and the way to run it anyway.
 */
class LongJobsTest {

    @Test
    void aSweepOfHoursIsRefusedAfterItsFirstSeconds() {
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CliRun.of("bifurcation", "--width", "256", "--depth", "3", "--draws", "1000000",
                        "--batch", "32", "--batches", "all"));
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("clarke bifurcation: estimated ") && last.contains("1000000 draws of 1 setting")
                && last.contains("--yes"), last);
        assertTrue(last.matches(".*estimated \\d+h\\d\\dm .*"), "hours: " + last);
    }
}
