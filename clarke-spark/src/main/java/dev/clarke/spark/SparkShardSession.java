package dev.clarke.spark;

import dev.clarke.cli.ShardEngine;
import dev.clarke.cli.ShardedJob;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A running Spark context that runs {@link ShardedJob}s: one partition per shard, each computed by the
 * job on an executor ({@link ShardTask}), the results merged by {@code reduce} with the job's merge,
 * which is associative and commutative, so the order in which shards finish (or are retried) does not
 * change a bit of the result. A line per finished shard goes to the error stream ({@link ShardProgress}).
 */
final class SparkShardSession implements ShardEngine.Session {

    /**
     * A system property for tests of fault tolerance: a comma-separated list of shards whose first
     * attempt throws (Spark then retries them, on {@code local[N,F]} up to F - 1 times).
     */
    static final String FAIL_FIRST_ATTEMPT = "clarke.spark.failFirstAttempt";

    private final JavaSparkContext sc;
    private final PrintWriter err;

    SparkShardSession(JavaSparkContext sc, PrintWriter err) {
        this.sc = sc;
        this.err = err;
    }

    @Override
    public String master() {
        return sc.master();
    }

    @Override
    public int parallelism() {
        return Math.max(1, sc.defaultParallelism());
    }

    @Override
    public <R extends Serializable> R run(ShardedJob<R> job) {
        int n = job.shards();
        List<Integer> shards = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            shards.add(k);
        }
        ShardProgress progress = new ShardProgress(job, err);
        sc.sc().addSparkListener(progress);
        try {
            R merged = sc.parallelize(shards, n)
                    .map(new ShardTask<>(job, failFirstAttempt()))
                    .reduce(job::merge);
            progress.awaitAll(10, TimeUnit.SECONDS);
            return merged;
        } catch (Exception e) {   // Scala code throws SparkException undeclared
            if (!(e instanceof SparkException)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof RuntimeException r && !(c instanceof ShardTask.InjectedFailure)) {
                    throw r;   // what the shard's own code threw: bad input is reported as in one JVM
                }
            }
            throw new IllegalStateException("Spark gave up on the job: " + firstLine(e));
        } finally {
            sc.sc().removeSparkListener(progress);
        }
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** The shards named by {@link #FAIL_FIRST_ATTEMPT}, or none. */
    private static Set<Integer> failFirstAttempt() {
        String spec = System.getProperty(FAIL_FIRST_ATTEMPT, "").trim();
        Set<Integer> out = new java.util.TreeSet<>();
        if (!spec.isEmpty()) {
            for (String s : spec.split(",")) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }

    /** The first line of an exception's message (Spark's carry stack traces). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
