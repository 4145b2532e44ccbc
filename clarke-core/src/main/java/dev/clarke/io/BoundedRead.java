package dev.clarke.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole stream or file up to a declared maximum, streaming: memory grows with the bytes
 * actually read, never with a size the file claims or a size the file system reports (a device such
 * as {@code /dev/zero} reports 0 and never ends; a gzip stream may expand a thousandfold). One byte
 * more than the maximum is a {@link TooLargeException} naming the limit.
 */
public final class BoundedRead {

    /** A file or stream longer than the limit its reader declared. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String where, long limit) {
            super(where + ": larger than the limit of " + Sizes.bytes(limit));
        }
    }

    private BoundedRead() {
    }

    /**
     * All bytes of {@code file}, at most {@code max}.
     *
     * @param file the file to read
     * @param max the most bytes accepted
     * @return the file's contents
     * @throws TooLargeException if the file holds more than {@code max} bytes
     * @throws IOException if the file cannot be read
     */
    public static byte[] file(Path file, long max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return stream(in, max, file.toString());
        }
    }

    /**
     * All bytes of {@code in} (not closed), at most {@code max}; {@code where} names it in errors.
     *
     * @param in the stream, read to its end and left open
     * @param max the most bytes accepted
     * @param where names the stream in errors, e.g. its file name
     * @return everything the stream held
     * @throws TooLargeException if the stream holds more than {@code max} bytes
     * @throws IOException if reading fails
     */
    public static byte[] stream(InputStream in, long max, String where) throws IOException {
        int cap = (int) Math.min(max + 1, Integer.MAX_VALUE - 16);
        byte[] buf = new byte[(int) Math.min(cap, 64 * 1024)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length >= cap) {
                    break;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
            n += r;
            if (n > max) {
                throw new TooLargeException(where, max);
            }
        }
        throw new TooLargeException(where, max);
    }

    /**
     * Exactly {@code count} bytes of {@code in}, read in chunks so that a stream that ends early costs
     * only what it held: an {@link java.io.EOFException} says how many bytes came.
     *
     * @param in the stream, left open
     * @param count the number of bytes wanted, ≥ 0
     * @param where names the stream in errors, e.g. its file name
     * @return exactly {@code count} bytes
     * @throws java.io.EOFException if the stream ends first, saying how many bytes came
     * @throws IOException if reading fails
     */
    public static byte[] exactly(InputStream in, int count, String where) throws IOException {
        byte[] buf = new byte[Math.min(count, 1 << 20)];
        int n = 0;
        while (n < count) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(count, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                throw new java.io.EOFException(where + ": truncated: " + n + " of the " + count + " bytes declared");
            }
            n += r;
        }
        return buf;
    }
}
