package dev.clarke.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long job on the error stream, and its work limit. On a terminal one line redrawn
 * in place at most ten times a second; otherwise a plain line about every tenth of the job or every
 * 30 seconds, flushed at once. As soon as the rate is measured (see {@link Eta}), a job estimated to
 * take longer than {@link #LIMIT_SECONDS} stops with one line saying so, unless {@code --yes} was given.
 */
final class JobProgress {

    /** Jobs estimated to take longer than this need --yes. */
    static final double LIMIT_SECONDS = 15 * 60;

    private final String what;
    private final long total;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean yes;
    private final Eta eta;
    private String summary;
    private boolean checked;
    private long lastDraw;
    private long nextLine;
    private long lastLineTime;

    /**
     * @param what     the unit counted, plural (e.g. "points", "steps"); null for units of work not worth showing
     *                 (the line then shows the percentage and the caller's detail)
     * @param total    the units of the whole job
     * @param terminal whether the error stream is a terminal
     * @param yes      whether --yes allows a job past the limit
     */
    JobProgress(String what, long total, PrintWriter err, boolean terminal, boolean yes) {
        this.what = what;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
        this.yes = yes;
        long now = System.nanoTime();
        this.eta = new Eta(total, now);
        this.lastLineTime = now;
    }

    /** Names the whole job in a refusal, e.g. "100 draws of 6 settings"; returns this. */
    JobProgress describedAs(String summary) {
        this.summary = summary;
        return this;
    }

    /** Refuses, before any work, a job whose size alone puts it past the limit at {@code unitsPerSecond}. */
    static void checkUpFront(String what, long total, double unitsPerSecond, boolean yes, String reduce) {
        double seconds = total / unitsPerSecond;
        if (seconds > LIMIT_SECONDS && !yes) {
            throw new BadInput(tooLong(what, total, seconds, "at about " + Math.round(unitsPerSecond) + " " + what + "/s", reduce));
        }
    }

    private static String tooLong(String what, long total, double seconds, String how, String reduce) {
        return tooLong(total + " " + what, seconds, how, reduce);
    }

    private static String tooLong(String job, double seconds, String how, String reduce) {
        return "estimated " + Progress.duration(seconds) + " for " + job + " (" + how + "), more than the "
                + Progress.duration(LIMIT_SECONDS) + " allowed without --yes: add --yes to run it, or " + reduce;
    }

    /**
     * Reports {@code done} units (with an optional {@code detail} such as a loss); may throw a
     * {@link BadInput} once the estimate is known to exceed the limit.
     *
     * @param reduce what the user can change to make the job smaller, for the message
     */
    void update(long done, String detail, String reduce) {
        long now = System.nanoTime();
        double left = eta.secondsLeft(done, now);
        if (!checked && !Double.isNaN(left)) {
            checked = true;
            double estimate = eta.elapsed(now) + left;
            if (estimate > LIMIT_SECONDS && !yes) {
                clear();
                throw new BadInput(tooLong(summary != null ? summary : total + " " + what, estimate, "measured over the first " + Progress.duration(eta.elapsed(now)),
                        reduce));
            }
        }
        String count = what == null ? "" : done + "/" + total + " " + what + " ";
        String line = String.format(Locale.ROOT, "%s(%.0f%%)%s  ETA %s", count, 100.0 * done / total,
                detail == null || detail.isEmpty() ? "" : "  " + detail, Double.isNaN(left) ? "…" : Progress.duration(left));
        if (terminal) {
            if (now - lastDraw < 100_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            err.print("\r" + line + "   ");
        } else if (done >= nextLine || done == total || now - lastLineTime > 30_000_000_000L) {
            err.println(line);
            nextLine = done + Math.max(1, total / 10);
            lastLineTime = now;
        } else {
            return;
        }
        err.flush();
    }

    /** On a terminal, erases the line so that stdout can print; redrawn at the next update. */
    void clear() {
        if (terminal) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
            lastDraw = 0;
        }
    }
}
