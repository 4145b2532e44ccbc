package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clarke train} and {@code clarke bifurcation}: outputs, files, and one-line errors with exit code 2. */
class TrainCommandTest {

    @TempDir
    Path dir;

    /** 1,600 training spirals in batches of 64: ⌈1600/64⌉ = 25 steps per epoch. */
    @Test
    void jsonOnSyntheticData() {
        CliRun r = CliRun.of("train", "--epochs", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(50, o.get("steps").getAsLong());
        assertEquals(1600, o.get("trainSize").getAsInt());
        assertEquals(400, o.get("testSize").getAsInt());
        double acc = o.get("testAccuracy").getAsDouble();
        assertTrue(acc >= 0 && acc <= 1);
        assertTrue(o.has("kinkHits") && o.has("ndfSteps") && o.has("ndfHits"));
        assertEquals(2, o.getAsJsonArray("history").size());
        assertEquals(50, o.getAsJsonObject("verdicts").entrySet().stream().mapToLong(e -> e.getValue().getAsLong()).sum());
    }

    @Test
    void humanOutputAndProgressOnStderr() {
        CliRun r = CliRun.of("train", "--epochs", "1", "--batch", "400");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("network   [2] -> linear(2, 32) -> relu"), r.out());
        // Labelled columns, and an epoch line under them: epoch 1, then 0 kink hits and 0 non-zero adjoints
        // (f32 spirals never sit exactly on a kink) before the elapsed time.
        assertTrue(r.out().contains("epoch  train loss  train acc  test loss  test acc      kink hits  non-zero adj.   elapsed"),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+1\\s+\\d\\.\\d{4}\\s+[\\d.]+%.*\\s0\\s+0\\s+[\\d.]+s")), r.out());
        assertTrue(r.out().contains("result    test accuracy"), r.out());
        assertTrue(r.out().contains("kinks     no kink hit in 4 steps: every step's gradient certified DIFFERENTIABLE_CORRECT"),
                r.out());
        assertTrue(r.err().contains("4/4 steps"), r.err());
    }

    /** In BF16 the spirals' small pre-activations round to 0 often: the telemetry must see hits with non-zero adjoints. */
    @Test
    void emulatedBf16TrainingHitsKinks() {
        JsonObject o = CliRun.of("train", "--epochs", "2", "--dtype", "bf16", "--policy", "right", "--json").json();
        assertEquals("bf16", o.get("dtype").getAsString());
        assertEquals("right", o.get("policy").getAsString());
        long hits = o.get("kinkHits").getAsLong();
        long perLayer = 0;
        for (var l : o.getAsJsonArray("layers")) {
            perLayer += l.getAsJsonObject().get("hits").getAsLong();
        }
        assertEquals(hits, perLayer);
        assertTrue(o.get("ndfSteps").getAsLong() <= o.get("steps").getAsLong());
    }

    @Test
    void reportCheckpointAndReload() throws IOException {
        Path rep = dir.resolve("rep");
        Path ckpt = dir.resolve("m.safetensors");
        CliRun r = CliRun.of("train", "--epochs", "1", "--report", rep.toString(), "--save", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"metrics.json", "loss.png", "accuracy.png", "kinks.png"}) {
            assertTrue(Files.size(rep.resolve(f)) > 0, f);
        }
        byte[] png = Files.readAllBytes(rep.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        CliRun again = CliRun.of("train", "--epochs", "1", "--load", ckpt.toString(), "--json");
        assertEquals(0, again.code(), again.err());
        CliRun wrong = CliRun.of("train", "--arch", "2-16-2", "--load", ckpt.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("shape"), wrong.err());
        Files.write(dir.resolve("bad.safetensors"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1});
        CliRun bad = CliRun.of("train", "--load", dir.resolve("bad.safetensors").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("exceeds the limit"), bad.err());
    }

    private static byte[] idx(int[] dims, int fill, int count) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x0800 | dims.length);
        for (int n : dims) {
            d.writeInt(n);
        }
        for (int i = 0; i < count; i++) {
            d.writeByte(fill < 0 ? i % 10 : (i * 37 + fill) % 256);
        }
        return b.toByteArray();
    }

    /** A directory of four tiny IDX files (2x2 images, labels 0..9): the MNIST path of --data. */
    @Test
    void idxDirectory() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {20, 2, 2}, 1, 80));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {20}, -1, 20));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[] {10, 2, 2}, 5, 40));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {10}, -1, 10));
        CliRun r = CliRun.of("train", "--data", dir.toString(), "--arch", "4-8-10", "--epochs", "1", "--batch", "5", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.json().get("steps").getAsLong());
        assertEquals(10, r.json().get("testSize").getAsInt());
    }

    /** Eight 28x28 training images and four test images through conv-relu-maxpool twice: 8/4 = 2 steps. */
    @Test
    void convolutionalNetworkOnImages() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {8, 28, 28}, 3, 8 * 784));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {8}, -1, 8));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[] {4, 28, 28}, 9, 4 * 784));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {4}, -1, 4));
        CliRun r = CliRun.of("train", "--data", dir.toString(), "--arch", "conv", "--epochs", "1", "--batch", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(2, o.get("steps").getAsLong());
        assertTrue(o.get("network").getAsString().contains("maxpool2d(2)"), o.get("network").getAsString());
        assertEquals(4, o.getAsJsonArray("layers").size());   // two relu and two maxpool layers
        long certified = 0;                                     // the network certificate judges every step
        for (String v : o.getAsJsonObject("verdicts").keySet()) {
            certified += o.getAsJsonObject("verdicts").get(v).getAsLong();
        }
        assertEquals(2, certified, o.getAsJsonObject("verdicts").toString());
    }

    @Test
    void csvFile() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(',').append(i % 7).append(',').append(-i).append(',').append(i % 3).append('\n');
        }
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, sb.toString());
        JsonObject o = CliRun.of("train", "--data", csv.toString(), "--epochs", "1", "--batch", "10", "--json").json();
        assertEquals(40, o.get("trainSize").getAsInt());
        assertEquals(4, o.get("steps").getAsLong());
        assertTrue(o.get("network").getAsString().startsWith("[3] -> linear(3, 128)"));
    }

    @Test
    void slopeOfLeakyRelu() {
        JsonObject o = CliRun.of("train", "--activation", "leaky_relu", "--slope", "0.2", "--epochs", "1", "--batch", "400",
                "--json").json();
        assertTrue(o.get("network").getAsString().contains("leaky_relu(0.2)"), o.get("network").getAsString());
    }

    /** Class names are sorted: bird = 0, cat = 1, dog = 2; both outputs report the mapping. */
    @Test
    void csvFileWithClassNames() throws IOException {
        String[] names = {"dog", "cat", "bird"};
        StringBuilder sb = new StringBuilder("\uFEFFa,\"b\",label\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i).append(",\"").append(i % 5).append("\",").append(names[i % 3]).append('\n');
        }
        Path csv = dir.resolve("named.csv");
        Files.writeString(csv, sb.toString());
        CliRun j = CliRun.of("train", "--data", csv.toString(), "--epochs", "1", "--batch", "8", "--json");
        assertEquals(0, j.code(), j.err());
        assertEquals("[\"bird\",\"cat\",\"dog\"]", j.json().getAsJsonArray("classNames").toString());
        CliRun h = CliRun.of("train", "--data", csv.toString(), "--epochs", "1", "--batch", "8");
        assertTrue(h.out().contains("classes   bird = 0, cat = 1, dog = 2"), h.out());
        assertTrue(h.out().contains("3 classes"), h.out());
    }

    private static void oneLineError(String contains, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(contains), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void badInput() {
        oneLineError("must start with 2", "train", "--arch", "3-10-2");
        oneLineError("widths must be integers", "train", "--arch", "2-x-2");
        oneLineError("narrower layers", "train", "--arch", "2-65536-65536-2");
        oneLineError("narrower layers", "train", "--arch", "2-40000-40000-2");
        oneLineError("--dtype", "train", "--dtype", "f8");
        oneLineError("--policy", "train", "--policy", "sideways");
        oneLineError("epochs", "train", "--epochs", "0");
        oneLineError("learning rate", "train", "--lr", "-1");
        oneLineError("optimizer", "train", "--optimizer", "lbfgs");
        oneLineError("unknown activation", "train", "--activation", "tanh");
        oneLineError("no such file", "train", "--data", dir.resolve("missing").toString());
        oneLineError("conv", "train", "--arch", "conv");
        oneLineError("--draws", "bifurcation", "--draws", "0");
        oneLineError("--width", "bifurcation", "--width", "0");
        oneLineError("--dtype", "bifurcation", "--dtype", "f32,q8");
        oneLineError("--batches", "bifurcation", "--batches", "some");
        oneLineError("--batches", "bifurcation", "--batches", "0");
        oneLineError("--init", "bifurcation", "--init", "orthogonal");
    }

    /** F64 on the spirals: no pre-activation is exactly 0, so relu'(0) never matters. */
    @Test
    void bifurcationJson() {
        CliRun r = CliRun.of("bifurcation", "--width", "8", "--depth", "1", "--dtype", "f64", "--draws", "5", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(5, o.get("draws").getAsInt());
        assertEquals(0, o.get("differing").getAsInt());
    }

    /** --batches all: one pass over the 1,600 training spirals in batches of 256 is ⌈1600/256⌉ = 7 minibatches. */
    @Test
    void bifurcationOverAWholePass() {
        CliRun r = CliRun.of("bifurcation", "--width", "4", "--dtype", "f64", "--draws", "2", "--batch", "256",
                "--batches", "all", "--init", "torch", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(7, o.get("batchesPerDraw").getAsInt());
        assertEquals("torch", o.get("init").getAsString());
        assertEquals(0, o.get("differing").getAsInt());
    }

    @Test
    void bifurcationSweepAndPlot() throws IOException {
        Path png = dir.resolve("bif.png");
        CliRun r = CliRun.of("bifurcation", "--width", "4,8", "--dtype", "f32,f16", "--draws", "3", "--batch", "16",
                "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.out().lines().filter(l -> l.matches("^[48] +1 +f(32|16) .*")).count(), r.out());
        assertTrue(Files.size(png) > 0);
    }

    /** A minute and more as XmYYs, an hour and more as XhYYm. */
    @Test
    void durations() {
        assertEquals("4.5s", Progress.duration(4.5));
        assertEquals("2m05s", Progress.duration(125));
        assertEquals("1h02m", Progress.duration(3725));
    }
}
