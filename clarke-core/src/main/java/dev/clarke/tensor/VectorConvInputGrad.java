package dev.clarke.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 input gradient of one sample and group of a convolution on the Vector API, for the
 * vector backend of {@link Convolution#inputGrad} (any stride, padding, dilation and groups, while
 * the working planes stay small: {@link #fits}), in two
 * steps that keep the patch-matrix gradient's arithmetic but never scatter. One input channel at a
 * time, so that what the steps pass on stays in the first-level cache.
 *
 * <p>First, the channel's rows of the patch-matrix gradient, transposed: {@code G[e][pos] =
 * Σ_o w[o, e] · gy[o, pos]} for its patch indices e = (c, u, v), from +0, over the group's output
 * channels o in increasing order, one fused multiply-add per step ({@link VectorConvProduct},
 * vectors over output positions). F32 needs no rounding after it.
 *
 * <p>Then each pixel gathers, in double, the entries that read it. The entries of each kernel tap
 * (u, v) are widened into a zero plane laid out like the padded image,
 * {@code Z[u, v][i·sh + (kh−1)·dh][j·sw + (kw−1)·dw] = G[(c, u, v)][i·ow + j]}, rows of
 * {@code Wp = W + 2·pw} columns, one zero row more at the bottom; then padded pixel (yp, xp) is
 * {@code Σ Z[u, v][yp + (kh−1−u)·dh][xp + (kw−1−v)·dw]} over u descending, then v descending, from
 * +0 (a column past the row's end lands in the next row's first (kw−1)·dw columns, which are zero),
 * rounded once to float. Of the terms of one pixel, those not zero are the entries that read it, and
 * u descending then v descending is output position i ascending then j ascending: the order in which
 * {@link PatchMatrix#col2im} adds them. The zeros in between change nothing: the sum starts at +0 and
 * so is never −0, and adding +0 to anything else but −0 returns it unchanged (NaN with its payload).
 * Vectors run over consecutive padded pixels, across the rows of the padded plane; the zeros of Z
 * are where they were for the thread's last sample of the same geometry, so they are written once.
 */
final class VectorConvInputGrad {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final ConvGeometry g;
    private final int cols;      // output positions rounded up to whole tiles
    private final int[] outputs; // the offset of each output channel's row of gy (in gy, or in its padded copy)
    private final int wp;        // columns of the padded image
    private final int zPlane;    // doubles in one tap's plane Z[u, v]
    private final int[] terms;   // the offset in Z of each term of a pixel, in the order they are added
    private final int pixels;    // the padded image's pixels rounded up to whole double vectors

    /**
     * Whether the kernel applies: the planes Z of one channel (in floats' room, two a double) no
     * larger than the patch matrix they replace, or than 2^20 floats.
     */
    static boolean fits(ConvGeometry g) {
        long z = 2L * g.kernelH() * g.kernelW() * (g.height() + 2L * g.padH() + (g.kernelH() - 1L) * g.dilationH() + 1)
                * (g.width() + 2L * g.padW());
        return z <= Math.max((long) g.patchSize() * g.outHeight() * g.outWidth(), 1L << 20);
    }

    VectorConvInputGrad(ConvGeometry g) {
        this.g = g;
        int og = g.outChannels() / g.groups(), q = g.outHeight() * g.outWidth(), kh = g.kernelH(), kw = g.kernelW();
        this.cols = VectorConvProduct.padded(q);
        this.outputs = new int[og];
        for (int o = 0; o < og; o++) {
            outputs[o] = o * (cols == q ? q : cols);
        }
        this.wp = g.width() + 2 * g.padW();
        int hp = g.height() + 2 * g.padH();
        this.zPlane = (hp + (kh - 1) * g.dilationH() + 1) * wp;
        this.terms = new int[kh * kw];
        for (int u = kh - 1, t = 0; u >= 0; u--) {
            for (int v = kw - 1; v >= 0; v--, t++) {
                terms[t] = (u * kw + v) * zPlane + (kh - 1 - u) * g.dilationH() * wp + (kw - 1 - v) * g.dilationW();
            }
        }
        int pair = 2 * DS.length();
        this.pixels = (hp * wp + pair - 1) / pair * pair;
    }

    /**
     * The input gradient of group {@code gi} of one sample, {@code gx[gxOff + c·H·W + ..]} for the
     * group's input channels c; the output gradient's group starts at {@code gyOff}.
     */
    void sample(float[] gy, int gyOff, float[] w, int gi, float[] gx, int gxOff) {
        int og = g.outChannels() / g.groups(), p = g.patchSize(), q = g.outHeight() * g.outWidth();
        int taps = g.kernelH() * g.kernelW();
        Scratch s = SCRATCH.get();
        float[] rowsOfGy = gy;
        int base = gyOff;
        if (cols != q) { // the tail tile reads a whole tile of each row: a copy padded to it
            rowsOfGy = s.gy = grown(s.gy, og * cols);
            base = 0;
            for (int o = 0; o < og; o++) {
                System.arraycopy(gy, gyOff + o * q, rowsOfGy, o * cols, q);
            }
        }
        float[] gcols = s.gcols = grown(s.gcols, taps * cols);
        double[] z = zeros(s);
        double[] acc = s.acc = s.acc.length >= pixels ? s.acc : new double[pixels];
        for (int c = 0; c < g.inChannels() / g.groups(); c++) { // one channel's taps at a time, all in cache
            VectorConvProduct.product(w, gi * og * p + c * taps, 1, p, taps, rowsOfGy, base, outputs, cols, gcols, 0,
                    cols);
            widen(gcols, z);
            gather(z, acc);
            store(acc, gx, gxOff + c * g.height() * g.width());
        }
    }

    /** Per thread: the padded copy of gy, one channel's rows of G, the planes Z (and their geometry), the pixels. */
    private static final class Scratch {
        float[] gy = new float[0];
        float[] gcols = new float[0];
        double[] z = new double[0];
        ConvGeometry laidOut;
        double[] acc = new double[0];
    }

    /**
     * The planes Z, zero wherever {@link #widen} does not write. Those places depend only on the
     * geometry, so the planes are cleared only when the thread's last geometry was another.
     */
    private double[] zeros(Scratch s) {
        int n = g.kernelH() * g.kernelW() * zPlane + 2 * DS.length(); // the last vectors of pixels read past the last plane
        if (s.z.length < n) {
            s.z = new double[n];
        } else if (!g.equals(s.laidOut)) {
            java.util.Arrays.fill(s.z, 0.0);
        }
        s.laidOut = g;
        return s.z;
    }

    /**
     * The entries of G of one input channel's taps (rows of {@code cols}) in place in their planes
     * Z[u, v]. Plain loops, which C2 vectorises where it can: the Vector API's float-to-double
     * conversion ran in its Java fallback inside a training step (tiered compilation), allocating
     * at every vector.
     */
    private void widen(float[] gcols, double[] z) {
        int taps = g.kernelH() * g.kernelW(), oh = g.outHeight(), ow = g.outWidth(), sw = g.strideW();
        int first = (g.kernelH() - 1) * g.dilationH() * wp + (g.kernelW() - 1) * g.dilationW(), pitch = g.strideH() * wp;
        for (int t = 0; t < taps; t++) {
            for (int i = 0, src = t * cols, dst = t * zPlane + first; i < oh; i++, src += ow, dst += pitch) {
                if (sw == 1) {
                    for (int j = 0; j < ow; j++) {
                        z[dst + j] = gcols[src + j];
                    }
                } else {
                    for (int j = 0; j < ow; j++) {
                        z[dst + j * sw] = gcols[src + j];
                    }
                }
            }
        }
    }

    /**
     * Each padded pixel's sum of its terms, eight vectors of pixels (eight chains of adds) at a time,
     * then two. One call per block of pixels, each a single loop: C2 (JDK 17) boxed the vector sums
     * of the nested loops at every step inside a training step (tiered compilation left the Java
     * fallback running), which made the whole input gradient several times slower.
     */
    private void gather(double[] z, double[] acc) {
        final int lanes = DS.length();
        int px = 0;
        for (; px + 8 * lanes <= pixels; px += 8 * lanes) {
            sum8(z, px, terms, acc);
        }
        for (; px < pixels; px += 2 * lanes) {
            sum2(z, px, terms, acc);
        }
    }

    /** {@code acc[px ..]}: eight vectors of pixels, each the sum from +0 of its terms in order. */
    private static void sum8(double[] z, int px, int[] terms, double[] acc) {
        final int lanes = DS.length();
        DoubleVector a0 = DoubleVector.broadcast(DS, 0.0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int t = 0; t < terms.length; t++) {
            final int at = px + terms[t];
            a0 = a0.add(DoubleVector.fromArray(DS, z, at));
            a1 = a1.add(DoubleVector.fromArray(DS, z, at + lanes));
            a2 = a2.add(DoubleVector.fromArray(DS, z, at + 2 * lanes));
            a3 = a3.add(DoubleVector.fromArray(DS, z, at + 3 * lanes));
            a4 = a4.add(DoubleVector.fromArray(DS, z, at + 4 * lanes));
            a5 = a5.add(DoubleVector.fromArray(DS, z, at + 5 * lanes));
            a6 = a6.add(DoubleVector.fromArray(DS, z, at + 6 * lanes));
            a7 = a7.add(DoubleVector.fromArray(DS, z, at + 7 * lanes));
        }
        a0.intoArray(acc, px);
        a1.intoArray(acc, px + lanes);
        a2.intoArray(acc, px + 2 * lanes);
        a3.intoArray(acc, px + 3 * lanes);
        a4.intoArray(acc, px + 4 * lanes);
        a5.intoArray(acc, px + 5 * lanes);
        a6.intoArray(acc, px + 6 * lanes);
        a7.intoArray(acc, px + 7 * lanes);
    }

    /** {@code acc[px ..]}: two vectors of pixels, as {@link #sum8}. */
    private static void sum2(double[] z, int px, int[] terms, double[] acc) {
        final int lanes = DS.length();
        DoubleVector a0 = DoubleVector.broadcast(DS, 0.0), a1 = a0;
        for (int t = 0; t < terms.length; t++) {
            final int at = px + terms[t];
            a0 = a0.add(DoubleVector.fromArray(DS, z, at));
            a1 = a1.add(DoubleVector.fromArray(DS, z, at + lanes));
        }
        a0.intoArray(acc, px);
        a1.intoArray(acc, px + lanes);
    }

    /** The image's pixels of the padded plane, rounded once to float, into one channel of gx (a plain loop, as {@link #widen}). */
    private void store(double[] acc, float[] gx, int at) {
        int h = g.height(), w = g.width();
        // without horizontal padding the image's rows are one run of the padded plane
        int rows = g.padW() == 0 ? 1 : h, run = g.padW() == 0 ? h * w : w;
        for (int y = 0; y < rows; y++) {
            int src = (y + g.padH()) * wp + g.padW(), dst = at + y * run;
            for (int x = 0; x < run; x++) {
                gx[dst + x] = (float) acc[src + x];
            }
        }
    }

    private static float[] grown(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }
}
