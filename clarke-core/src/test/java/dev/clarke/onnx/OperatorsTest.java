package dev.clarke.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.data.Npy;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.SafeTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators on hand-built graphs with hand-computed results, and gradients against finite differences. */
class OperatorsTest {

    /** A one-node graph x → op → y on [batch, ...] values. */
    static OnnxModel oneNode(long opset, String op, List<String> extraInputs, List<byte[]> initializers, long[] in, long[] out,
                             byte[]... attrs) {
        List<String> ins = new ArrayList<>(List.of("x"));
        ins.addAll(extraInputs);
        byte[] node = OnnxBytes.node("n", op, ins, List.of("y"), attrs);
        return OnnxErrorsTest.decode(OnnxBytes.model(opset, OnnxBytes.graph(List.of(node), initializers,
                OnnxBytes.valueInfo("x", in), OnnxBytes.valueInfo("y", out))));
    }

    static double[] run(OnnxModel m, Trace t, Shape shape, double... x) {
        return m.forward(t, Tensor.of(DType.F64, shape, x)).output().value().toDoubleArray();
    }

    static byte[] floatAttr(String name, float v) {
        return OnnxBytes.msg(o -> {
            o.writeString(1, name);
            o.writeFloat(2, v);
            o.writeInt32(20, 1);
        });
    }

    static byte[] intsAttr(String name, long... v) {
        return OnnxBytes.msg(o -> {
            o.writeString(1, name);
            for (long x : v) {
                o.writeInt64(8, x);
            }
            o.writeInt32(20, 7);
        });
    }

    @Test
    void hardSigmoidWithOtherSlopesIsAClampWhoseKinksAreLogged() {
        // ONNX's default alpha = 0.2 (a float attribute; PyTorch's is 1/6): clamp(0.2·x + 0.5, 0, 1)
        OnnxModel dflt = oneNode(13, "HardSigmoid", List.of(), List.of(), new long[] {-1, 3}, new long[] {-1, 3});
        assertArrayEquals(new double[] {0, (double) 0.2f + 0.5, 1}, run(dflt, new Trace(), Shape.of(1, 3), -3, 1, 4));
        // alpha = 0.25, beta = 0: x = 0 and x = 4 land exactly on the two kinks
        OnnxModel m = oneNode(13, "HardSigmoid", List.of(), List.of(), new long[] {-1, 4}, new long[] {-1, 4},
                floatAttr("alpha", 0.25f), floatAttr("beta", 0f));
        Trace t = new Trace();
        assertArrayEquals(new double[] {0, 0, 0.25, 1}, run(m, t, Shape.of(1, 4), -3, 0, 1, 4));
        assertEquals(2, t.kinks().size());
        assertEquals(1, t.kinks().get(0).element());
        assertEquals(3, t.kinks().get(1).element());
    }

    @Test
    void clipTakesItsBoundsFromInputsOrAttributes() {
        byte[] lo = OnnxBytes.floatTensor("lo", new long[0], new float[] {-1.5f}, true);
        OnnxModel inputs = oneNode(13, "Clip", List.of("lo"), List.of(lo), new long[] {-1, 3}, new long[] {-1, 3});
        assertArrayEquals(new double[] {-1.5, 0, 7}, run(inputs, new Trace(), Shape.of(1, 3), -4, 0, 7));
        assertEquals(List.of(), inputs.parameterNames()); // a bound is a constant, not a parameter
        OnnxModel attrs = oneNode(11, "Clip", List.of(), List.of(), new long[] {-1, 3}, new long[] {-1, 3},
                floatAttr("max", 2f));
        assertArrayEquals(new double[] {-4, 0, 2}, run(attrs, new Trace(), Shape.of(1, 3), -4, 0, 7));

        // both bounds finite: a clamp activation, which the network certificate covers
        byte[] hi = OnnxBytes.floatTensor("hi", new long[0], new float[] {2.5f}, true);
        OnnxModel both = oneNode(13, "Clip", List.of("lo", "hi"), List.of(lo, hi), new long[] {-1, 3}, new long[] {-1, 3});
        assertArrayEquals(new double[] {-1.5, 0, 2.5}, run(both, new Trace(), Shape.of(1, 3), -4, 0, 7));
        assertEquals(List.of(new dev.clarke.nn.ActivationLayer(dev.clarke.nn.Activation.clamp(-1.5, 2.5))),
                both.asNetwork().orElseThrow().layers());
        // one bound: the one-sided clamp activations, which it covers as well
        assertEquals(List.of(new dev.clarke.nn.ActivationLayer(dev.clarke.nn.Activation.clampMin(-1.5))),
                inputs.asNetwork().orElseThrow().layers());
        assertEquals(List.of(new dev.clarke.nn.ActivationLayer(dev.clarke.nn.Activation.clampMax(2))),
                attrs.asNetwork().orElseThrow().layers());
        Trace t = new Trace();
        run(inputs, t, Shape.of(1, 3), -1.5, 0, -4);   // x = lo exactly: one kink hit, at element 0
        assertEquals(1, t.kinks().size());
        assertEquals(0, t.kinks().get(0).element());
        assertEquals("clamp_min", t.kinks().get(0).op());
    }

