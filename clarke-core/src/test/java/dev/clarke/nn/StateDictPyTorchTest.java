package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.Checkpoint;
import dev.clarke.train.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A PyTorch state_dict loads by name into the equivalent {@link Sequential}, which then gives
 * PyTorch's logits, and Clarke's state dict saved again is PyTorch's file tensor by tensor. Fixtures:
 * {@code /usr/bin/python3 tools/statedict-fixture.py clarke-core/src/test/resources/statedict}.
 */
class StateDictPyTorchTest {

    static Sequential mlp() {
        return new Sequential(Shape.of(4), List.of(new Linear(4, 8, Init.HE), new ActivationLayer(Activation.relu()),
                new Linear(8, 3, Init.HE)));
    }

    static Sequential cnn() {
        return new Sequential(Shape.of(1, 8, 8), List.of(Conv2d.of(1, 2, 3), new ActivationLayer(Activation.relu()),
                MaxPool2d.of(2), new Flatten(), new Linear(18, 3, Init.HE)));
    }

    /** PyTorch's {@code features = Sequential(conv, relu, pool)}, {@code classifier = Sequential(flatten, linear)}. */
    static Sequential nested() {
        Sequential features = new Sequential(Shape.of(1, 8, 8), List.of(Conv2d.of(1, 2, 3),
                new ActivationLayer(Activation.relu()), MaxPool2d.of(2)));
        Sequential classifier = new Sequential(Shape.of(2, 3, 3), List.of(new Flatten(), new Linear(18, 3, Init.HE)));
        LinkedHashMap<String, Layer> children = new LinkedHashMap<>();
        children.put("features", features.asLayer());
        children.put("classifier", classifier.asLayer());
        return Sequential.named(Shape.of(1, 8, 8), children);
    }

    private static Map<String, Tensor> fixture(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(StateDictPyTorchTest.class.getResourceAsStream("/statedict/" + name))) {
            return SafeTensors.decode(in.readAllBytes(), name).tensors();
        }
    }

    private static void roundTrip(String name, Sequential net) throws IOException {
        Map<String, Tensor> torch = fixture(name + ".safetensors");
        Map<String, Tensor> io = fixture(name + "-io.safetensors");
        net.loadStateDict(torch, true);

        Tensor logits = net.forward(new Trace(), net.parameters(), io.get("input"), Layer.Mode.EVAL).output().value();
        Tensor expected = io.get("logits");
        assertEquals(expected.shape(), logits.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), logits.get(i), 1e-5 * Math.max(1, Math.abs(expected.get(i))), name + " logit " + i);
        }

        byte[] saved = Checkpoint.encode(net, net.parameters(), DType.F64, Map.of());
        Map<String, Tensor> back = SafeTensors.decode(saved, "saved").tensors();
        assertEquals(new ArrayList<>(torch.keySet()), new ArrayList<>(back.keySet()), "names, in PyTorch's order");
        for (String k : torch.keySet()) {
            assertEquals(torch.get(k).shape(), back.get(k).shape(), k);
            assertEquals(DType.F64, back.get(k).dtype(), k);
            assertArrayEquals(bits(torch.get(k)), bits(back.get(k)), k + ": the same float64 bits");
        }
    }

    private static long[] bits(Tensor t) {
        long[] b = new long[t.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = Double.doubleToRawLongBits(t.get(i));
        }
        return b;
    }

    @Test
    void pytorchMlpLoadsByNameGivesItsLogitsAndSavesItsOwnFile() throws IOException {
        roundTrip("mlp", mlp());
    }

    @Test
    void pytorchCnnLoadsByNameGivesItsLogitsAndSavesItsOwnFile() throws IOException {
        roundTrip("cnn", cnn());
    }

    @Test
    void pytorchModuleWithNamedNestedChildrenRoundTripsAsFeaturesDotZeroDotWeight() throws IOException {
        Sequential net = nested();
        assertEquals(List.of("features.0.weight", "features.0.bias", "classifier.1.weight", "classifier.1.bias"),
                net.parameterNames());
        roundTrip("nested", net);
        assertThrows(IllegalArgumentException.class, () -> Sequential.named(Shape.of(4),
                new LinkedHashMap<>(Map.of("a.b", new Linear(4, 2, Init.HE)))));
    }

    /** PyTorch's BatchNorm state: weight, bias, running_mean, running_var, and a num_batches_tracked counter. */
    @Test
    void batchNormStateTakesPyTorchsNamesAndItsBatchCounter() {
        Sequential net = new Sequential(Shape.of(2, 1, 1), List.of(new BatchNorm(2, 1e-5)));
        assertEquals(List.of("0.weight", "0.bias", "0.running_mean", "0.running_var"), List.copyOf(net.stateDict().keySet()));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        double[][] v = {{2, 3}, {0.5, -0.5}, {1, -1}, {4, 9}};
        String[] names = {"0.weight", "0.bias", "0.running_mean", "0.running_var"};
        for (int i = 0; i < 4; i++) {
            sd.put(names[i], Tensor.of(DType.F64, Shape.of(2), v[i]));
        }
        sd.put("0.num_batches_tracked", Tensor.of(DType.F64, Shape.of(), new double[] {7}));
        net.loadStateDict(sd, true);
        // y = (x − mean)/√(var + ε)·γ + β at x = 0: channel 0 (0 − 1)/2·2 + 0.5 = −0.5, channel 1 (0 + 1)/3·3 − 0.5 = 0.5
        Tensor y = net.forward(new Trace(), net.parameters(), Tensor.zeros(Shape.of(1, 2, 1, 1), DType.F64), Layer.Mode.EVAL)
                .output().value();
        assertEquals(-0.5, y.get(0), 1e-5);
        assertEquals(0.5, y.get(1), 1e-5);
    }

    @Test
    void linearWeightIsStoredOutByIn() {
        Sequential net = mlp();
        Tensor w = net.namedParameters().get("0.weight");   // Clarke's [in, out] = [4, 8]
        assertEquals(Shape.of(4, 8), w.shape());
        Tensor pw = net.stateDict().get("0.weight");    // PyTorch's [out, in] = [8, 4]
        assertEquals(Shape.of(8, 4), pw.shape());
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 8; o++) {
                assertEquals(w.get(i * 8 + o), pw.get(o * 4 + i));
            }
        }
    }

    @Test
    void loadingListsEveryMissingUnexpectedAndMisShapedName() throws IOException {
        Map<String, Tensor> sd = new LinkedHashMap<>(fixture("mlp.safetensors"));
        sd.remove("0.bias");
        sd.put("5.weight", Tensor.zeros(Shape.of(1), DType.F64));
        sd.put("2.weight", Tensor.zeros(Shape.of(8, 3), DType.F64));
        Sequential net = mlp();
        String m = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd, true)).getMessage();
        assertTrue(m.contains("missing 0.bias"), m);
        assertTrue(m.contains("unexpected 5.weight"), m);
        assertTrue(m.contains("2.weight is [8, 3]") && m.contains("needs [3, 8]"), m);

        sd.put("0.bias", Tensor.zeros(Shape.of(8), DType.F64));
        sd.put("2.weight", Tensor.zeros(Shape.of(3, 8), DType.F64));
        assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd, true));
        net.loadStateDict(sd, false);      // not strict: the extra name is ignored
        assertEquals(0.0, net.parameters().get(1).get(0));
    }
}
