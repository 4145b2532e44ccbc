package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Valid safetensors files mutated at random (bytes flipped, cut, spliced; the header length field
 * set to hostile values): reading one either succeeds or throws an {@link IOException} with one short
 * line, never another exception, and never reads more than the file holds.
 */
class SafeTensorsFuzzTest {

    private static byte[] valid() {
        Map<String, Tensor> ts = new LinkedHashMap<>();
        ts.put("0.weight", Tensor.of(DType.F32, Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
        ts.put("0.bias", Tensor.of(DType.F64, Shape.of(2), -1, 0.5));
        ts.put("h", Tensor.of(DType.F16, Shape.of(1), 0.25));
        return SafeTensors.encode(ts, Map.of("format", "pt", "k", "v"));
    }

    static byte[] mutate(byte[] v, Random r) {
        byte[] b = v.clone();
        switch (r.nextInt(5)) {
            case 0:
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 1:
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2: {
                long[] lengths = {0, 1, 7, Long.MAX_VALUE, -1, 100_000_001L, b.length, b.length - 8, 1L << 32};
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[r.nextInt(lengths.length)]);
                return b;
            }
            case 3: {
                // a digit of the header changed: shapes and offsets that disagree
                int at = 8 + r.nextInt(b.length - 8);
                if (Character.isDigit(b[at])) {
                    b[at] = (byte) ('0' + r.nextInt(10));
                }
                return b;
            }
            default: {
                byte[] extra = new byte[r.nextInt(64)];
                r.nextBytes(extra);
                byte[] out = java.util.Arrays.copyOf(b, b.length + extra.length);
                System.arraycopy(extra, 0, out, b.length, extra.length);
                return out;
            }
        }
    }

    @Property(tries = 300)
    void anyMutationIsReadOrRefusedInOneLine(@ForAll long seed) throws IOException {
        Path f = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(f, mutate(valid(), new Random(seed)));
            try {
                SafeTensors.read(f);
            } catch (IOException e) {
                String m = e.getMessage();
                assertTrue(m != null && !m.contains("\n") && m.length() < 400, m);
            }
        } finally {
            Files.delete(f);
        }
    }
}
