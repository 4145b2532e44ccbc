package dev.clarke.spark;

import dev.clarke.cli.ShardedJob;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * A line on the error stream per finished shard (Spark task), and one per failed attempt that Spark
 * will retry: {@code clarke: shard 3/8 done (draws 50 to 74 of setting 1), 2.1 s; 5 of 8 finished}.
 */
final class ShardProgress extends SparkListener {

    private final ShardedJob<?> job;
    private final PrintWriter err;
    private final CountDownLatch left;
    private final boolean[] done;
    private int finished;

    ShardProgress(ShardedJob<?> job, PrintWriter err) {
        this.job = job;
        this.err = err;
        this.left = new CountDownLatch(job.shards());
        this.done = new boolean[job.shards()];
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskInfo t = end.taskInfo();
        int k = t.index();
        if (k < 0 || k >= done.length) {
            return;
        }
        String what = job.describe(k);
        synchronized (this) {
            if (end.reason() == Success$.MODULE$) {
                if (done[k]) {
                    return;   // a speculative copy: the shard was already counted
                }
                done[k] = true;
                finished++;
                err.println(String.format(Locale.ROOT, "clarke: shard %d/%d done (%s), %.1f s; %d of %d finished", k + 1,
                        done.length, what, t.duration() / 1000.0, finished, done.length));
                left.countDown();
            } else {
                err.println("clarke: shard " + (k + 1) + "/" + done.length + " (" + what + "), attempt " + (t.attemptNumber() + 1)
                        + " failed: " + SparkShardSession.firstLine(new RuntimeException(end.reason() instanceof TaskFailedReason f
                                ? f.toErrorString() : end.reason().toString()))
                        + "; Spark retries it if attempts are left");
            }
            err.flush();
        }
    }

    /** Waits until every shard's line is printed (the listener bus runs behind the job), at most {@code timeout}. */
    void awaitAll(long timeout, TimeUnit unit) {
        try {
            left.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
