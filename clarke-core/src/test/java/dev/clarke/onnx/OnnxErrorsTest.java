package dev.clarke.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.clarke.ad.Trace;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built files: the reader's positive path and every kind of bad input, each one line naming what and where. */
class OnnxErrorsTest {

    static OnnxModel decode(byte[] bytes) {
        return OnnxModel.decode(bytes, "m.onnx", OnnxModel.Limits.DEFAULT);
    }

    static String error(byte[] bytes) {
        OnnxException e = assertThrows(OnnxException.class, () -> decode(bytes));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("m.onnx: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aHandBuiltGemmComputesXTimesWTransposedPlusB() {
        for (boolean raw : new boolean[] {true, false}) {
            OnnxModel m = decode(OnnxBytes.gemmModel(13, "Gemm", raw));
            assertEquals(List.of("fc.weight", "fc.bias"), m.parameterNames());
            Tensor y = m.forward(new Trace(), Tensor.of(DType.F64, Shape.of(2, 2), 1, 2, -3, 0.5)).output().value();
            // rows of W: (1, 0), (0, 1), (1, 1); b = (0, 0, 1)
            assertArrayEquals(new double[] {1, 2, 4, -3, 0.5, -1.5}, y.toDoubleArray());
        }
    }

    @Test
    void anUnsupportedOperatorIsNamedWithTheSupportedOnes() {
        String m = error(OnnxBytes.gemmModel(13, "Einsum", true));
        assertTrue(m.contains("node 'fc' (Einsum): operator Einsum is not supported; supported: Abs, Add"), m);
        assertTrue(m.endsWith(String.join(", ", OnnxModel.supportedOperators())), m);
        assertTrue(OnnxModel.supportedOperators().containsAll(List.of("Conv", "MaxPool", "AveragePool", "GlobalAveragePool",
                "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Clip", "HardSigmoid", "HardSwish", "Abs",
                "Max", "Min", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Flatten", "Reshape", "Transpose", "Concat",
                "Identity", "Dropout", "BatchNormalization", "Constant")));
    }

    @Test
    void opsetsOutside11To17AreRefused() {
        assertTrue(error(OnnxBytes.gemmModel(9, "Gemm", true)).contains("opset 9 is not supported: re-export with an opset from 11 to 17"));
        assertTrue(error(OnnxBytes.gemmModel(18, "Gemm", true)).contains("opset 18 is not supported"));
    }

    @Test
    void truncatedFilesAreRefusedAtEveryLength() {
        byte[] full = OnnxBytes.gemmModel(13, "Gemm", true);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            OnnxException e = assertThrows(OnnxException.class, () -> decode(cut), "cut at " + n);
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aLengthFieldLargerThanTheFileIsRefusedBeforeAllocating() {
        // field 7 (graph), wire type 2, length 2^31 - 1, then three bytes
        byte[] bytes = {0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1, 2, 3};
        String m = error(bytes);
        assertTrue(m.contains("graph declares 2147483647 bytes but only 3 remain"), m);
    }

    @Test
    void tensorDataMustMatchItsDims() {
        byte[] w = OnnxBytes.floatTensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5}, false);
        byte[] g = OnnxBytes.graph(List.of(OnnxBytes.node("n", "Relu", List.of("x"), List.of("y"))), List.of(w),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 2));
        String m = error(OnnxBytes.model(13, g));
        assertTrue(m.contains("tensor 'w' declares dims [2, 3] (6 elements) but holds 5 elements of data"), m);
        byte[] raw = OnnxBytes.floatTensor("w", new long[] {4}, new float[] {1, 2, 3}, true);
        g = OnnxBytes.graph(List.of(), List.of(raw), OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("x", -1, 2));
        assertTrue(error(OnnxBytes.model(13, g)).contains("declares dims [4] (4 elements) but holds 3"));
        byte[] huge = OnnxBytes.floatTensor("w", new long[] {1L << 40, 1L << 40}, new float[] {1}, true);
        g = OnnxBytes.graph(List.of(), List.of(huge), OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("x", -1, 2));
        assertTrue(error(OnnxBytes.model(13, g)).contains("larger than the file"));
    }

    @Test
    void notAnOnnxFile() {
        assertTrue(error("hello, world\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).contains("not a valid ONNX protobuf"));
        assertTrue(error(new byte[0]).contains("no graph found"));
    }

    @Test
    void unsupportedAttributesAndValuesAreNamed() {
        byte[] relu = OnnxBytes.node("act", "Relu", List.of("x"), List.of("y"), OnnxBytes.intAttr("inplace", 1));
        String m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(relu), List.of(),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 2))));
        assertTrue(m.contains("node 'act' (Relu): attribute 'inplace' is not supported; supported: none"), m);

        byte[] w = OnnxBytes.floatTensor("w", new long[] {1, 1, 1, 1}, new float[] {1}, true);
        byte[] conv = OnnxBytes.node("c", "Conv", List.of("x", "w"), List.of("y"), OnnxBytes.stringAttr("auto_pad", "SAME_UPPER"));
        m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(conv), List.of(w),
                OnnxBytes.valueInfo("x", -1, 1, 3, 3), OnnxBytes.valueInfo("y", -1, 1, 3, 3))));
        assertTrue(m.contains("node 'c' (Conv): auto_pad = SAME_UPPER is not supported; supported: NOTSET (explicit pads) and VALID"), m);

        byte[] flat = OnnxBytes.node("f", "Flatten", List.of("x"), List.of("y"), OnnxBytes.intAttr("axis", 2));
        m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(flat), List.of(),
                OnnxBytes.valueInfo("x", -1, 1, 3, 3), OnnxBytes.valueInfo("y", -1, 9))));
        assertTrue(m.contains("node 'f' (Flatten): axis = 2 is not supported; supported: 1"), m);
    }

    @Test
    void aReshapeThatMixesSamplesIsRefused() {
        byte[] shape = OnnxBytes.int64Tensor("s", new long[] {1}, new long[] {-1});
        byte[] r = OnnxBytes.node("r", "Reshape", List.of("x", "s"), List.of("y"));
        String m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(r), List.of(shape),
                OnnxBytes.valueInfo("x", -1, 4), OnnxBytes.valueInfo("y", -1))));
        assertTrue(m.contains("node 'r' (Reshape): the shape [-1] does not keep the batch axis first"), m);
    }

    @Test
    void aShapeUsedAsDataIsRefused() {
        // Shape(x) → Cast → Add to x: the batch size would become data
        byte[] shape = OnnxBytes.node("s", "Shape", List.of("x"), List.of("s"));
        byte[] cast = OnnxBytes.node("c", "Cast", List.of("s"), List.of("f"), OnnxBytes.intAttr("to", 1));
        byte[] add = OnnxBytes.node("a", "Add", List.of("x", "f"), List.of("y"));
        String m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(shape, cast, add), List.of(),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 2))));
        assertTrue(m.contains("node 'a' (Add): uses the shape computation 'f' as data"), m);

        // a Cast of a float initializer passes it through: it stays a parameter
        byte[] w = OnnxBytes.floatTensor("w", new long[] {2}, new float[] {1, 2}, true);
        byte[] castW = OnnxBytes.node("c", "Cast", List.of("w"), List.of("wf"), OnnxBytes.intAttr("to", 1));
        byte[] addW = OnnxBytes.node("a", "Add", List.of("x", "wf"), List.of("y"));
        OnnxModel model = decode(OnnxBytes.model(13, OnnxBytes.graph(List.of(castW, addW), List.of(w),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 2))));
        assertEquals(List.of("w"), model.parameterNames());
    }

    @Test
    void subgraphsExternalDataAndGroupsAreRefused() {
        byte[] attr = OnnxBytes.msg(o -> {
            o.writeString(1, "then_branch");
            o.writeBytes(6, ByteString.copyFrom(new byte[0]));
        });
        byte[] iff = OnnxBytes.node("if", "If", List.of("x"), List.of("y"), attr);
        String m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(iff), List.of(),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("y", -1, 2))));
        assertTrue(m.contains("subgraph"), m);

        byte[] ext = OnnxBytes.msg(o -> {
            o.writeString(8, "w");
            o.writeInt32(14, 1);
        });
        m = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(), List.of(ext),
                OnnxBytes.valueInfo("x", -1, 2), OnnxBytes.valueInfo("x", -1, 2))));
        assertTrue(m.contains("tensor 'w' keeps its data in an external file"), m);

        // a start-group tag (field 1, wire type 3) repeated: a nesting ONNX never uses
        byte[] groups = new byte[100_000];
        Arrays.fill(groups, (byte) 0x0b);
        assertTrue(error(groups).contains("wire type 3"));
    }

    @Test
    void inputShapesMustFitTheModel() {
        OnnxModel m = decode(OnnxBytes.gemmModel(13, "Gemm", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(new Trace(), Tensor.zeros(Shape.of(2, 3), DType.F64)));
        assertEquals("inputs have shape [2, 3], but the model takes [batch, 2]", e.getMessage());
        byte[] relu = OnnxBytes.node("act", "Relu", List.of("x"), List.of("y"));
        String msg = error(OnnxBytes.model(13, OnnxBytes.graph(List.of(relu), List.of(),
                OnnxBytes.valueInfo("x", -1, -1), OnnxBytes.valueInfo("y", -1, -1))));
        assertTrue(msg.contains("only the batch axis (the first) may be symbolic"), msg);
    }

    @Test
    void readReportsMissingFilesInOneLine(@TempDir Path dir) throws Exception {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxModel.read(dir.resolve("absent.onnx")));
        assertTrue(e.getMessage().contains("absent.onnx: cannot read the model"), e.getMessage());
        Path f = dir.resolve("m.onnx");
        Files.write(f, OnnxBytes.gemmModel(13, "Gemm", true));
        e = assertThrows(OnnxException.class, () -> OnnxModel.read(f, new OnnxModel.Limits(10, 10, 10)));
        assertTrue(e.getMessage().contains("more than the limit of 10"), e.getMessage());
    }
}
