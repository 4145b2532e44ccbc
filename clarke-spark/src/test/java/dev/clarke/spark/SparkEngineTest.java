package dev.clarke.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clarke.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The three long commands with {@code --engine spark} on an embedded Spark: the same JSON as the plain
 * command (the single-machine code), plus engine, master, shards and wallSeconds; a line per shard on
 * stderr; and the same totals when first attempts of shards fail and Spark retries them.
 */
class SparkEngineTest {

    /** The result of one command line. */
    record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    static Run clarke(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Runs the plain command and the Spark one; checks the JSON objects are equal but for the engine's keys. */
    static Run sameTotals(String[] command, String master, int shards) {
        Run plain = clarke(command);
        assertEquals(0, plain.code(), plain.err());
        Run spark = clarke(with(command, "--engine", "spark", "--master", master, "--shards", String.valueOf(shards)));
        assertEquals(0, spark.code(), spark.err());
        JsonObject s = spark.json();
        assertEquals("spark", s.remove("engine").getAsString());
        assertEquals(master, s.remove("master").getAsString());
        assertEquals(shards, s.remove("shards").getAsInt());
        assertTrue(s.remove("wallSeconds").getAsDouble() > 0);
        assertEquals(plain.json(), s);
        for (int k = 1; k <= shards; k++) {
            assertTrue(spark.err().contains("clarke: shard " + k + "/" + shards + " done"), spark.err());
        }
        return spark;
    }

    @AfterEach
    void noInjectedFailures() {
        System.clearProperty(SparkShardSession.FAIL_FIRST_ATTEMPT);
    }

    /** Two widths × two dtypes × 12 draws = 48 draws in 5 shards: shards straddle settings. */
    private static final String[] BIFURCATION = {"bifurcation", "--data", "synthetic", "--width", "8,16",
        "--dtype", "f32,bf16", "--draws", "12", "--batch", "32", "--batches", "2", "--json"};

    @Test
    void bifurcationOnSparkGivesTheSingleRunsCounts() {
        Run spark = sameTotals(BIFURCATION, "local[2]", 5);
        int differing = 0;
        for (var row : spark.json().getAsJsonArray("rows")) {
            differing += row.getAsJsonObject().get("differing").getAsInt();
        }
        assertTrue(differing > 0, "bf16 makes some draws differ, so the comparison is not one of zeros");
    }

    /**
     * local[2,3]: 2 threads, a task may fail 3 times. The first attempts of shards 0, 2 and 4 throw; Spark
     * reruns them and the totals are still the single run's.
     */
    @Test
    void failedFirstAttemptsAreRetriedAndChangeNothing() {
        System.setProperty(SparkShardSession.FAIL_FIRST_ATTEMPT, "0,2,4");
        Run spark = sameTotals(BIFURCATION, "local[2,3]", 5);
        for (int k : new int[] {1, 3, 5}) {
            assertTrue(spark.err().contains("clarke: shard " + k + "/5 (") && spark.err().contains("attempt 1 failed"),
                    spark.err());
        }
    }

    /** Widths [2], biases, M = −2..2: 5⁶ = 15625 points under two policies, in 7 uneven shards. */
    @Test
    void enumerationOnSparkGivesTheSingleRunsCounts() {
        Run spark = sameTotals(new String[] {"enumerate", "--widths", "2", "--values=-2..2", "--policy", "mid",
            "--policy", "right", "--check-certificate", "--json"}, "local[2]", 7);
        assertEquals(15625, spark.json().get("total").getAsLong());
    }

    /** The convolutional network, 3⁷ = 2187 points under two policies: one Spark job of 3 shards per policy. */
    @Test
    void convolutionalEnumerationOnSparkGivesTheSingleRunsCounts() {
        Run spark = sameTotals(new String[] {"enumerate", "--arch", "conv:1:2:pool=2", "--image", "3x3", "--input",
            "1,1,0,1,1,0,0,0,0", "--values=-1..1", "--policy", "mid", "--policy", "pytorch", "--json"}, "local[2]", 3);
        assertEquals(2187, spark.json().getAsJsonObject("policies").getAsJsonObject("mid").get("total").getAsLong());
    }

    /** LeNet on its 4 samples (mse targets), one batch per sample in 3 shards: per-batch records, node hits, loss and verdicts. */
    @Test
    void auditOnSparkGivesTheSingleRunsResult() {
        String dir = "../clarke-core/src/test/resources/onnx/";
        sameTotals(new String[] {"audit", dir + "lenet.onnx", "--inputs", dir + "lenet-x.npy", "--labels",
            dir + "lenet-y.npy", "--batch", "1", "--json"}, "local[2]", 3);
    }

    @Test
    void aMasterSparkCannotUseIsOneLine() {
        Run r = clarke(with(BIFURCATION, "--engine", "spark", "--master", "nowhere://x"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("clarke bifurcation: --master 'nowhere://x': Spark could not start"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
