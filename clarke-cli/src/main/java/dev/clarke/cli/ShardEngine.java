package dev.clarke.cli;

import java.io.PrintWriter;
import java.io.Serializable;

/**
 * An engine that runs a {@link ShardedJob} on several workers, found by {@link java.util.ServiceLoader}:
 * the {@code clarke-spark} module provides one on Apache Spark ({@code --engine spark}). The command
 * line does not depend on any engine; without one on the class path {@code --engine spark} is refused
 * with one line.
 */
public interface ShardEngine {

    /**
     * The name given to {@code --engine}.
     *
     * @return e.g. "spark"
     */
    String name();

    /**
     * Starts the engine.
     *
     * @param master where to run: a master URL, or null for the engine's default (embedded, every core)
     * @param err    where a line per finished shard goes
     * @return the running engine
     * @throws IllegalArgumentException if the master cannot be used
     */
    Session open(String master, PrintWriter err);

    /** A started engine; closing it stops it. */
    interface Session extends AutoCloseable {

        /**
         * The master the engine runs on, e.g. "local[*]".
         *
         * @return its URL
         */
        String master();

        /**
         * How many shards can run at once.
         *
         * @return at least 1
         */
        int parallelism();

        /**
         * Runs every shard of {@code job} and merges their results, printing a line per finished shard.
         *
         * @param <R> the result type
         * @param job the job
         * @return the merge of every shard's result
         * @throws RuntimeException the exception a shard threw (such as a {@link IllegalArgumentException}
         *                          for bad input), or one line saying why the engine gave up
         */
        <R extends Serializable> R run(ShardedJob<R> job);

        @Override
        void close();
    }
}
