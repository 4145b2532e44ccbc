package dev.clarke.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.data.Npy;
import dev.clarke.nn.Loss;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Audit} on the ONNX reader's fixtures (resources onnx/). */
class AuditTest {

    private static Path resource(String name) throws Exception {
        return Path.of(AuditTest.class.getResource("/onnx/" + name).toURI());
    }

    private static final Audit.Options F64 = new Audit.Options(KinkPolicy.mid(), DType.F64, 0, false);

    @Test
    void theGradientOfTheMeanIsTheMeanOfTheSamplesGradients() throws Exception {
        OnnxModel m = OnnxModel.read(resource("lenet.onnx"));
        Tensor x = Npy.read(resource("lenet-x.npy")).toTensor();
        int n = x.shape().dim(0);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % m.outputShape().dim(0);
        }
        AuditResult all = Audit.run(m, x, new Targets.Classes(labels), F64, Audit.Listener.NONE);
        assertEquals(n, all.samples());
        long hits = 0;
        Map<String, Tensor> g = all.gradient();
        Map<String, double[]> mean = new java.util.HashMap<>();
        for (int s = 0; s < n; s++) {
            AuditResult one = Audit.run(m, Slices.slice(x, s, s + 1), new Targets.Classes(new int[] {labels[s]}), F64,
                    Audit.Listener.NONE);
            hits += one.kinkHits();
            for (Map.Entry<String, Tensor> e : one.gradient().entrySet()) {
                double[] acc = mean.computeIfAbsent(e.getKey(), k -> new double[e.getValue().size()]);
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += e.getValue().get(i) / n;
                }
            }
        }
        assertEquals(hits, all.kinkHits(), "pooling and activations act per sample");
        assertTrue(hits > 0, "the fixture's blank patch ties its max-pool windows");
        for (Map.Entry<String, Tensor> e : g.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                assertEquals(mean.get(e.getKey())[i], e.getValue().get(i), 1e-12, e.getKey() + "[" + i + "]");
            }
        }
    }

    /**
     * The certificate read off the graph's own pass (one pass per batch) agrees with the one computed
     * by running the chain network again on the batch: same verdict and reason, and the graph's hit
     * counts are the network's.
     */
    @Test
    void theGraphPassGivesTheCertificateOfARerunNetwork() throws Exception {
        for (String name : new String[] {"lenet"}) {
            OnnxModel m = OnnxModel.read(resource(name + ".onnx"));
            assertTrue(m.asNetwork().isPresent(), name + ": " + m.whyNotAChain().orElse(""));
            Tensor x = Npy.read(resource(name + "-x.npy")).toTensor();
            int n = x.shape().dim(0);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % m.outputShape().dim(0);
            }
            AuditResult r = Audit.run(m, x, new Targets.Classes(labels), new Audit.Options(KinkPolicy.mid(), DType.F32, 1, true),
                    Audit.Listener.NONE);
            long hit = 0;
            for (AuditResult.Batch b : r.batches()) {
                NetworkCertificate c = NetworkCertificate.compute(m.asNetwork().orElseThrow(), m.toNetworkLayout(m.parameters()),
                        Slices.slice(x, b.from(), b.to()), Loss.crossEntropy(labels[b.from()]), KinkPolicy.mid(), DType.F32);
                assertEquals(c.hits().size(), b.hits(), name + " " + b.index());
                assertEquals(c.nonZeroAdjointHits(), b.ndfHits(), name + " " + b.index());
                if (b.hits() > 0) {
                    hit++;
                    assertEquals(c.verdict(), b.verdict(), name + " " + b.index());
                    assertEquals(c.reason(), b.reason(), name + " " + b.index());
                }
            }
            assertTrue(hit > 0, name);
        }
    }

    @Test
    void aGraphThatIsNotAChainGetsAVerdictOnlyWithoutHits() throws Exception {
        OnnxModel m = OnnxModel.read(resource("residual.onnx"));
        assertTrue(m.asNetwork().isEmpty());
        // relu's output feeds both the second relu and the residual Add: the chain breaks at the branch
        String why = m.whyNotAChain().orElseThrow();
        assertTrue(why.contains("/Relu_output_0") && why.contains("branch"), why);
        Tensor x = Npy.read(resource("residual-x.npy")).toTensor();
        AuditResult r = Audit.run(m, x, new Targets.Classes(new int[x.shape().dim(0)]),
                new Audit.Options(KinkPolicy.mid(), DType.F32, 1, true), Audit.Listener.NONE);
        for (AuditResult.Batch b : r.batches()) {
            if (b.hits() == 0) {
                assertEquals(Verdict.DIFFERENTIABLE_CORRECT, b.verdict());
            } else {
                assertEquals(Verdict.UNKNOWN, b.verdict());
                assertTrue(b.reason().contains("not a") && b.reason().contains(why), b.reason());
            }
        }
    }

    @Test
    void aGraphThatIsNotAChainIsDifferentiableWhenEveryHitHasAdjointZero() throws Exception {
        // With the head's weight W = 0 the output is L(W·h(φ) + b) and W·h(φ) is of second order in a
        // perturbation (dW, dφ): f is differentiable at every φ, kinks of h included, with ∂f/∂φ = 0.
        OnnxModel base = OnnxModel.read(resource("residual.onnx"));
        Tensor w = base.namedParameters().get("head.weight");
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>(base.namedParameters());
        weights.put("head.weight", Tensor.zeros(w.shape(), w.dtype()));
        OnnxModel m = base.withWeights(weights);
        Tensor x = Npy.read(resource("residual-x.npy")).toTensor();
        AuditResult r = Audit.run(m, x, new Targets.Classes(new int[x.shape().dim(0)]),
                new Audit.Options(KinkPolicy.mid(), DType.F32, 1, true), Audit.Listener.NONE);
        int decidedWithHits = 0;
        for (AuditResult.Batch b : r.batches()) {
            assertEquals(0, b.ndfHits());
            assertEquals(Verdict.DIFFERENTIABLE_CORRECT, b.verdict(), b.reason());
            if (b.hits() > 0) {
                decidedWithHits++;
                assertTrue(b.reason().contains("adjoint 0"), b.reason());
            }
        }
        assertTrue(decidedWithHits > 0);
        for (Map.Entry<String, Tensor> e : r.gradient().entrySet()) {
            if (!e.getKey().startsWith("head.")) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    assertEquals(0.0, e.getValue().get(i), e.getKey());
                }
            }
        }
    }

    @Test
    void refusesInputsAndTargetsThatDoNotFit() throws Exception {
        OnnxModel m = OnnxModel.read(resource("mlp.onnx"));
        Tensor x = Npy.read(resource("mlp-x.npy")).toTensor();
        int n = x.shape().dim(0);
        double[] v = x.toDoubleArray();
        int per = v.length / n;
        v[per + 2] = Double.NaN;
        Tensor bad = Tensor.of(x.dtype(), x.shape(), v);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Audit.run(m, bad, new Targets.Classes(new int[n]), F64, Audit.Listener.NONE));
        assertTrue(e.getMessage().contains("sample 1, element 2 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Audit.run(m, x, new Targets.Classes(new int[n + 1]), F64, Audit.Listener.NONE));
        assertTrue(e.getMessage().contains((n + 1) + " labels for " + n), e.getMessage());
        int[] big = new int[n];
        big[0] = m.outputShape().dim(0);
        e = assertThrows(IllegalArgumentException.class,
                () -> Audit.run(m, x, new Targets.Classes(big), F64, Audit.Listener.NONE));
        assertTrue(e.getMessage().contains("label " + big[0] + " of sample 0"), e.getMessage());
    }
}
