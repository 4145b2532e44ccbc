package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format byte by byte, round trips in every dtype, and refusal of malformed files. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    /** A file from a header string and raw data bytes. */
    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    /** F32 1.0 is 0x3F800000, little-endian 00 00 80 3F; BF16 −2 is 0xC000 (00 C0); F16 0.5 is 0x3800 (00 38). */
    @Test
    void decodesAHandWrittenFile() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[8,10]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[10,12]},\"__metadata__\":{\"k\":\"v\"}}";
        byte[] data = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0x38};
        SafeTensors.Contents c = SafeTensors.decode(file(h, data), "t");
        assertArrayEquals(new double[] {1, 0}, c.tensors().get("a").toDoubleArray(), 0);
        assertEquals(-2, c.tensors().get("b").item(), 0);
        assertEquals(Shape.of(1, 1), c.tensors().get("c").shape());
        assertEquals(0.5, c.tensors().get("c").item(), 0);
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    @Test
    void roundTripInEveryDtype() throws IOException {
        Map<String, Tensor> ts = new LinkedHashMap<>();
        // values exactly representable in each format, including a subnormal F16 (2^-24) and negative zero
        ts.put("f64", Tensor.of(DType.F64, Shape.of(2, 2), Math.PI, -1e300, 0.1, -0.0));
        ts.put("f32", Tensor.of(DType.F32, Shape.of(3), 0.1, -3.5, 1e30));
        ts.put("bf16", Tensor.of(DType.BF16, Shape.of(2), 1.5, -0.0078125));
        ts.put("f16", Tensor.of(DType.F16, Shape.of(4), 65504, Math.scalb(1.0, -24), -0.333251953125, 1e-5));
        Path p = dir.resolve("m.safetensors");
        SafeTensors.write(p, ts, Map.of("note", "quote \" and \\"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.copyOf(ts.keySet()), List.copyOf(c.tensors().keySet()));
        for (String k : ts.keySet()) {
            assertEquals(ts.get(k).dtype(), c.tensors().get(k).dtype(), k);
            assertEquals(ts.get(k).shape(), c.tensors().get(k).shape(), k);
            for (int i = 0; i < ts.get(k).size(); i++) {
                assertEquals(Double.doubleToRawLongBits(ts.get(k).get(i)), Double.doubleToRawLongBits(c.tensors().get(k).get(i)), k + "[" + i + "]");
            }
        }
        assertEquals("quote \" and \\", c.metadata().get("note"));
        byte[] bytes = java.nio.file.Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);   // header padded to 8 bytes
    }

    private static String reject(byte[] bytes) {
        return assertThrows(IOException.class, () -> SafeTensors.decode(bytes, "f")).getMessage();
    }

    @Test
    void rejectsMalformedAndOversizedHeaders() {
        assertTrue(reject(new byte[] {1, 2, 3}).contains("shorter than"));
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        assertTrue(reject(huge).contains("exceeds the limit"));
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
        assertTrue(reject(negative).contains("exceeds the limit"));
        byte[] past = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array();
        assertTrue(reject(past).contains("past the end"));
        assertTrue(reject(file("[1]", new byte[0])).contains("start with '{'"));
        assertTrue(reject(file("{\"a\":", new byte[0])).contains("malformed header JSON"));
        assertTrue(reject(file("{\"a\":1} x", new byte[0])).contains("trailing"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])).contains("dtype I8"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4])).contains("span 4 bytes"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[4])).contains("outside"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", new byte[8])).contains("overlap"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8])).contains("after the last"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4])).contains("non-negative"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4]}}", new byte[4])).contains("more elements"));
        assertTrue(reject(file("{\"a\":1,\"a\":2}", new byte[0])).contains("duplicate"));
    }

    /** PyTorch's nn.Linear.weight is [out, in]: W [in, out] is stored transposed and read back. */
    @Test
    void checkpointUsesPytorchNamesAndLayouts() throws IOException {
        Sequential net = Sequential.mlp(new int[] {2, 3, 1}, Activation.relu(), Init.HE);
        List<Tensor> params = List.of(Tensor.of(DType.F64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6), Tensor.of(DType.F64, Shape.of(3), 7, 8, 9),
                Tensor.of(DType.F64, Shape.of(3, 1), 10, 11, 12), Tensor.of(DType.F64, Shape.of(1), 13));
        Path p = dir.resolve("net.safetensors");
        Checkpoint.save(p, net, params, DType.F32, Map.of());
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.tensors().keySet()));
        Tensor w0 = c.tensors().get("0.weight");
        assertEquals(Shape.of(3, 2), w0.shape());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, w0.toDoubleArray(), 0);
        assertEquals("pt", c.metadata().get("format"));
        List<Tensor> back = Checkpoint.load(p, net);
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).toDoubleArray(), back.get(i).toDoubleArray(), 0);
        }
        Sequential other = Sequential.mlp(new int[] {2, 4, 1}, Activation.relu(), Init.HE);
        assertTrue(assertThrows(IOException.class, () -> Checkpoint.load(p, other)).getMessage().contains("shape"));
    }
}
