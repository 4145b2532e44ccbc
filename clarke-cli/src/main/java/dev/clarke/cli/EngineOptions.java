package dev.clarke.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * {@code --engine}, {@code --master} and {@code --shards}: the long commands (bifurcation, enumerate,
 * audit) run in this JVM by default, or as shards on Apache Spark ({@code docs/scale.md}).
 */
final class EngineOptions {

    /** The most shards a job is cut into. */
    static final int MAX_SHARDS = 1_000_000;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "plain",
            description = "plain (default: this JVM) or spark: shards on Apache Spark, embedded on every core unless"
                    + " --master names a cluster (docs/scale.md).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master URL of a cluster (default: embedded, on every core; docs/scale.md).")
    String master;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --engine spark: the number of shards (default 4 per core, at most one per unit of work).")
    Integer shards;

    /** Whether Spark was asked for; checks the three options. */
    boolean spark() {
        boolean spark = switch (engine) {
            case "plain" -> false;
            case "spark" -> true;
            default -> throw new BadInput("--engine " + Messages.quote(engine) + ": use plain or spark");
        };
        if (!spark && (master != null || shards != null)) {
            throw new BadInput((master != null ? "--master" : "--shards") + " needs --engine spark");
        }
        if (shards != null && (shards < 1 || shards > MAX_SHARDS)) {
            throw new BadInput("--shards " + shards + ": must be from 1 to " + MAX_SHARDS);
        }
        return spark;
    }

    /** Starts the Spark engine, or says in one line that it is not on the class path. */
    ShardEngine.Session open(PrintWriter err) {
        for (ShardEngine e : ServiceLoader.load(ShardEngine.class)) {
            if (e.name().equals(engine)) {
                try {
                    return e.open(master, err);
                } catch (IllegalArgumentException ex) {
                    throw new BadInput("--master " + (master == null ? "(default)" : Messages.quote(master)) + ": "
                            + ex.getMessage());
                }
            }
        }
        throw new BadInput("--engine " + engine + ": the clarke-spark module is not on the class path: run the command"
                + " through ./clarke, which builds it, or add clarke-spark and Spark (docs/scale.md)");
    }

    /** The number of shards for {@code units} units of work: --shards, or 4 per core; never more than the units. */
    int shardsFor(long units, ShardEngine.Session s) {
        long want = shards != null ? shards : Math.min(MAX_SHARDS, 4L * s.parallelism());
        return (int) Math.max(1, Math.min(want, units));
    }

    /** Adds what the engine did to a command's JSON object. */
    static void describe(JsonObject o, ShardEngine.Session s, int shards, double wallSeconds) {
        o.addProperty("engine", "spark");
        o.addProperty("master", s.master());
        o.addProperty("shards", shards);
        o.addProperty("wallSeconds", Math.round(wallSeconds * 1000) / 1000.0);
    }

    /** What {@link #describe} recorded, as a line for the human-readable output. */
    static String line(JsonObject described) {
        return String.format(java.util.Locale.ROOT, "engine    spark (%s), %d shards, %.1f s",
                described.get("master").getAsString(), described.get("shards").getAsInt(),
                described.get("wallSeconds").getAsDouble());
    }
}
