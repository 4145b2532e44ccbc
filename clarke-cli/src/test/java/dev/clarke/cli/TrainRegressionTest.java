package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clarke train --loss mse}: regression on the built-in plane and on a CSV file with a numeric target. */
class TrainRegressionTest {

    @TempDir
    Path dir;

    /**
     * The plane's targets are 2·x₁ − 3·x₂ + 0.5 plus noise of deviation 0.1: no model's RMSE beats the noise
     * by much (≥ 0.07 on 200 test points), and a fitted one comes near it.
     */
    @Test
    void planeIsFittedDownToItsNoise() {
        CliRun r = CliRun.of("train", "--loss", "mse", "--data", "plane", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals("mse", o.get("loss").getAsString());
        assertFalse(o.has("testAccuracy"));
        double rmse = o.get("testRmse").getAsDouble();
        assertTrue(rmse > 0.07 && rmse < 0.2, "test rmse " + rmse);
        assertEquals(rmse * rmse, o.get("testLoss").getAsDouble(), 1e-12);
    }

    /** y = x exactly, with a header: a 1-1 linear network under --loss mse learns the identity. */
    @Test
    void csvWithNumericTargetColumn() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        Path f = dir.resolve("line.csv");
        Files.writeString(f, csv);
        CliRun r = CliRun.of("train", "--loss", "mse", "--data", f.toString(), "--arch", "1-1", "--optimizer", "sgd",
                "--lr", "0.1", "--momentum", "0", "--epochs", "100", "--dtype", "f64");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("train rmse") && r.out().contains("test rmse"), r.out());
        assertTrue(r.out().contains("real-valued targets"), r.out());
        // Features are standardised on the training part, so the loss is a quadratic in (a, b) with Hessian 2·I:
        // full-batch gradient descent with lr 0.1 shrinks the error by 0.8 a step, 0.8^100 ≈ 2e-10 of its start (< 50).
        String result = r.out().lines().filter(l -> l.startsWith("result")).findFirst().orElseThrow();
        double rmse = Double.parseDouble(result.replaceAll(".*test rmse ([-0-9.eE]+).*", "$1"));
        assertTrue(rmse < 1e-3, result);
    }

    @Test
    void aLossThatDoesNotFitTheDataIsOneLineWithCode2() {
        CliRun r = CliRun.of("train", "--loss", "mse");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("class labels, not real-valued targets"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliRun p = CliRun.of("train", "--data", "plane");
        assertEquals(2, p.code());
        assertTrue(p.err().contains("add --loss mse"), p.err());
        CliRun u = CliRun.of("train", "--loss", "hinge");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("use cross_entropy or mse"), u.err());
    }
}
