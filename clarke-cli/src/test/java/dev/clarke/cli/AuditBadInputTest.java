package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.data.Npy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clarke audit} refuses bad input with exit code 2 and one line naming the problem. */
class AuditBadInputTest {

    @TempDir
    Path dir;

    private static Path fx(String model, String file) throws Exception {
        return AuditCommandTest.fixture(model, file);
    }

    private static void refused(String expectedPart, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "audit";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = CliRun.of(all);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("clarke audit: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expectedPart), r.err());
    }

    @Test
    void modelFiles() throws Exception {
        Path text = dir.resolve("not.onnx");
        Files.writeString(text, "this is not a protobuf file at all\n");
        refused("not.onnx", text.toString(), "--inputs", fx("mlp", "x.npy").toString(), "--labels", fx("mlp", "y.npy").toString());

        byte[] whole = Files.readAllBytes(fx("mlp", "model.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        refused("truncated.onnx", truncated.toString(), "--inputs", fx("mlp", "x.npy").toString(), "--labels", fx("mlp", "y.npy").toString());

        // The same bytes with the operator name Relu changed to Relx: valid protobuf, unknown operator.
        String latin = new String(whole, StandardCharsets.ISO_8859_1).replace("Relu", "Relx");
        Path unsupported = dir.resolve("relx.onnx");
        Files.write(unsupported, latin.getBytes(StandardCharsets.ISO_8859_1));
        refused("Relx", unsupported.toString(), "--inputs", fx("mlp", "x.npy").toString(), "--labels", fx("mlp", "y.npy").toString());
    }

    @Test
    void samples() throws Exception {
        String lenet = fx("lenet-ties", "model.onnx").toString();
        refused("shape", lenet, "--inputs", fx("mlp", "x.npy").toString(), "--labels", fx("mlp", "y.npy").toString());

        Path labels = dir.resolve("y.npy");
        long[] y = new long[16];
        y[3] = 99;
        Files.write(labels, Npy.encodeInts(new int[] {16}, y));
        refused("label 99 of sample 3", lenet, "--inputs", fx("lenet-ties", "x.npy").toString(), "--labels", labels.toString());

        double[] v = Npy.read(fx("mlp", "x.npy")).toTensor().toDoubleArray();
        v[13] = Double.NaN;
        Path nan = dir.resolve("nan.npy");
        Files.write(nan, Npy.encode(Tensor.of(DType.F32, Shape.of(16, 12), v)));
        refused("sample 1, element 1 is NaN", fx("mlp", "model.onnx").toString(), "--inputs", nan.toString(),
                "--labels", fx("mlp", "y.npy").toString());
    }

    @Test
    void gradientFiles() throws Exception {
        refused("missing conv1.weight", fx("lenet-ties", "model.onnx").toString(), "--inputs", fx("lenet-ties", "x.npy").toString(),
                "--labels", fx("lenet-ties", "y.npy").toString(), "--gradient", fx("mlp", "grad.safetensors").toString());
        refused("--save-gradient", fx("mlp", "model.onnx").toString(), "--inputs", fx("mlp", "x.npy").toString(),
                "--labels", fx("mlp", "y.npy").toString(), "--save-gradient", dir.resolve("no/such/dir/g.safetensors").toString());
        refused("--gradient judges the gradient of one batch", fx("mlp", "model.onnx").toString(), "--inputs", fx("mlp", "x.npy").toString(),
                "--labels", fx("mlp", "y.npy").toString(), "--batch", "4", "--gradient", fx("mlp", "grad.safetensors").toString());
        refused("no such file", fx("mlp", "model.onnx").toString(), "--inputs", dir.resolve("none.npy").toString(),
                "--labels", fx("mlp", "y.npy").toString());
        refused("--weights", fx("mlp", "model.onnx").toString(), "--inputs", fx("mlp", "x.npy").toString(),
                "--labels", fx("mlp", "y.npy").toString(), "--weights", fx("lenet-ties", "weights.safetensors").toString());
    }
}
