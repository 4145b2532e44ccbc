package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.data.Npy;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The network certificate on the PyTorch-exported LeNet fixture (tools/make-onnx-fixtures.py): its
 * max-pool windows tie (a blank border) with non-zero adjoints, yet every such tie is among one
 * function, so the certificate calls the gradient DIFFERENTIABLE_CORRECT. Checked independently by
 * central differences in F64 along random directions: were a kink to reach f, they would miss AD's
 * directional derivative by about |ā|·|D⁺ − D⁻|·|⟨u, d⟩|/2.
 */
class OnnxNetworkCertificateTest {

    @Test
    void lenetTiesAreAmongOneFunction() throws Exception {
        Path onnx = Paths.get(OnnxNetworkCertificateTest.class.getResource("/onnx/lenet.onnx").toURI());
        OnnxModel m = OnnxModel.read(onnx);
        Sequential net = m.asNetwork().orElseThrow();
        Tensor x = Npy.read(onnx.resolveSibling("lenet-x.npy")).toTensor();
        List<Tensor> w = m.toNetworkLayout(m.parameters());
        NetworkCertificate c = NetworkCertificate.compute(net, w, x, Loss.sum(), KinkPolicy.pytorch(), DType.F64);
        assertTrue(c.nonZeroAdjointHits() > 0, "ties with non-zero adjoint");
        assertTrue(c.hits().stream().anyMatch(h -> h.kind() == NetworkCertificate.Kind.MAXPOOL_TIE));
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict(), c.reason());
        SplittableRandom rng = new SplittableRandom(3);
        double h = 1e-6;
        for (int trial = 0; trial < 3; trial++) {
            List<Tensor> plus = new ArrayList<>();
            List<Tensor> minus = new ArrayList<>();
            double ad = 0;
            for (int i = 0; i < w.size(); i++) {
                double[] p = new double[w.get(i).size()];
                double[] q = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    double d = rng.nextDouble(-1, 1);
                    p[k] = w.get(i).get(k) + h * d;
                    q[k] = w.get(i).get(k) - h * d;
                    ad += d * c.gradient().get(i).get(k);
                }
                plus.add(Tensor.of(DType.F64, w.get(i).shape(), p));
                minus.add(Tensor.of(DType.F64, w.get(i).shape(), q));
            }
            double fd = (value(net, plus, x) - value(net, minus, x)) / (2 * h);
            assertEquals(ad, fd, 1e-5 * Math.max(1, Math.abs(ad)));
        }
    }

    private static double value(Sequential net, List<Tensor> w, Tensor x) {
        Trace t = new Trace(KinkPolicy.pytorch(), DType.F64).logKinks(false);
        return Loss.sum().apply(net.forward(t, w, x, Layer.Mode.EVAL).output()).item();
    }
}
