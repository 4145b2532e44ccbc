package dev.clarke.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The F32 forward convolution of one sample and group as a direct product on the Vector API, for
 * the vector backend of {@link Convolution#forward} when the vertical stride is 1 (any horizontal
 * stride, padding, dilation and groups): no patch matrix, so each pixel is copied {@code kw} times
 * instead of {@code kh·kw} times.
 *
 * <p>The sample's input is copied once per kernel column v into a plane of shifted rows,
 * {@code S[c, v][r][j] = x[c, r − ph, j·sw − pw + v·dw]} (0 in the padding) for every padded row r
 * and output column j: the patch matrix of a 1 × kw kernel (built by {@link PatchMatrix#im2col}, or
 * for horizontal stride 1 a vector a row). Row r of S holds exactly ow columns, so output position
 * {@code pos = i·ow + j} of tap (c, u, v)
 * reads {@code S[c, v][pos + u·dh·ow]}: the whole output plane, position after position, is one
 * contiguous run of S per tap, and vectors run over output positions across output rows.
 *
 * <p>Order of operations, the same as the patch-matrix product: every output
 * {@code y[o, pos]} starts from +0 and takes, for the patch index e = (c, u, v) in increasing order,
 * one fused multiply-add {@code fma(w[o, e], S[c, v][pos + u·dh·ow], acc)} ({@link VectorConvProduct}),
 * with the weight the first factor; padding is read as a stored 0, so an infinite weight on it gives
 * NaN as before. The caller then adds the bias ({@code Convolution.finish}). Positions past the
 * plane, up to a multiple of {@link VectorConvProduct#COLS}, are computed from scratch values and
 * dropped.
 */
final class VectorConvForward {

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);
    private static final int SHIFTED = 0;
    private static final int OUT = 1;

    private final ConvGeometry g;
    private final ConvGeometry rows; // the 1 × kw kernel whose patch matrix is S
    private final int[] taps;        // the offset in S of each patch index e
    private final int cols;          // the output positions rounded up to whole tiles

    /**
     * Whether the kernel applies: vertical stride 1 (the rows of an output plane are consecutive rows
     * of S), and S no larger than the patch matrix it replaces (or than 2^20 floats).
     */
    static boolean fits(ConvGeometry g) {
        long s = (long) g.inChannels() / g.groups() * g.kernelW() * (g.height() + 2L * g.padH()) * g.outWidth();
        return g.strideH() == 1 && s <= Math.max((long) g.patchSize() * g.outHeight() * g.outWidth(), 1L << 20);
    }

    VectorConvForward(ConvGeometry g) {
        this.g = g;
        int cg = g.inChannels() / g.groups(), kh = g.kernelH(), kw = g.kernelW(), ow = g.outWidth();
        this.rows = new ConvGeometry(cg, g.height(), g.width(), 1, 1, kw, 1, g.strideW(), g.padH(), g.padW(), 1,
                g.dilationW(), 1);
        int plane = rows.outHeight() * ow;
        this.taps = new int[g.patchSize()];
        for (int e = 0; e < taps.length; e++) {
            int c = e / (kh * kw), u = e / kw % kh, v = e % kw;
            taps[e] = (c * kw + v) * plane + u * g.dilationH() * ow;
        }
        this.cols = VectorConvProduct.padded(g.outHeight() * ow);
    }

    /**
     * The unbiased output of group {@code gi} of one sample, {@code y[yOff + o·q + pos]} for the
     * group's output channels o and positions pos &lt; q; the input's group starts at {@code xOff}.
     */
    void sample(float[] x, int xOff, float[] w, int gi, float[] y, int yOff) {
        int og = g.outChannels() / g.groups(), p = g.patchSize(), q = g.outHeight() * g.outWidth();
        int n = rows.patchSize() * rows.outHeight() * rows.outWidth();
        float[][] s = SCRATCH.get();
        float[] shifted = buffer(s, SHIFTED, n + VectorConvProduct.COLS); // the tail tile reads past S's last plane
        if (g.strideW() == 1) {
            shift(x, xOff, shifted);
        } else {
            PatchMatrix.im2col(x, xOff, rows, 0, rows.patchSize(), shifted);
        }
        if (cols == q) { // whole tiles: straight into the output
            VectorConvProduct.product(w, gi * og * p, p, 1, og, shifted, 0, taps, cols, y, yOff, q);
            return;
        }
        float[] out = buffer(s, OUT, og * cols);
        VectorConvProduct.product(w, gi * og * p, p, 1, og, shifted, 0, taps, cols, out, 0, cols);
        for (int o = 0; o < og; o++) {
            System.arraycopy(out, o * cols, y, yOff + o * q, q);
        }
    }

    /**
     * S for horizontal stride 1, as {@link PatchMatrix#im2col} builds it: each row's pixels copied a
     * vector at a time. A vector may run past the row's last column into places written later (the
     * rest of the row, the next row, the next plane or the slack after the last), never past x's end.
     */
    private void shift(float[] x, int xOff, float[] s) {
        int h = g.height(), w = g.width(), hp = rows.outHeight(), ow = g.outWidth(), lanes = VectorConvProduct.FS.length();
        int top = g.padH() * ow, bottom = (hp - g.padH() - h) * ow;
        for (int c = 0, at = 0; c < g.inChannels() / g.groups(); c++) {
            for (int v = 0; v < g.kernelW(); v++, at += hp * ow) {
                int shift = v * g.dilationW() - g.padW(); // x's column of output column j: j + shift
                int lo = Math.min(Math.max(-shift, 0), ow), hi = Math.max(Math.min(w - shift, ow), lo);
                int src = xOff + c * h * w + shift, dst = at + top;
                java.util.Arrays.fill(s, at, dst, 0f); // the rows of the padding above
                if (lo == 0 && hi == ow && ow <= lanes && src + (h - 1) * w + lanes <= x.length) { // a vector a row
                    for (int y = 0; y < h; y++, src += w, dst += ow) {
                        copy(x, src, s, dst);
                    }
                } else {
                    for (int y = 0; y < h; y++, src += w, dst += ow) {
                        java.util.Arrays.fill(s, dst, dst + lo, 0f);
                        int j = lo;
                        for (; j < hi && src + j + lanes <= x.length; j += lanes) {
                            copy(x, src + j, s, dst + j);
                        }
                        for (; j < hi; j++) {
                            s[dst + j] = x[src + j];
                        }
                        java.util.Arrays.fill(s, dst + hi, dst + ow, 0f);
                    }
                }
                java.util.Arrays.fill(s, dst, dst + bottom, 0f); // and below
            }
        }
    }

    /**
     * One vector of x copied to s, bit for bit, through two sign flips. A vector stored as it was
     * loaded has, after the JIT recompiles, only the type that the profile of
     * {@code FloatVector.intoArray} suggests, and other kernels' half-width stores make that profile
     * bimorphic: C2 then stores lane by lane, which made this kernel three times slower. An operation
     * here gives the vector its exact type.
     */
    private static void copy(float[] x, int from, float[] s, int to) {
        FloatVector.fromArray(VectorConvProduct.FS, x, from).neg().neg().intoArray(s, to);
    }

    private static float[] buffer(float[][] s, int slot, int n) {
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }
}
