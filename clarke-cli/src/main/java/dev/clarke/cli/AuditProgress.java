package dev.clarke.cli;

import dev.clarke.audit.Audit;
import java.io.PrintWriter;

/**
 * Audit progress on the error stream, for runs of more than one batch: batches done and the ETA,
 * through the same {@link JobProgress} as train, bifurcation and enumerate, so an audit estimated to
 * take longer than {@link JobProgress#LIMIT_SECONDS} stops after its first batches unless --yes.
 */
final class AuditProgress implements Audit.Listener {

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean yes;
    private JobProgress job;

    AuditProgress(PrintWriter err, boolean terminal, boolean yes) {
        this.err = err;
        this.terminal = terminal;
        this.yes = yes;
    }

    @Override
    public void batchDone(int done, int total, double seconds) {
        if (total < 2) {
            return;
        }
        if (job == null) {
            job = new JobProgress("batches", total, err, terminal, yes).describedAs("an audit of " + total + " batches");
        }
        job.update(done, "", "audit fewer samples (--limit N)");
    }

    /** Erases the line on a terminal. */
    void clear() {
        if (job != null) {
            job.clear();
        }
    }
}
