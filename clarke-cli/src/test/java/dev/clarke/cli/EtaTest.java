package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ETA ignores the warm-up: a job whose first unit takes 3 s (compiling) and every later unit
 * 10 ms has, after the warm-up, an ETA of 10 ms per unit left — not the 3 s per unit an average
 * from the start would give. Times are given, not measured.
 */
class EtaTest {

    private static final long S = 1_000_000_000L;

    @Test
    void theWarmUpDoesNotInflateTheEstimate() {
        Eta eta = new Eta(1000, 0);
        assertTrue(Double.isNaN(eta.secondsLeft(0, S / 2)), "nothing known yet");
        // unit 1 done at 3 s (compiling); from then on 100 units per second
        assertTrue(Double.isNaN(eta.secondsLeft(1, 3 * S)), "the reference point is taken, no rate yet");
        for (int i = 1; i <= 400; i++) {
            double left = eta.secondsLeft(1 + i, 3 * S + i * S / 100);
            if (i >= 200) {
                assertEquals((1000 - 1 - i) / 100.0, left, 1e-6, "after " + i + " units at the steady rate");
            }
        }
    }

    /** A job that slows down (units twice as long after 5 s) is estimated at the recent rate, not the average. */
    @Test
    void theEstimateFollowsTheRecentRate() {
        Eta eta = new Eta(100_000, 0);
        long done = 0;
        long t = 0;
        for (int i = 0; i < 500; i++, t += S / 100) {
            eta.secondsLeft(done += 10, t + S);        // 1,000 units/s for 5 s
        }
        double left = 0;
        for (int i = 0; i < 1000; i++, t += S / 100) {
            left = eta.secondsLeft(done += 5, t + S);  // then 500 units/s for 10 s
        }
        assertEquals((100_000 - done) / 500.0, left, 1e-6);
    }

    @Test
    void aFinishedJobHasNothingLeft() {
        assertEquals(0, new Eta(10, 0).secondsLeft(10, 1), 0);
    }

    @Test
    void aJobPastTheLimitIsRefusedWithoutYes() {
        BadInput e = org.junit.jupiter.api.Assertions.assertThrows(BadInput.class,
                () -> JobProgress.checkUpFront("points", 2_000_000_000L, 200_000, false, "use fewer values"));
        assertTrue(e.getMessage().contains("--yes") && e.getMessage().contains("2h46m"), e.getMessage());
        JobProgress.checkUpFront("points", 2_000_000_000L, 200_000, true, "use fewer values");
    }
}
