package dev.clarke.tensor;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of an unpadded convolution in float storage, without a patch matrix:
 * {@code gw[o, e] = Σ gy[b, o, i, j] · x[b, c, i·sh + u·dh, j·sw + v·dw]} for every patch index
 * {@code e = (c, u, v)}, summed over (sample, output row, output column) in increasing order from
 * +0 as one fused multiply-add per term — the order and roundings of {@link Convolution}'s
 * patch-matrix product, so the same bits as the pure-Java kernels.
 *
 * <p>The lanes of a vector hold output channels: the output gradient is first copied channel-last
 * ({@code [sample, position, channel]}, the threads sharing the samples), so that one load reads a
 * position's channels (lanes past the group's channels read the next position's, and are never
 * stored). A register tile of sixteen patch indices × one vector of channels walks every (sample,
 * row, column), broadcasting the pixel each patch index reads straight from the input, at a fixed
 * offset per patch index; a tile's sums wait in an array between samples. A small first layer's
 * gradient (8 channels, 25 patch indices) is 25 sums of ~37,000 terms: the patch-matrix route spent
 * most of its time building transposed patches, and its 32-lane tiles were less than half used.
 * (A gather of the channels straight from the output gradient was tried: inside a training step C2
 * left it to the Vector API's Java fallback, 20 times slower.)
 *
 * <p>Threads split the patch indices (each sum is one thread's, in the fixed order). A thread's
 * last tile may hold fewer than sixteen patch indices: its spare rows repeat one and are not stored.
 */
final class VectorConvWeights {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int TILE = 16;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /** The calling thread's channel-last copy of the output gradient (the workers read it). */
    private static final ThreadLocal<float[]> CHANNEL_LAST = ThreadLocal.withInitial(() -> new float[0]);

    private VectorConvWeights() {
    }

    /** Whether this kernel computes the geometry's weight gradient: no padding, and a non-empty batch. */
    static boolean fits(ConvGeometry g, int batch) {
        return g.padH() == 0 && g.padW() == 0 && batch > 0;
    }

    /**
     * {@code gw [O, p]} (float storage, every element written) from {@code x [B, C, H, W]} and
     * {@code gy [B, O, OH, OW]}; requires {@link #fits}.
     */
    static void f32(float[] x, float[] gy, ConvGeometry g, int batch, float[] gw, int threads) {
        final int og = g.outChannels() / g.groups(), p = g.patchSize(), q = g.outHeight() * g.outWidth();
        final int parts = (long) batch * og * p * q < MatMul.PARALLEL_WORK ? 1 : Math.min(threads, p);
        float[] t = CHANNEL_LAST.get();
        if (t.length < batch * q * og + FS.length()) {
            t = new float[batch * q * og + FS.length()];
            CHANNEL_LAST.set(t);
        }
        final float[] channels = t;
        for (int gi = 0; gi < g.groups(); gi++) {
            final int group = gi;
            List<Workers.Part> copies = new ArrayList<>();
            List<Workers.Part> sums = new ArrayList<>();
            for (int part = 0; part < parts; part++) {
                int b0 = batch * part / parts, b1 = batch * (part + 1) / parts;
                copies.add(new Workers.Part(() -> channelLast(gy, g, group, b0, b1, channels)));
                int e0 = p * part / parts, e1 = p * (part + 1) / parts;
                sums.add(new Workers.Part(() -> rows(x, channels, g, group, batch, e0, e1, gw)));
            }
            MatMul.runParts(copies);
            MatMul.runParts(sums);
        }
    }

    /** {@code t[b, pos, o] = gy[b, group·og + o, pos]} for samples [b0, b1). */
    private static void channelLast(float[] gy, ConvGeometry g, int group, int b0, int b1, float[] t) {
        final int og = g.outChannels() / g.groups(), q = g.outHeight() * g.outWidth();
        for (int b = b0; b < b1; b++) {
            for (int o = 0, src = (b * g.outChannels() + group * og) * q, dst = b * q * og; o < og; o++, src += q) {
                for (int pos = 0; pos < q; pos++) {
                    t[dst + pos * og + o] = gy[src + pos];
                }
            }
        }
    }

    /** The sums of patch indices [e0, e1), tile after tile, for every vector of the group's channels. */
    private static void rows(float[] x, float[] t, ConvGeometry g, int group, int batch, int e0, int e1, float[] gw) {
        final int kh = g.kernelH(), kw = g.kernelW(), h = g.height(), w = g.width(), cg = g.inChannels() / g.groups();
        final int og = g.outChannels() / g.groups(), vl = FS.length(), q = g.outHeight() * g.outWidth();
        final float[] acc = scratch(TILE * vl);
        final int[] off = new int[TILE];
        for (int e = e0; e < e1; e += TILE) {
            for (int r = 0; r < TILE; r++) {
                final int k = Math.min(e + r, e1 - 1);
                off[r] = (k / (kh * kw) * h + k / kw % kh * g.dilationH()) * w + k % kw * g.dilationW();
            }
            for (int ch = 0; ch < og; ch += vl) {
                java.util.Arrays.fill(acc, 0, TILE * vl, 0f); // every sum starts from +0
                for (int b = 0; b < batch; b++) {
                    for (int i = 0, xb = (b * g.inChannels() + group * cg) * h * w; i < g.outHeight(); i++) {
                        sum16(x, xb + i * g.strideH() * w, g.strideW(), t, (b * q + i * g.outWidth()) * og + ch, og,
                                g.outWidth(), off, acc);
                    }
                }
                for (int r = 0; r < Math.min(TILE, e1 - e); r++) {
                    for (int o = ch; o < Math.min(og, ch + vl); o++) {
                        gw[(group * og + o) * g.patchSize() + e + r] = acc[r * vl + o - ch];
                    }
                }
            }
        }
    }

    /**
     * One output row's terms added to the tile's sixteen sums in {@code acc}: at its column j, patch
     * index r reads the pixel {@code x[xr + off[r] + j·sw]} and the channels {@code t[tb + j·og ..]}.
     * Short calls with one loop each, on purpose: C2 (JDK 17) boxed the vector accumulators at every
     * step of nested loops, and of one long loop per sample inside a training step (its tiered
     * compilation left the Java fallback running), each 20–25 times slower.
     */
    private static void sum16(float[] x, int xr, int sw, float[] t, int tb, int og, int n, int[] off, float[] acc) {
        final int vl = FS.length();
        final int o0 = off[0], o1 = off[1], o2 = off[2], o3 = off[3], o4 = off[4], o5 = off[5], o6 = off[6], o7 = off[7];
        final int o8 = off[8], o9 = off[9], o10 = off[10], o11 = off[11], o12 = off[12], o13 = off[13], o14 = off[14];
        final int o15 = off[15];
        FloatVector a0 = FloatVector.fromArray(FS, acc, 0), a1 = FloatVector.fromArray(FS, acc, vl);
        FloatVector a2 = FloatVector.fromArray(FS, acc, 2 * vl), a3 = FloatVector.fromArray(FS, acc, 3 * vl);
        FloatVector a4 = FloatVector.fromArray(FS, acc, 4 * vl), a5 = FloatVector.fromArray(FS, acc, 5 * vl);
        FloatVector a6 = FloatVector.fromArray(FS, acc, 6 * vl), a7 = FloatVector.fromArray(FS, acc, 7 * vl);
        FloatVector a8 = FloatVector.fromArray(FS, acc, 8 * vl), a9 = FloatVector.fromArray(FS, acc, 9 * vl);
        FloatVector a10 = FloatVector.fromArray(FS, acc, 10 * vl), a11 = FloatVector.fromArray(FS, acc, 11 * vl);
        FloatVector a12 = FloatVector.fromArray(FS, acc, 12 * vl), a13 = FloatVector.fromArray(FS, acc, 13 * vl);
        FloatVector a14 = FloatVector.fromArray(FS, acc, 14 * vl), a15 = FloatVector.fromArray(FS, acc, 15 * vl);
        for (int j = 0, xp = xr, tp = tb; j < n; j++, xp += sw, tp += og) {
            final FloatVector v = FloatVector.fromArray(FS, t, tp);
            a0 = FloatVector.broadcast(FS, x[xp + o0]).fma(v, a0);
            a1 = FloatVector.broadcast(FS, x[xp + o1]).fma(v, a1);
            a2 = FloatVector.broadcast(FS, x[xp + o2]).fma(v, a2);
            a3 = FloatVector.broadcast(FS, x[xp + o3]).fma(v, a3);
            a4 = FloatVector.broadcast(FS, x[xp + o4]).fma(v, a4);
            a5 = FloatVector.broadcast(FS, x[xp + o5]).fma(v, a5);
            a6 = FloatVector.broadcast(FS, x[xp + o6]).fma(v, a6);
            a7 = FloatVector.broadcast(FS, x[xp + o7]).fma(v, a7);
            a8 = FloatVector.broadcast(FS, x[xp + o8]).fma(v, a8);
            a9 = FloatVector.broadcast(FS, x[xp + o9]).fma(v, a9);
            a10 = FloatVector.broadcast(FS, x[xp + o10]).fma(v, a10);
            a11 = FloatVector.broadcast(FS, x[xp + o11]).fma(v, a11);
            a12 = FloatVector.broadcast(FS, x[xp + o12]).fma(v, a12);
            a13 = FloatVector.broadcast(FS, x[xp + o13]).fma(v, a13);
            a14 = FloatVector.broadcast(FS, x[xp + o14]).fma(v, a14);
            a15 = FloatVector.broadcast(FS, x[xp + o15]).fma(v, a15);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, vl);
        a2.intoArray(acc, 2 * vl);
        a3.intoArray(acc, 3 * vl);
        a4.intoArray(acc, 4 * vl);
        a5.intoArray(acc, 5 * vl);
        a6.intoArray(acc, 6 * vl);
        a7.intoArray(acc, 7 * vl);
        a8.intoArray(acc, 8 * vl);
        a9.intoArray(acc, 9 * vl);
        a10.intoArray(acc, 10 * vl);
        a11.intoArray(acc, 11 * vl);
        a12.intoArray(acc, 12 * vl);
        a13.intoArray(acc, 13 * vl);
        a14.intoArray(acc, 14 * vl);
        a15.intoArray(acc, 15 * vl);
    }

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }
}
