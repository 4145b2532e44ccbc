package dev.clarke.cli;

import dev.clarke.audit.Audit;
import java.io.PrintWriter;

/** Audit progress on the error stream, for runs of more than one batch: batches done and the ETA. */
final class AuditProgress implements Audit.Listener {

    private final PrintWriter err;
    private final boolean terminal;
    private int nextLine;
    private boolean drawn;

    AuditProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void batchDone(int done, int total, double seconds) {
        if (total < 2 || (done < nextLine && done != total)) {
            return;
        }
        String line = "audit: batch " + done + "/" + total + "  ETA " + Progress.duration(seconds * (total - done) / done);
        if (terminal) {
            err.print("\r" + line + "   ");
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
        nextLine = done + Math.max(1, total / 10);
    }

    /** Erases the line on a terminal. */
    void clear() {
        if (terminal && drawn) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
