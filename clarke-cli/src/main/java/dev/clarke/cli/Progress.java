package dev.clarke.cli;

import dev.clarke.train.EpochMetrics;
import dev.clarke.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on the error stream (steps, loss, accuracy, an ETA measured after the warm-up;
 * see {@link JobProgress}), erased at the end of every epoch on a terminal. A run estimated to take
 * longer than {@link JobProgress#LIMIT_SECONDS} stops after its first seconds unless --yes was given.
 */
final class Progress implements Trainer.Listener {

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean yes;
    private JobProgress job;

    Progress(PrintWriter err, boolean terminal, boolean yes) {
        this.err = err;
        this.terminal = terminal;
        this.yes = yes;
    }

    @Override
    public void step(Trainer.Step s) {
        if (job == null) {
            job = new JobProgress("steps", s.totalSteps(), err, terminal, yes);
        }
        job.update(s.step(), detail(s), "use fewer --epochs, a larger --batch or a smaller --arch");
    }

    @Override
    public void epoch(EpochMetrics m) {
    }

    /** On a terminal, erases the progress line so that a line can be printed on stdout. */
    void clear() {
        if (job != null) {
            job.clear();
        }
    }

    static String detail(Trainer.Step s) {
        return s.regression() ? String.format(Locale.ROOT, "epoch %d  mse %.4g", s.epoch(), s.loss())
                : String.format(Locale.ROOT, "epoch %d  loss %.4f  acc %.1f%%", s.epoch(), s.loss(), 100 * s.accuracy());
    }

    /** A duration as {@code 4.5s}, {@code 2m05s} or {@code 1h02m}. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
        }
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
}
