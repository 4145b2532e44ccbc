package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * IDX image and label files with random headers (hostile dimensions, ranks, types), cut or padded
 * data, gzip or not: reading either succeeds or throws an {@link IOException} with one short line.
 */
class IdxFuzzTest {

    private static final int[] DIMS = {0, 1, 2, 3, 28, 65536, Integer.MAX_VALUE, -1, 1 << 16, 46341};

    static byte[] file(Random r, int rank) throws IOException {
        int[] dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = r.nextInt(3) == 0 ? DIMS[r.nextInt(DIMS.length)] : 1 + r.nextInt(4);
            n *= Math.max(0, dims[i]);
        }
        int[] data = new int[(int) Math.max(0, Math.min(n + r.nextInt(3) - 1, 200))];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(256);
        }
        byte[] b = DataTest.idx(dims, data);
        if (r.nextInt(5) == 0) {
            b[2] = (byte) r.nextInt(256);    // type
        }
        if (r.nextInt(5) == 0) {
            b[3] = (byte) r.nextInt(256);    // rank
        }
        return r.nextBoolean() ? DataTest.gzip(b) : b;
    }

    @Property(tries = 200)
    void anyFileIsReadOrRefusedInOneLine(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        Path img = Files.createTempFile("fuzz", "-images");
        Path lab = Files.createTempFile("fuzz", "-labels");
        try {
            Files.write(img, file(r, r.nextInt(5) == 0 ? 1 + r.nextInt(4) : 3));
            Files.write(lab, file(r, r.nextInt(5) == 0 ? 1 + r.nextInt(4) : 1));
            try {
                Idx.read(img, lab, "fuzz");
            } catch (IOException e) {
                String m = e.getMessage();
                assertTrue(m != null && !m.contains("\n") && m.length() < 400, m);
            }
        } finally {
            Files.delete(img);
            Files.delete(lab);
        }
    }
}
