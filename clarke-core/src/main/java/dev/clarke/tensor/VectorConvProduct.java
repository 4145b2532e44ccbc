package dev.clarke.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product at the heart of the direct convolution kernels, {@link VectorConvForward} and
 * {@link VectorConvInputGrad}: {@code C[r][n] = Σ_k A[r, k] · B_k[n]} for rows r &lt; m and
 * columns n &lt; {@code cols}, where A is read one scalar at a time through any strides and row k
 * of B is a contiguous run at {@code b[bBase + bOff[k]]}: a table of offsets rather than a stride,
 * so B's rows can be shifted windows of one array (the taps of a convolution) without copying
 * them into a patch matrix.
 *
 * <p>Order of operations: each element starts from +0 and takes, for k = 0, 1, … in increasing
 * order, one vector fused multiply-add {@code acc = fma(a, b, acc)}, rounded once. Tiles
 * of 4 rows × 4 vectors (16 accumulators, 4 loads and 4 broadcasts per 16 fused multiply-adds),
 * then single rows × 4 vectors. {@code cols} must be a multiple of {@link #COLS}: B's rows are
 * read, and C's rows written, that far.
 */
final class VectorConvProduct {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** The columns of one tile: the multiple to which callers round (and pad) their columns. */
    static final int COLS = 4 * FS.length();

    private VectorConvProduct() {
    }

    /** {@code cols} rounded up to a multiple of {@link #COLS}. */
    static int padded(int cols) {
        return (cols + COLS - 1) / COLS * COLS;
    }

    /**
     * {@code C[r][0..cols) = Σ_k a[aOff + r·rsA + k·csA] · b[bBase + bOff[k] + 0..cols)} for
     * r &lt; m, k &lt; {@code bOff.length}, into {@code c[cOff + r·rsC ..]}.
     */
    static void product(float[] a, int aOff, int rsA, int csA, int m, float[] b, int bBase, int[] bOff, int cols,
                        float[] c, int cOff, int rsC) {
        for (int n = 0; n < cols; n += COLS) {
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                rows4(a, aOff + r * rsA, rsA, csA, b, bBase + n, bOff, c, cOff + r * rsC + n, rsC);
            }
            for (; r < m; r++) {
                row1(a, aOff + r * rsA, csA, b, bBase + n, bOff, c, cOff + r * rsC + n);
            }
        }
    }

    private static void rows4(float[] a, int ai, int rsA, int csA, float[] b, int bi, int[] bOff, float[] c, int ci,
                              int rsC) {
        final int vl = FS.length(), k = bOff.length;
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++, ai += csA) {
            final int bp = bi + bOff[p];
            final FloatVector b0 = FloatVector.fromArray(FS, b, bp), b1 = FloatVector.fromArray(FS, b, bp + vl);
            final FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * vl), b3 = FloatVector.fromArray(FS, b, bp + 3 * vl);
            FloatVector s = FloatVector.broadcast(FS, a[ai]);
            c00 = s.fma(b0, c00);
            c01 = s.fma(b1, c01);
            c02 = s.fma(b2, c02);
            c03 = s.fma(b3, c03);
            s = FloatVector.broadcast(FS, a[ai + rsA]);
            c10 = s.fma(b0, c10);
            c11 = s.fma(b1, c11);
            c12 = s.fma(b2, c12);
            c13 = s.fma(b3, c13);
            s = FloatVector.broadcast(FS, a[ai + 2 * rsA]);
            c20 = s.fma(b0, c20);
            c21 = s.fma(b1, c21);
            c22 = s.fma(b2, c22);
            c23 = s.fma(b3, c23);
            s = FloatVector.broadcast(FS, a[ai + 3 * rsA]);
            c30 = s.fma(b0, c30);
            c31 = s.fma(b1, c31);
            c32 = s.fma(b2, c32);
            c33 = s.fma(b3, c33);
        }
        store4(c00, c01, c02, c03, c, ci);
        store4(c10, c11, c12, c13, c, ci + rsC);
        store4(c20, c21, c22, c23, c, ci + 2 * rsC);
        store4(c30, c31, c32, c33, c, ci + 3 * rsC);
    }

    /** One row of A against 4 vectors of B: four independent chains. */
    private static void row1(float[] a, int ai, int csA, float[] b, int bi, int[] bOff, float[] c, int ci) {
        final int vl = FS.length(), k = bOff.length;
        FloatVector c0 = FloatVector.zero(FS), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++, ai += csA) {
            final int bp = bi + bOff[p];
            final FloatVector b0 = FloatVector.fromArray(FS, b, bp), b1 = FloatVector.fromArray(FS, b, bp + vl);
            final FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * vl), b3 = FloatVector.fromArray(FS, b, bp + 3 * vl);
            final FloatVector s = FloatVector.broadcast(FS, a[ai]);
            c0 = s.fma(b0, c0);
            c1 = s.fma(b1, c1);
            c2 = s.fma(b2, c2);
            c3 = s.fma(b3, c3);
        }
        store4(c0, c1, c2, c3, c, ci);
    }

    private static void store4(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] c, int ci) {
        final int vl = FS.length();
        v0.intoArray(c, ci);
        v1.intoArray(c, ci + vl);
        v2.intoArray(c, ci + 2 * vl);
        v3.intoArray(c, ci + 3 * vl);
    }
}
