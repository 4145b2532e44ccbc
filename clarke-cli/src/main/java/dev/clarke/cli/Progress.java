package dev.clarke.cli;

import dev.clarke.train.EpochMetrics;
import dev.clarke.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on the error stream: on a terminal a bar redrawn in place (steps, loss, accuracy,
 * ETA) and erased at the end of every epoch; otherwise a plain line about every tenth of the run.
 */
final class Progress implements Trainer.Listener {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;
    private long nextLine;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void step(Trainer.Step s) {
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && s.step() != s.totalSteps()) {
                return;
            }
            lastDraw = now;
            int filled = (int) (WIDTH * s.step() / s.totalSteps());
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + line(s) + "   ");
            err.flush();
        } else if (s.step() >= nextLine || s.step() == s.totalSteps()) {
            err.println("step " + line(s));
            err.flush();
            nextLine = s.step() + Math.max(1, s.totalSteps() / 10);
        }
    }

    @Override
    public void epoch(EpochMetrics m) {
    }

    /** On a terminal, erases the bar so that a line can be printed on stdout; it is redrawn at the next step. */
    void clear() {
        if (terminal) {
            err.print("\r" + " ".repeat(WIDTH + 90) + "\r");
            err.flush();
            lastDraw = 0;
        }
    }

    static String line(Trainer.Step s) {
        double eta = s.step() == 0 ? 0 : s.seconds() * (s.totalSteps() - s.step()) / s.step();
        return String.format(Locale.ROOT, "%d/%d  epoch %d  loss %.4f  acc %.1f%%  ETA %s",
                s.step(), s.totalSteps(), s.epoch(), s.loss(), 100 * s.accuracy(), duration(eta));
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
}
