package dev.clarke.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.data.Npy;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph executor and the network form of a chain compute the same gradient, which the network certificate reads. */
class NetworkFormTest {

    @Test
    void graphAndNetworkGiveTheSameGradientAndTheCertificateSeesTheTies() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("lenet");
        Sequential net = m.asNetwork().orElseThrow();
        Tensor x = Npy.read(OnnxFixturesTest.fixture("lenet-x.npy")).toTensor();
        Loss loss = new Loss.CrossEntropy(new int[] {0, 3, 7, 9});

        Trace t = new Trace(KinkPolicy.mid(), DType.F32);
        List<Var> leaves = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            leaves.add(t.input(p));
        }
        Var f = loss.apply(m.forward(t, leaves, t.constant(x)).output());
        Gradients g = t.grad(f, leaves, Backward.RELEASE);
        List<Tensor> graphGrad = new ArrayList<>();
        for (Var v : leaves) {
            graphGrad.add(g.of(v));
        }

        NetworkCertificate c = NetworkCertificate.compute(net, m.toNetworkLayout(m.parameters()), x, loss, KinkPolicy.mid(), DType.F32);
        List<Tensor> netGrad = m.fromNetworkLayout(c.gradient());
        assertEquals(f.item(), c.value(), 1e-6);
        for (int i = 0; i < graphGrad.size(); i++) {
            assertEquals(graphGrad.get(i).shape(), netGrad.get(i).shape(), m.parameterNames().get(i));
            for (int k = 0; k < graphGrad.get(i).size(); k++) {
                assertEquals(graphGrad.get(i).get(k), netGrad.get(i).get(k), 1e-6, m.parameterNames().get(i) + "[" + k + "]");
            }
        }
        // the blank 4×4 patch of sample 0 makes tied max-pool windows
        assertTrue(c.hits().stream().anyMatch(h -> h.kind() == NetworkCertificate.Kind.MAXPOOL_TIE), c.hits().toString());
    }
}
