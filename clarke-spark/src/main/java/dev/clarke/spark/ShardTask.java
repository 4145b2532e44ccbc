package dev.clarke.spark;

import dev.clarke.cli.ShardedJob;
import java.io.Serializable;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * What an executor runs for one partition: shard k of the job. With fault injection on (tests), the
 * first attempt of the listed shards throws before computing anything, and Spark's retry computes the
 * shard again from scratch: a shard's result depends on the job and k only, so the retry's is the same.
 */
final class ShardTask<R extends Serializable> implements Function<Integer, R> {

    private static final long serialVersionUID = 1L;

    /** The failure injected into a first attempt. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    private final ShardedJob<R> job;
    private final Set<Integer> failFirstAttempt;

    ShardTask(ShardedJob<R> job, Set<Integer> failFirstAttempt) {
        this.job = job;
        this.failFirstAttempt = failFirstAttempt;
    }

    @Override
    public R call(Integer shard) {
        TaskContext task = TaskContext.get();
        if (failFirstAttempt.contains(shard) && task != null && task.attemptNumber() == 0) {
            throw new InjectedFailure("injected failure of the first attempt of shard " + shard);
        }
        return job.compute(shard);
    }
}
