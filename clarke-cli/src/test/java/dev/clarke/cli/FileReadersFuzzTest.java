package dev.clarke.cli;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The files train reads, damaged at random, through the command line: a checkpoint of the default
 * network for --load (bits flipped, cut, the header length field replaced) and a directory of IDX
 * files for --data (hostile dimensions, cut data, gzip or not), and ragged CSV files for --data.
 * Each run keeps the {@link HostileInput} property.
 */
class FileReadersFuzzTest {

    private static Path work;
    private static Path inputs;

    @BeforeContainer
    static void directories() throws IOException {
        work = Files.createTempDirectory("readers-fuzz");
        inputs = Files.createTempDirectory("readers-fuzz-inputs");
    }

    @AfterContainer
    static void clean() throws IOException {
        HostileInput.deleteAll(inputs, work);
    }

    private static byte[] checkpoint() {
        Sequential net = Sequential.mlp(new int[] {2, 32, 32, 2}, Activation.relu(), Init.HE);
        return Checkpoint.encode(net, net.initialParameters(DType.F64, 1), DType.F32, Map.of("k", "v"));
    }

    private static byte[] damaged(byte[] b, Random r) {
        byte[] out = b.clone();
        switch (r.nextInt(4)) {
            case 0:
                for (int i = 0; i < 1 + r.nextInt(3); i++) {
                    int at = r.nextInt(Math.min(out.length, 400));    // mostly the header
                    out[at] ^= (byte) (1 << r.nextInt(8));
                }
                return out;
            case 1:
                return java.util.Arrays.copyOf(out, r.nextInt(out.length));
            case 2: {
                long[] lengths = {0, 3, Long.MIN_VALUE, -8, 100_000_001L, out.length};
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[r.nextInt(lengths.length)]);
                return out;
            }
            default:
                return out;
        }
    }

    @Property(tries = 25)
    void aDamagedCheckpointIsLoadedOrRefusedInOneLine(@ForAll long seed) throws IOException {
        Path f = Files.write(inputs.resolve("m.safetensors"), damaged(checkpoint(), new Random(seed)));
        HostileInput.check(work, "train", "--epochs", "1", "--batch", "1600", "--no-certify", "--load", f.toString());
    }

    /** A CSV file of random rows: ragged, empty cells, quotes, a BOM, NaN, huge numbers, other separators. */
    @Property(tries = 60)
    void aRaggedCsvFileIsTrainedOnOrRefusedInOneLine(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        String[] cells = {"1", "0", "-1", "2.5", "", "\"", "\"a,b\"", "NaN", "Infinity", "1e400", "x", "\uFEFF1", " 3 ", "-0", "255"};
        StringBuilder sb = new StringBuilder();
        int cols = 1 + r.nextInt(4);
        for (int i = 0, rows = r.nextInt(12); i < rows; i++) {
            for (int j = 0, c = r.nextInt(5) == 0 ? 1 + r.nextInt(5) : cols; j < c; j++) {
                sb.append(j == 0 ? "" : r.nextInt(10) == 0 ? ";" : ",")
                        .append(r.nextInt(3) == 0 ? cells[r.nextInt(cells.length)] : Integer.toString(r.nextInt(3)));
            }
            sb.append(r.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        Path f = Files.writeString(inputs.resolve("d" + Long.toHexString(seed) + ".csv"), sb);
        HostileInput.check(work, "train", "--epochs", "1", "--no-certify", "--data", f.toString());
    }

    private static void idx(Path file, int type, int[] dims, int data, boolean gzip) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(type << 8 | dims.length);
        for (int n : dims) {
            d.writeInt(n);
        }
        for (int i = 0; i < data; i++) {
            d.writeByte(i % 10);
        }
        byte[] raw = b.toByteArray();
        if (gzip) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(raw);
            }
            raw = z.toByteArray();
        }
        Files.write(file, raw);
    }

    @Property(tries = 60)
    void aDamagedIdxDirectoryIsTrainedOnOrRefusedInOneLine(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        Path d = Files.createDirectories(inputs.resolve("idx" + Long.toHexString(seed)));
        int[] hostile = {0, 1, 3, 28, 65536, Integer.MAX_VALUE, -5};
        for (String split : new String[] {"train", "t10k"}) {
            int n = r.nextInt(4) == 0 ? hostile[r.nextInt(hostile.length)] : 1 + r.nextInt(20);
            int side = r.nextInt(4) == 0 ? hostile[r.nextInt(hostile.length)] : 2;
            int type = r.nextInt(6) == 0 ? 0x0D : 0x08;
            long values = (long) Math.max(n, 0) * Math.max(side, 0) * Math.max(side, 0);
            int data = (int) Math.min(values + r.nextInt(3) - 1, 4000);
            boolean gzip = r.nextBoolean();
            String gz = gzip ? ".gz" : "";
            idx(d.resolve(split + "-images-idx3-ubyte" + gz), type, new int[] {n, side, side}, Math.max(0, data), gzip);
            idx(d.resolve(split + "-labels-idx1-ubyte" + gz), 0x08, new int[] {r.nextInt(5) == 0 ? n + 1 : n},
                    Math.max(0, Math.min(n, 4000)), gzip);
        }
        HostileInput.check(work, "train", "--epochs", "1", "--no-certify", "--data", d.toString(), "--arch",
                "4-8-10");
    }
}
