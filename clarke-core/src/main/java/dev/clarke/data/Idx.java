package dev.clarke.data;

import dev.clarke.io.BoundedRead;
import dev.clarke.io.Sizes;
import dev.clarke.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST's IDX format (LeCun et al.): a big-endian header — two zero bytes, a type byte (0x08:
 * unsigned bytes), the number of dimensions — then one 32-bit size per dimension and the data.
 * Images are [n, rows, cols] unsigned bytes, labels [n]. Files may be gzip-compressed (detected from
 * the magic bytes). Pixels are scaled to [0, 1] by /255; samples have shape [rows·cols]. Sizes are
 * never trusted: a header declaring more values than memory holds is refused before reading, and
 * the data is read in growing chunks, so a truncated file or a decompression bomb costs only what
 * it actually delivers, up to what the header declared; bytes past that are an error.
 */
public final class Idx {

    /** More elements than this are refused: the most a Java array holds. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;
    /** Bytes of memory a loaded element takes: the byte read and the float it becomes. */
    private static final long BYTES_PER_ELEMENT = 5;

    private Idx() {
    }

    /**
     * The images and labels of two IDX files, e.g. train-images-idx3-ubyte and train-labels-idx1-ubyte.
     *
     * @param images the IDX image file (optionally gzipped)
     * @param labels the IDX label file (optionally gzipped)
     * @param name the data set's name
     * @return the samples, pixels divided by 255
     * @throws IOException when a file cannot be read or is not a valid IDX file of the expected kind
     */
    public static Dataset read(Path images, Path labels, String name) throws IOException {
        Array img = readArray(images);
        Array lab = readArray(labels);
        if (img.dims.length != 3) {
            throw new IOException(images + ": an image file has 3 dimensions, this one has " + img.dims.length);
        }
        if (lab.dims.length != 1) {
            throw new IOException(labels + ": a label file has 1 dimension, this one has " + lab.dims.length);
        }
        if (img.dims[0] == 0) {
            throw new IOException(images + ": holds no images (the header declares 0)");
        }
        if (img.dims[1] == 0 || img.dims[2] == 0) {
            throw new IOException(images + ": images of " + img.dims[1] + "×" + img.dims[2] + " pixels hold nothing");
        }
        if (img.dims[0] != lab.dims[0]) {
            throw new IOException(images + " has " + img.dims[0] + " images but " + labels + " has " + lab.dims[0] + " labels");
        }
        float[] x = new float[img.data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (img.data[i] & 0xff) / 255f;
        }
        int[] y = new int[lab.data.length];
        int classes = 1;
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data[i] & 0xff;
            classes = Math.max(classes, y[i] + 1);
        }
        return new Dataset(name, x, y, Shape.of(img.dims[1] * img.dims[2]), Math.max(classes, 10));
    }

    /** A decoded IDX array of unsigned bytes. */
    record Array(int[] dims, byte[] data) {
    }

    /** Whether {@code in} holds more bytes (a corrupt gzip trailer counts as more). */
    private static boolean trailing(InputStream in) {
        try {
            return in.read() >= 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one IDX file of unsigned bytes; every error names the file and says what is wrong in one line. */
    static Array readArray(Path file) throws IOException {
        try {
            return readArrayOf(file);
        } catch (IOException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": " + (e instanceof EOFException ? "ends too early"
                    : e instanceof java.util.zip.ZipException ? "corrupt gzip data" : "cannot read")
                    + (m == null ? "" : " (" + m.replace('\n', ' ') + ")"), e);
        }
    }

    private static Array readArrayOf(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            DataInputStream d = new DataInputStream(in);
            int magic;
            try {
                magic = d.readInt();
            } catch (EOFException e) {
                throw new IOException(file + ": too short for an IDX header");
            }
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                throw new IOException(file + ": not an IDX file of unsigned bytes (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x0000080N)");
            }
            int rank = magic & 0xff;
            if (rank < 1 || rank > 4) {
                throw new IOException(file + ": IDX rank " + rank + " is not supported (1 to 4)");
            }
            int[] dims = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                try {
                    dims[i] = d.readInt();
                } catch (EOFException e) {
                    throw new IOException(file + ": truncated IDX header: " + rank + " dimensions declared, " + i + " present");
                }
                if (dims[i] < 0) {
                    throw new IOException(file + ": negative IDX dimension " + dims[i]);
                }
                n *= dims[i];
                if (n > MAX_ELEMENTS) {
                    throw new IOException(file + ": IDX header declares more than " + MAX_ELEMENTS + " elements");
                }
            }
            long memory = Runtime.getRuntime().maxMemory();
            if (n * BYTES_PER_ELEMENT > memory / 2) {
                throw new IOException(file + ": the header declares " + n + " values, which need " + Sizes.bytes(n * BYTES_PER_ELEMENT)
                        + " of memory; this JVM may use " + Sizes.bytes(memory) + " (raise it with -Xmx, or use a smaller file)");
            }
            // read in growing chunks: a file (or a gzip stream) that holds less than its header claims costs only what it holds
            byte[] data;
            try {
                data = BoundedRead.exactly(d, (int) n, file.toString());
            } catch (EOFException e) {
                throw new IOException(file + ": truncated: the header declares " + n + " bytes of data");
            }
            if (trailing(d)) {
                throw new IOException(file + ": more data than the header's " + n + " bytes");
            }
            return new Array(dims, data);
        }
    }
}
