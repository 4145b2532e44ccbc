package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.clarke.data.Npy;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clarke audit} on models exported from PyTorch 1.13 by tools/export-for-clarke.py
 * (resources audit/: model.onnx, x.npy, y.npy and PyTorch's gradient grad.safetensors, the
 * independent oracle). The LeNet's convolutions are quantized so that its max-pool windows tie
 * between different patches, where the tie rule changes the gradient.
 */
class AuditCommandTest {

    @TempDir
    Path dir;

    static Path fixture(String model, String file) throws Exception {
        return Path.of(AuditCommandTest.class.getResource("/audit/" + model + "/" + file).toURI());
    }

    static CliRun audit(String model, String... more) throws Exception {
        String[] base = {"audit", fixture(model, "model.onnx").toString(), "--inputs", fixture(model, "x.npy").toString(),
            "--labels", fixture(model, "y.npy").toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    /** The largest per-tensor |a − b| relative to the tensor's largest |b| entry. */
    static double worstRelative(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(b.keySet(), a.keySet());
        double worst = 0;
        for (String k : b.keySet()) {
            Tensor x = a.get(k);
            Tensor y = b.get(k);
            assertEquals(y.shape(), x.shape(), k);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < y.size(); i++) {
                scale = Math.max(scale, Math.abs(y.get(i)));
                diff = Math.max(diff, Math.abs(x.get(i) - y.get(i)));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }

    private Map<String, Tensor> clarkeGradient(String model, String policy) throws Exception {
        Path out = dir.resolve(model + "-" + policy + ".safetensors");
        CliRun r = audit(model, "--policy", policy, "--save-gradient", out.toString());
        assertEquals(0, r.code(), r.err());
        return SafeTensors.read(out).tensors();
    }

    @Test
    void pytorchPolicyReproducesPyTorchsGradientThroughMaxPoolTies() throws Exception {
        Map<String, Tensor> torch = SafeTensors.read(fixture("lenet-ties", "grad.safetensors")).tensors();
        assertTrue(worstRelative(clarkeGradient("lenet-ties", "pytorch"), torch) <= 1e-5);
        // The ties matter: splitting them evenly (λ = ½) gives another gradient.
        assertTrue(worstRelative(clarkeGradient("lenet-ties", "mid"), torch) > 1e-3);
    }

    @Test
    void batchNormMlpAndMseMatchPyTorch() throws Exception {
        for (String m : new String[] {"batchnorm", "mlp", "mlp-mse"}) {
            Map<String, Tensor> torch = SafeTensors.read(fixture(m, "grad.safetensors")).tensors();
            assertTrue(worstRelative(clarkeGradient(m, "pytorch"), torch) <= 1e-5, m);
        }
    }

    @Test
    void judgesPyTorchsGradient() throws Exception {
        CliRun r = audit("mlp", "--policy", "pytorch", "--gradient", fixture("mlp", "grad.safetensors").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject e = r.json().getAsJsonObject("external");
        // relu kinks hit in both layers (the weights are multiples of 1/8): PyTorch's relu'(0) = 0 is
        // one λ per layer, so its batch gradient is a Clarke subgradient (the dense certificate)
        assertTrue(r.json().get("kinkHits").getAsLong() > 0);
        assertEquals("CLARKE", e.get("verdict").getAsString());
        assertTrue(e.get("maxAbsDiff").getAsDouble() < 1e-6);
        // under λ = ½ Clarke's subgradient is another one: PyTorch's is then not decided
        CliRun half = audit("mlp", "--gradient", fixture("mlp", "grad.safetensors").toString(), "--json");
        assertEquals("UNKNOWN", half.json().getAsJsonObject("external").get("verdict").getAsString());

        // The batchnorm fixture's ties are all between copies of one function: the loss is
        // differentiable there, so every policy gives PyTorch's gradient, and it is the derivative.
        for (String policy : new String[] {"pytorch", "mid", "right"}) {
            CliRun bn = audit("batchnorm", "--policy", policy, "--gradient", fixture("batchnorm", "grad.safetensors").toString(), "--json");
            assertEquals(0, bn.code(), bn.err());
            assertTrue(bn.json().get("ndfHits").getAsLong() > 0);
            assertEquals("DIFFERENTIABLE_CORRECT", bn.json().getAsJsonObject("external").get("verdict").getAsString(), policy);
        }

        CliRun mid = audit("lenet-ties", "--policy", "mid", "--gradient", fixture("lenet-ties", "grad.safetensors").toString(), "--json");
        assertEquals(0, mid.code(), mid.err());
        assertTrue(mid.json().getAsJsonObject("external").get("maxAbsDiff").getAsDouble() > 1e-4);
    }

    @Test
    void jsonCountsFollowFromTheFixture() throws Exception {
        CliRun r = audit("lenet-ties", "--policy", "pytorch", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        Npy.Array x = Npy.read(fixture("lenet-ties", "x.npy"));
        assertEquals(x.shape()[0], o.get("samples").getAsInt());
        assertEquals(1, o.get("batches").getAsInt());
        assertEquals(1, o.getAsJsonObject("verdicts").entrySet().stream().mapToInt(en -> en.getValue().getAsInt()).sum());
        assertEquals("pytorch", o.get("policy").getAsString());
        assertEquals("f32", o.get("dtype").getAsString());
        long firstPool = -1;
        long sum = 0;
        for (var l : o.getAsJsonArray("layers")) {
            JsonObject lo = l.getAsJsonObject();
            sum += lo.get("hits").getAsLong();
            assertTrue(lo.get("ndfHits").getAsLong() <= lo.get("hits").getAsLong());
            if (lo.get("op").getAsString().equals("MaxPool") && firstPool < 0) {
                firstPool = lo.get("hits").getAsLong();
            }
        }
        assertEquals(o.get("kinkHits").getAsLong(), sum);
        Map<String, Tensor> w = SafeTensors.read(fixture("lenet-ties", "weights.safetensors")).tensors();
        assertEquals(tiedWindows(x.toTensor(), w.get("conv1.weight"), w.get("conv1.bias")), firstPool);
        assertTrue(firstPool > 100, "the fixture has many ties: " + firstPool);

        CliRun batched = audit("lenet-ties", "--batch", "5", "--json");
        assertEquals(0, batched.code(), batched.err());
        assertEquals(4, batched.json().get("batches").getAsInt());   // ⌈16 / 5⌉
        assertEquals(4, batched.json().getAsJsonObject("verdicts").entrySet().stream().mapToInt(en -> en.getValue().getAsInt()).sum());
        // the pools are per sample: batching changes no hit
        assertEquals(o.get("kinkHits").getAsLong(), batched.json().get("kinkHits").getAsLong());
    }

    /**
     * 2×2 max-pool windows of relu(conv1(x)) with two or more maximal elements, counted directly: the
     * weights are multiples of 1/16 and the inputs of 1/2, so every sum is exact in double and float.
     */
    static long tiedWindows(Tensor x, Tensor w, Tensor b) {
        int n = x.shape().dim(0);
        int h = x.shape().dim(2);
        int c = w.shape().dim(0);
        int o = h - 2;
        long ties = 0;
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                double[][] a = new double[o][o];
                for (int i = 0; i < o; i++) {
                    for (int j = 0; j < o; j++) {
                        double z = b.get(ch);
                        for (int u = 0; u < 3; u++) {
                            for (int v = 0; v < 3; v++) {
                                z += w.get(ch * 9 + u * 3 + v) * x.get(s * h * h + (i + u) * h + j + v);
                            }
                        }
                        a[i][j] = Math.max(z, 0);
                    }
                }
                for (int i = 0; i + 1 < o; i += 2) {
                    for (int j = 0; j + 1 < o; j += 2) {
                        double m = Math.max(Math.max(a[i][j], a[i][j + 1]), Math.max(a[i + 1][j], a[i + 1][j + 1]));
                        int k = (a[i][j] == m ? 1 : 0) + (a[i][j + 1] == m ? 1 : 0) + (a[i + 1][j] == m ? 1 : 0)
                                + (a[i + 1][j + 1] == m ? 1 : 0);
                        ties += k > 1 ? 1 : 0;
                    }
                }
            }
        }
        return ties;
    }

    @Test
    void reportAndSavedGradientAreNotOverwrittenUnasked() throws Exception {
        Path report = dir.resolve("report");
        CliRun r = audit("batchnorm", "--report", report.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(report.resolve("nodes.png")) > 0);
        assertTrue(Files.size(report.resolve("batches.png")) > 0);
        assertTrue(Files.readString(report.resolve("audit.json")).contains("\"kinkHits\""));
        assertEquals(2, audit("batchnorm", "--report", report.toString()).code());
        Path g = dir.resolve("g.safetensors");
        Files.writeString(g, "mine");
        CliRun again = audit("mlp", "--save-gradient", g.toString());
        assertEquals(2, again.code());
        assertEquals("mine", Files.readString(g));
        assertEquals(0, audit("mlp", "--save-gradient", g.toString(), "--force").code());
    }

    @Test
    void withoutCertificatesOnlyBatchesWithoutHitsGetAVerdict() throws Exception {
        CliRun r = audit("mlp", "--batch", "1", "--no-certificates", "--json");
        assertEquals(0, r.code(), r.err());
        int withHits = 0;
        for (var b : r.json().getAsJsonArray("perBatch")) {
            JsonObject bo = b.getAsJsonObject();
            boolean hit = bo.get("hits").getAsLong() > 0;
            withHits += hit ? 1 : 0;
            assertEquals(hit ? "UNKNOWN" : "DIFFERENTIABLE_CORRECT", bo.get("verdict").getAsString());
        }
        assertTrue(withHits > 0 && withHits < 16, "the fixture has samples with and without relu kinks: " + withHits);
    }

    @Test
    void auditsTheTrainingPartOfACsvFile() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 12; c++) {
                csv.append((r * 7 + c * 3) % 5).append(',');
            }
            csv.append(r % 4).append('\n');
        }
        Path f = dir.resolve("d.csv");
        Files.writeString(f, csv);
        CliRun r = CliRun.of("audit", fixture("mlp", "model.onnx").toString(), "--data", f.toString(), "--batch", "3", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(8, r.json().get("samples").getAsInt());   // the 80 % training part of 10 rows
        assertEquals(3, r.json().get("batches").getAsInt());
        assertEquals(2, CliRun.of("audit", fixture("lenet-ties", "model.onnx").toString(), "--data", f.toString()).code());
    }

    @Test
    void humanOutputNamesTheVerdictAndThePoolNode() throws Exception {
        CliRun r = audit("lenet-ties", "--policy", "pytorch", "--gradient", fixture("lenet-ties", "grad.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("MaxPool"), r.out());
        assertTrue(r.out().contains("verdicts"), r.out());
        assertTrue(r.out().contains("external"), r.out());
        assertFalse(r.out().contains("Exception"), r.out());
    }
}
