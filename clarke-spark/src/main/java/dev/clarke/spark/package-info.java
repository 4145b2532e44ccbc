/**
 * The long commands on Apache Spark: {@code clarke bifurcation}, {@code enumerate} and {@code audit}
 * with {@code --engine spark} hand their work, cut into deterministic shards (draw ranges, point
 * ranges, batch ranges) by the command line's {@link dev.clarke.cli.ShardedJob}s, to
 * {@link dev.clarke.spark.SparkShardEngine}: one Spark task per shard, computed by the single-machine
 * code, merged by the job's associative, order-free merge, so the totals equal the single run's bit
 * for bit, whichever tasks fail and are retried. Embedded ({@code local[*]}) by default, a cluster with
 * {@code --master} or {@code spark-submit} ({@link dev.clarke.spark.SparkMain}); see docs/scale.md.
 */
package dev.clarke.spark;
