package dev.clarke.cli;

/**
 * The time left of a job of {@code total} units, estimated from the recent rate: the units done over
 * the latest half of the time since the warm-up (the first {@link #WARM_UP_NANOS}, when the JVM is
 * still compiling the hot loop), and at least over {@link #MEASURE_NANOS}. The early, slow units
 * thus weigh less and less, so that the first estimate shown is already close to right. Before a
 * rate is measured there is no estimate.
 */
final class Eta {

    /** The warm-up excluded from the rate. */
    static final long WARM_UP_NANOS = 2_000_000_000L;
    /** The least measured time an estimate rests on. */
    static final long MEASURE_NANOS = 2_000_000_000L;
    private static final int SAMPLES = 512;
    private static final long SAMPLE_EVERY = 20_000_000L;

    private final long total;
    private final long start;
    private final long[] times = new long[SAMPLES];
    private final long[] dones = new long[SAMPLES];
    private int first;
    private int count;

    Eta(long total, long startNanos) {
        this.total = total;
        this.start = startNanos;
    }

    /** Seconds left after {@code done} units at time {@code now} (nanoTime), or NaN if not yet known. */
    double secondsLeft(long done, long now) {
        if (done >= total) {
            return 0;
        }
        if (now - start < WARM_UP_NANOS || done == 0) {
            return Double.NaN;
        }
        remember(done, now);
        long ref = times[first];
        if (now - ref < MEASURE_NANOS) {
            return Double.NaN;
        }
        long since = now - Math.max(MEASURE_NANOS, (now - ref) / 2);
        int k = first;
        for (int i = 0; i < count; i++) {
            int j = (first + i) % SAMPLES;
            if (times[j] > since) {
                break;
            }
            k = j;
        }
        if (done <= dones[k]) {
            return Double.NaN;
        }
        double perUnit = (now - times[k]) / 1e9 / (done - dones[k]);
        return perUnit * (total - done);
    }

    private void remember(long done, long now) {
        if (count > 0 && now - times[(first + count - 1) % SAMPLES] < SAMPLE_EVERY) {
            return;
        }
        if (count == SAMPLES) {
            // keep the warm-up reference, thin the rest: drop every second sample after it
            for (int i = 1, j = 1; i < SAMPLES; i += 2, j++) {
                times[(first + j) % SAMPLES] = times[(first + i) % SAMPLES];
                dones[(first + j) % SAMPLES] = dones[(first + i) % SAMPLES];
            }
            count = SAMPLES / 2 + 1;
        }
        int at = (first + count) % SAMPLES;
        times[at] = now;
        dones[at] = done;
        count++;
    }

    /** Seconds since the start. */
    double elapsed(long now) {
        return (now - start) / 1e9;
    }
}
