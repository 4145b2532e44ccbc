package dev.clarke.tensor;

/**
 * The patch matrices of {@link Convolution}'s patch-matrix route, for one sample (and group) at a
 * time: {@link #im2col} and its transpose {@link #im2colT} read the input's pixels into rows (or
 * columns) of patch entries, 0 in the padding; {@link #col2im} adds a patch-matrix gradient back
 * to the pixels it was read from, in double, output position after output position — the order
 * the direct kernels of the vector backend reproduce.
 */
final class PatchMatrix {

    private PatchMatrix() {
    }

    /**
     * Rows {@code [p0, p1)} of one sample's (and group's) patch matrix {@code [p, OH·OW]}: row
     * (c, u, v) holds, for every output position (i, j), the pixel {@code x[c, i·sh − ph + u·dh,
     * j·sw − pw + v·dw]}, or 0 in the padding. Written into {@code dst} from index 0, row by row.
     */
    static void im2col(Object x, int xOff, ConvGeometry g, int p0, int p1, Object dst) {
        int kh = g.kernelH(), kw = g.kernelW(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        for (int p = p0; p < p1; p++) {
            int c = p / (kh * kw), u = p / kw % kh, v = p % kw;
            int shift = v * g.dilationW() - g.padW(); // column of x read by output column j: j·sw + shift
            int jlo = clamp(ceilDiv(-shift, g.strideW()), 0, ow);
            int jhi = clamp(Math.floorDiv(w - 1 - shift, g.strideW()) + 1, jlo, ow);
            int src = xOff + c * h * w;
            for (int i = 0, at = (p - p0) * oh * ow; i < oh; i++, at += ow) {
                int y = i * g.strideH() - g.padH() + u * g.dilationH();
                if (y < 0 || y >= h) {
                    zero(dst, at, ow);
                } else {
                    zero(dst, at, jlo);
                    copy(x, src + y * w + jlo * g.strideW() + shift, g.strideW(), dst, at + jlo, jhi - jlo);
                    zero(dst, at + jhi, ow - jhi);
                }
            }
        }
    }

    /**
     * Columns {@code [p0, p1)} of the transposed patch matrix {@code [OH·OW, p]} of one sample (and
     * group) in float storage: the entries of {@link #im2col}, output position after position.
     */
    static void im2colT(float[] x, int xOff, ConvGeometry g, int p0, int p1, float[] dst) {
        int kh = g.kernelH(), kw = g.kernelW(), h = g.height(), w = g.width(), ow = g.outWidth(), n = p1 - p0;
        if (g.padH() == 0 && g.padW() == 0) { // every tap inside the image: a gather through fixed offsets
            int[] off = new int[n];
            for (int e = p0; e < p1; e++) {
                off[e - p0] = (e / (kh * kw) * h + e / kw % kh * g.dilationH()) * w + e % kw * g.dilationW();
            }
            for (int i = 0, at = 0; i < g.outHeight(); i++) {
                for (int j = 0, src = xOff + i * g.strideH() * w; j < ow; j++, at += n, src += g.strideW()) {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] = x[src + off[k]];
                    }
                }
            }
            return;
        }
        int c0 = p0 / (kh * kw), c1 = (p1 - 1) / (kh * kw), dw = g.dilationW();
        for (int i = 0; i < g.outHeight(); i++) {
            for (int j = 0; j < ow; j++) {
                int shift = j * g.strideW() - g.padW();
                int vlo = clamp(ceilDiv(-shift, dw), 0, kw);
                int vhi = clamp(Math.floorDiv(w - 1 - shift, dw) + 1, vlo, kw);
                int at = (i * ow + j) * n - p0; // dst index of column p
                for (int c = c0; c <= c1; c++) {
                    for (int u = 0; u < kh; u++) {
                        int base = (c * kh + u) * kw, e0 = Math.max(base, p0), e1 = Math.min(base + kw, p1);
                        int y = i * g.strideH() - g.padH() + u * g.dilationH();
                        int lo = y < 0 || y >= h ? e1 : clamp(base + vlo, e0, e1), hi = clamp(base + vhi, lo, e1);
                        for (int e = e0; e < lo; e++) {
                            dst[at + e] = 0f;
                        }
                        for (int e = lo, src = xOff + (c * h + y) * w + shift - base * dw; e < hi; e++) {
                            dst[at + e] = x[src + e * dw];
                        }
                        for (int e = hi; e < e1; e++) {
                            dst[at + e] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds one sample's (and group's) patch-matrix gradient {@code [OH·OW, p]} back to the pixels
     * it was read from: {@code acc[c, y, x] +=} each entry, row (output position) after row, in
     * double.
     */
    static void col2im(Object gcols, ConvGeometry g, double[] acc) {
        int kh = g.kernelH(), kw = g.kernelW(), h = g.height(), w = g.width(), ow = g.outWidth();
        int channels = g.inChannels() / g.groups(), p = g.patchSize();
        for (int i = 0; i < g.outHeight(); i++) {
            for (int j = 0; j < ow; j++) {
                int shift = j * g.strideW() - g.padW(); // column of kernel column v: shift + v·dw
                int vlo = clamp(ceilDiv(-shift, g.dilationW()), 0, kw);
                int vhi = clamp(Math.floorDiv(w - 1 - shift, g.dilationW()) + 1, vlo, kw);
                int row = (i * ow + j) * p;
                for (int c = 0; c < channels; c++) {
                    for (int u = 0; u < kh; u++) {
                        int y = i * g.strideH() - g.padH() + u * g.dilationH();
                        if (y >= 0 && y < h) {
                            addInto(gcols, row + (c * kh + u) * kw + vlo, acc, (c * h + y) * w + shift + vlo * g.dilationW(),
                                    g.dilationW(), vhi - vlo);
                        }
                    }
                }
            }
        }
    }

    private static void zero(Object a, int from, int n) {
        if (n <= 0) {
            return;
        }
        if (a instanceof float[]) {
            java.util.Arrays.fill((float[]) a, from, from + n, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, from, from + n, 0.0);
        }
    }

    private static void copy(Object src, int from, int step, Object dst, int to, int n) {
        copy(src, from, step, dst, to, n, 1);
    }

    /** {@code dst[to + k·toStep] = src[from + k·step]} for k < n. */
    static void copy(Object src, int from, int step, Object dst, int to, int n, int toStep) {
        if (step == 1 && toStep == 1) {   // the rows of a stride-1 patch matrix: a copy intrinsic at any length
            System.arraycopy(src, from, dst, to, n);
        } else if (src instanceof float[]) {
            float[] s = (float[]) src, d = (float[]) dst;
            for (int k = 0; k < n; k++) {
                d[to + k * toStep] = s[from + k * step];
            }
        } else {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int k = 0; k < n; k++) {
                d[to + k * toStep] = s[from + k * step];
            }
        }
    }

    private static void addInto(Object src, int from, double[] acc, int to, int step, int n) {
        if (src instanceof float[] && step == 1) {   // undilated: both sides contiguous, a loop the compiler vectorises
            float[] s = (float[]) src;
            for (int k = 0; k < n; k++) {
                acc[to + k] += s[from + k];
            }
        } else if (src instanceof float[]) {
            float[] s = (float[]) src;
            for (int k = 0; k < n; k++) {
                acc[to + k * step] += s[from + k];
            }
        } else {
            double[] s = (double[]) src;
            for (int k = 0; k < n; k++) {
                acc[to + k * step] += s[from + k];
            }
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
