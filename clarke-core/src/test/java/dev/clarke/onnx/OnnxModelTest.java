package dev.clarke.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.data.Npy;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The model API: names as in PyTorch's state_dict, the network form of chains, weights by name, node attribution. */
class OnnxModelTest {

    @Test
    void parametersKeepTheStateDictNamesInFileOrder() throws Exception {
        // nn.Sequential(Linear, ReLU, Linear, ReLU, Linear): PyTorch names the linear layers 0, 2 and 4
        OnnxModel m = OnnxFixturesTest.model("mlp");
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), m.parameterNames());
        assertEquals(Shape.of(8, 6), m.parameters().get(0).shape()); // nn.Linear(6, 8).weight is [out, in]
        assertEquals(Shape.of(6), m.inputShape());
        assertEquals(Shape.of(3), m.outputShape());
        assertEquals(11, m.opset());
        assertTrue(m.producer().startsWith("pytorch"), m.producer());
    }

    @Test
    void aChainIsANetworkOfTheSameLayers() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("lenet");
        Sequential net = m.asNetwork().orElseThrow();
        List<Class<?>> kinds = List.of(Conv2d.class, ActivationLayer.class, MaxPool2d.class, Conv2d.class, ActivationLayer.class,
                MaxPool2d.class, Flatten.class, Linear.class);
        assertEquals(kinds.size(), net.layers().size());
        for (int i = 0; i < kinds.size(); i++) {
            assertEquals(kinds.get(i), net.layers().get(i).getClass(), net.toString());
        }
        List<Tensor> params = m.toNetworkLayout(m.parameters());
        assertEquals(net.parameterShapes(), shapes(params));
        assertEquals(Shape.of(24, 10), params.get(params.size() - 2).shape()); // Linear's [in, out], the file's transposed
        // the network's output on the fixture batch is PyTorch's
        Tensor x = Npy.read(OnnxFixturesTest.fixture("lenet-x.npy")).toTensor();
        Npy.Array y = Npy.read(OnnxFixturesTest.fixture("lenet-y.npy"));
        Trace t = new Trace(KinkPolicy.mid(), DType.F32);
        Tensor out = net.forward(t, params, x, Layer.Mode.EVAL).output().value();
        for (int i = 0; i < y.size(); i++) {
            assertEquals(y.reals()[i], out.get(i), 1e-5);
        }
    }

    @Test
    void transposesRoundTrip() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("mlp");
        List<Tensor> back = m.fromNetworkLayout(m.toNetworkLayout(m.parameters()));
        for (int i = 0; i < back.size(); i++) {
            assertEquals(m.parameters().get(i).shape(), back.get(i).shape());
            for (int k = 0; k < back.get(i).size(); k++) {
                assertEquals(m.parameters().get(i).get(k), back.get(i).get(k));
            }
        }
        Tensor w = m.parameters().get(0);                  // [8, 6]
        Tensor wt = m.toNetworkLayout(m.parameters()).get(0); // [6, 8]
        assertEquals(w.get(1 * 6 + 4), wt.get(4 * 8 + 1));
    }

    @Test
    void graphsWithBranchesHaveNoNetwork() throws Exception {
        assertFalse(OnnxFixturesTest.model("residual").asNetwork().isPresent());
        assertFalse(OnnxFixturesTest.model("elementwise").asNetwork().isPresent());
    }

    @Test
    void batchNormStatisticsAreNamed() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("bnpool");
        assertEquals(Set.of("1.running_mean", "1.running_var", "5.running_mean", "5.running_var"), m.statisticNames());
        assertTrue(m.parameterNames().containsAll(List.of("1.weight", "1.bias", "4.weight", "12.bias")), m.parameterNames().toString());
    }

    @Test
    void sizeViewsAndDeduplicatedParametersImport() throws Exception {
        // h.view(h.size(0), -1) is a shape computation; a fresh BatchNorm1d's running_var and
        // running_mean are Identity copies of its weight and bias in the file, parameters of their own here
        OnnxModel m = OnnxFixturesTest.model("viewnet");
        assertEquals(Set.of("conv.weight", "conv.bias", "fc.weight", "fc.bias", "bn.weight", "bn.bias", "bn.running_mean",
                "bn.running_var"), new HashSet<>(m.parameterNames()));
        assertEquals(Set.of("bn.running_mean", "bn.running_var"), m.statisticNames());
        Sequential net = m.asNetwork().orElseThrow();
        assertEquals("[1, 7, 7] -> conv2d(1, 3, k3, s2) -> relu -> flatten -> linear(27, 4) -> batchnorm(4)", net.toString());
    }

    @Test
    void withWeightsReplacesByName() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("mlp");
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (int i = 0; i < m.parameterNames().size(); i++) {
            String name = m.parameterNames().get(i);
            Shape s = m.parameters().get(i).shape();
            w.put(name, name.equals("4.bias") ? Tensor.of(DType.F32, s, 0.5, -1, 2) : Tensor.zeros(s, DType.F32));
        }
        // all weights zero: every layer outputs its bias, relu(0) = 0, so the output is the last bias
        OnnxModel z = m.withWeights(w);
        Tensor out = z.forward(new Trace(KinkPolicy.mid(), DType.F32), Tensor.ones(Shape.of(2, 6), DType.F32)).output().value();
        assertEquals(List.of(0.5, -1.0, 2.0, 0.5, -1.0, 2.0), java.util.Arrays.stream(out.toDoubleArray()).boxed().toList());

        Map<String, Tensor> bad = new LinkedHashMap<>(w);
        bad.remove("0.bias");
        bad.put("2.weight", Tensor.zeros(Shape.of(8, 9), DType.F32));
        bad.put("5.weight", Tensor.zeros(Shape.of(1), DType.F32));
        OnnxException e = assertThrows(OnnxException.class, () -> m.withWeights(bad));
        assertTrue(e.getMessage().contains("missing: 0.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("not in the model: 5.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong shape: 2.weight [8, 9] (model: [8, 8])"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void kinkHitsAreAttributedToOnnxNodes() throws Exception {
        // the fixture's first sample has a blank 4×4 corner: relu(bias) everywhere there, so the
        // first max-pool's windows tie; every logged hit comes from a Relu or MaxPool node
        OnnxModel m = OnnxFixturesTest.model("lenet");
        Tensor x = Npy.read(OnnxFixturesTest.fixture("lenet-x.npy")).toTensor();
        Trace t = new Trace(KinkPolicy.mid(), DType.F32);
        OnnxModel.Pass pass = m.forward(t, x);
        KinkLog log = t.kinks();
        assertFalse(log.isEmpty());
        Set<String> ops = new HashSet<>();
        for (KinkLog.Hit h : log.hits()) {
            ops.add(pass.nodeOf(h.node()).orElseThrow().opType());
        }
        assertTrue(Set.of("Relu", "MaxPool").containsAll(ops), ops.toString());
        assertTrue(ops.contains("MaxPool"), ops.toString());
        assertFalse(pass.nodeOf(-5).isPresent());
    }

    @Test
    void forwardChecksTheInputShape() throws Exception {
        OnnxModel m = OnnxFixturesTest.model("lenet");
        Trace t = new Trace();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(t, Tensor.zeros(Shape.of(2, 1, 10, 12), DType.F64)));
        assertTrue(e.getMessage().contains("[batch, 1, 12, 12]"), e.getMessage());
        // a dynamic batch axis: any batch size runs
        Var out = m.forward(new Trace(), Tensor.zeros(Shape.of(7, 1, 12, 12), DType.F64)).output();
        assertEquals(Shape.of(7, 10), out.shape());
    }

    private static List<Shape> shapes(List<Tensor> ts) {
        return ts.stream().map(Tensor::shape).toList();
    }
}