    @Test
    void transposeConcatAndOldSoftmax() {
        OnnxModel tr = oneNode(13, "Transpose", List.of(), List.of(), new long[] {-1, 2, 3}, new long[] {-1, 3, 2},
                intsAttr("perm", 0, 2, 1));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, run(tr, new Trace(), Shape.of(1, 2, 3), 1, 2, 3, 4, 5, 6));

        byte[] c = OnnxBytes.floatTensor("c", new long[] {1, 1}, new float[] {9}, true);
        byte[] cat = OnnxBytes.node("n", "Concat", List.of("x", "x"), List.of("y"), OnnxBytes.intAttr("axis", -1));
        OnnxModel m = OnnxErrorsTest.decode(OnnxBytes.model(13, OnnxBytes.graph(List.of(cat), List.of(c),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 4))));
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, run(m, new Trace(), Shape.of(2, 2), 1, 2, 3, 4));

        // opset 11's Softmax(axis = 1) on [B, 2, 2] normalises over the 4 values of a sample together
        OnnxModel sm = oneNode(11, "Softmax", List.of(), List.of(), new long[] {-1, 2, 2}, new long[] {-1, 2, 2});
        double[] y = run(sm, new Trace(), Shape.of(1, 2, 2), 0, 0, 0, Math.log(5));
        assertArrayEquals(new double[] {0.125, 0.125, 0.125, 0.625}, y, 1e-12);
    }

    @Test
    void reduceMeanOverSampleAxes() {
        OnnxModel m = oneNode(13, "ReduceMean", List.of(), List.of(), new long[] {-1, 2, 2, 2}, new long[] {-1, 2},
                intsAttr("axes", 2, -1), OnnxBytes.intAttr("keepdims", 0));
        assertArrayEquals(new double[] {2.5, 6.5, -1, 0}, run(m, new Trace(), Shape.of(2, 2, 2, 2),
                1, 2, 3, 4, 5, 6, 7, 8, -1, -1, -1, -1, 0, 0, 0, 0));
        String e = OnnxErrorsTest.error(OnnxBytes.model(13, OnnxBytes.graph(List.of(OnnxBytes.node("r", "ReduceMean",
                List.of("x"), List.of("y"), intsAttr("axes", 0))), List.of(), OnnxBytes.valueInfo("x", -1, 2),
                OnnxBytes.valueInfo("y", 1, 2))));
        assertTrue(e.contains("include the batch axis"), e);
    }

    @Test
    void paddedPoolingIgnoresOrCountsThePadding() {
        long[] in = {-1, 1, 2, 2};
        long[] out = {-1, 1, 3, 3};
        byte[][] window = {intsAttr("kernel_shape", 2, 2), intsAttr("pads", 1, 1, 1, 1)};
        // max pooling never picks the padding, even when every value is negative
        OnnxModel max = oneNode(13, "MaxPool", List.of(), List.of(), in, out, window);
        assertArrayEquals(new double[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, run(max, new Trace(), Shape.of(1, 1, 2, 2), -1, -2, -3, -4));
        // x = [[1, 2], [3, 4]]: with count_include_pad every window divides by 4, without it by its pixels
        OnnxModel incl = oneNode(13, "AveragePool", List.of(), List.of(), in, out, window[0], window[1],
                OnnxBytes.intAttr("count_include_pad", 1));
        assertArrayEquals(new double[] {0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1},
                run(incl, new Trace(), Shape.of(1, 1, 2, 2), 1, 2, 3, 4), 1e-15);
        OnnxModel excl = oneNode(13, "AveragePool", List.of(), List.of(), in, out, window);
        assertArrayEquals(new double[] {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4}, run(excl, new Trace(), Shape.of(1, 1, 2, 2), 1, 2, 3, 4), 1e-15);
        // dilation 2 on a 1-pixel image: the taps at -1 and +1 both miss it, a window of padding only
        String e = OnnxErrorsTest.error(OnnxBytes.model(13, OnnxBytes.graph(List.of(OnnxBytes.node("p", "MaxPool", List.of("x"),
                List.of("y"), intsAttr("kernel_shape", 2, 1), intsAttr("pads", 1, 0, 1, 0), intsAttr("dilations", 2, 1))),
                List.of(), OnnxBytes.valueInfo("x", -1, 1, 1, 1), OnnxBytes.valueInfo("y", -1, 1, 1, 1))));
        assertTrue(e.contains("lies entirely in the padding"), e);
    }

    @Test
    void asymmetricPadsAndGroups() {
        // x = [[1, 2], [3, 4]], a 2×2 kernel of ones, pads top 1, left 0, bottom 0, right 1:
        // the padded image is [[0, 0, 0], [1, 2, 0], [3, 4, 0]], its 2×2 window sums 3, 2, 10, 6
        byte[] w = OnnxBytes.floatTensor("w", new long[] {1, 1, 2, 2}, new float[] {1, 1, 1, 1}, true);
        OnnxModel m = oneNode(13, "Conv", List.of("w"), List.of(w), new long[] {-1, 1, 2, 2}, new long[] {-1, 1, 2, 2},
                intsAttr("pads", 1, 0, 0, 1));
        assertArrayEquals(new double[] {3, 2, 10, 6}, run(m, new Trace(), Shape.of(1, 1, 2, 2), 1, 2, 3, 4));
        assertTrue(m.asNetwork().orElseThrow().toString().contains("p(1,0,0,1)"));

        // two groups, 1×1 kernels: out channel 0 = 2·in 0, out 1 = −in 1
        byte[] g = OnnxBytes.floatTensor("g", new long[] {2, 1, 1, 1}, new float[] {2, -1}, true);
        OnnxModel grouped = oneNode(13, "Conv", List.of("g"), List.of(g), new long[] {-1, 2, 1, 2}, new long[] {-1, 2, 1, 2},
                OnnxBytes.intAttr("group", 2));
        assertArrayEquals(new double[] {2, 4, -3, -4}, run(grouped, new Trace(), Shape.of(1, 2, 1, 2), 1, 2, 3, 4));
    }

    @Test
    void gradientsAgreeWithFiniteDifferences() throws Exception {
        for (String name : new String[] {"bnpool", "residual", "elementwise"}) {
            OnnxModel m = OnnxFixturesTest.model(name);
            Tensor x = Npy.read(OnnxFixturesTest.fixture(name + "-x.npy")).toTensor().to(DType.F64);
            Trace t = new Trace(KinkPolicy.mid(), DType.F64);
            List<Var> leaves = new ArrayList<>();
            for (Tensor p : m.parameters()) {
                leaves.add(t.input(p.to(DType.F64)));
            }
            Var y = m.forward(t, leaves, t.constant(x)).output();
            Tensor weights = Tensor.randn(y.shape(), DType.F64, 5);
            Gradients g = t.grad(y.mul(t.constant(weights)).sum(), leaves, Backward.RELEASE);
            for (int p = 0; p < leaves.size(); p += 2) {
                Tensor grad = g.of(leaves.get(p));
                int k = grad.size() / 2;
                double h = 1e-6;
                double fd = (objective(m, x, weights, p, k, h) - objective(m, x, weights, p, k, -h)) / (2 * h);
                assertEquals(fd, grad.get(k), 1e-5 * Math.max(1, Math.abs(fd)), name + " " + m.parameterNames().get(p));
            }
        }
    }

    private static double objective(OnnxModel m, Tensor x, Tensor weights, int p, int k, double h) {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        List<Var> params = new ArrayList<>();
        for (int i = 0; i < m.parameters().size(); i++) {
            double[] v = m.parameters().get(i).toDoubleArray();
            if (i == p) {
                v[k] += h;
            }
            params.add(t.constant(Tensor.of(DType.F64, m.parameters().get(i).shape(), v)));
        }
        return m.forward(t, params, t.constant(x)).output().mul(t.constant(weights)).sum().item();
    }

    @Test
    void weightsByNameFromSafetensors(@TempDir Path dir) throws Exception {
        OnnxModel m = OnnxFixturesTest.model("mlp");
        Map<String, Tensor> doubled = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            double[] v = e.getValue().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 2;
            }
            doubled.put(e.getKey(), Tensor.of(DType.F32, e.getValue().shape(), v));
        }
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, doubled, Map.of());
        OnnxModel m2 = m.withWeights(f);
        assertEquals(2 * m.parameters().get(3).get(1), m2.parameters().get(3).get(1));
        doubled.remove("4.bias");
        Path g = dir.resolve("w2.safetensors");
        SafeTensors.write(g, doubled, Map.of());
        OnnxException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxException.class, () -> m.withWeights(g));
        assertTrue(e.getMessage().contains("w2.safetensors: the weights do not match the model's parameters: missing: 4.bias"),
                e.getMessage());
    }
}
