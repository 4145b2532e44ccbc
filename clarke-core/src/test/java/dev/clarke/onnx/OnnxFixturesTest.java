package dev.clarke.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.data.Npy;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clarke's forward pass of each PyTorch-exported fixture equals PyTorch's output on the same batch
 * (saved by tools/make-onnx-fixtures.py) to float32 rounding: the oracle is PyTorch, not Clarke.
 */
class OnnxFixturesTest {

    static Path fixture(String name) throws Exception {
        return Paths.get(OnnxFixturesTest.class.getResource("/onnx/" + name).toURI());
    }

    static OnnxModel model(String name) throws Exception {
        return OnnxModel.read(fixture(name + ".onnx"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "bnpool", "residual", "elementwise", "viewnet"})
    void forwardMatchesPyTorch(String name) throws Exception {
        OnnxModel m = model(name);
        Tensor x = Npy.read(fixture(name + "-x.npy")).toTensor();
        Npy.Array y = Npy.read(fixture(name + "-y.npy"));
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            Trace t = new Trace(KinkPolicy.mid(), dtype);
            Tensor out = m.forward(t, x).output().value();
            assertArrayEquals(y.shape(), out.shape().dims(), name);
            double scale = 0;
            for (double v : y.reals()) {
                scale = Math.max(scale, Math.abs(v));
            }
            double tol = 1e-5 * Math.max(scale, 1);
            for (int i = 0; i < y.size(); i++) {
                double d = Math.abs(out.get(i) - y.reals()[i]);
                assertTrue(d <= tol, name + " " + dtype + " element " + i + ": Clarke " + out.get(i) + ", PyTorch " + y.reals()[i]);
            }
        }
        assertEquals(Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank())), m.inputShape());
    }
}
