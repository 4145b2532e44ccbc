package dev.clarke.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix product without packing, for the small per-sample products of {@link Convolution}:
 * {@code C = A B} (or {@code C += A B}) where B's and C's rows are contiguous and A is read one
 * scalar at a time through any strides. Each register tile of 4 rows × 2 vectors of C runs over
 * p = 0..k-1 in increasing order, {@code acc = acc + a(i,p)·b(p,j)} as a vector multiply then a
 * vector add (never fused), so every element is the same sum, with the same roundings, as in
 * {@link Gemm} and {@link VectorGemm}: the pure-Java path computes these products with
 * {@link Gemm} and gets the same bits. With few rows (a convolution's output channels) packing
 * would cost more than the product; B's rows are read once per four rows of C.
 */
final class VectorThinGemm {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private VectorThinGemm() {
    }

    /** Whether the geometry suits this kernel: contiguous rows of B and C. */
    static boolean fits(Gemm.Geometry g) {
        return g.csB() == 1 && g.csC() == 1;
    }

    /** {@code C[0..m, 0..n) = A B}, or {@code += A B} with {@code accumulate}; requires {@link #fits}. */
    static void f32(Gemm.Geometry g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        final int nr = 2 * FS.length(), m = g.m(), n = g.n(), k = g.k(), full = n - n % nr;
        for (int j = 0; j < full; j += nr) {
            columns(g, a, aOff, b, bOff + j, g.rsB(), c, cOff + j, g.rsC(), m, accumulate);
        }
        if (full < n) { // the last columns, through zero-padded copies of B's and C's strips (no masked access)
            final int w = n - full;
            final float[][] bufs = BUFS.get();
            final float[] bs = buf(bufs, 0, k * nr), cs = buf(bufs, 1, m * nr);
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * g.rsB() + full, bs, p * nr, w);
                java.util.Arrays.fill(bs, p * nr + w, (p + 1) * nr, 0f);
            }
            for (int i = 0; i < m && accumulate; i++) {
                System.arraycopy(c, cOff + i * g.rsC() + full, cs, i * nr, w);
            }
            columns(g, a, aOff, bs, 0, nr, cs, 0, nr, m, accumulate);
            for (int i = 0; i < m; i++) {
                System.arraycopy(cs, i * nr, c, cOff + i * g.rsC() + full, w);
            }
        }
    }

    private static final ThreadLocal<float[][]> BUFS = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] buf(float[][] bufs, int slot, int n) {
        if (bufs[slot].length < n) {
            bufs[slot] = new float[n];
        }
        return bufs[slot];
    }

    /** One strip of 2 vectors of columns: B's rows at {@code bi + p·rsB}, C's at {@code ci + i·rsC}. */
    private static void columns(Gemm.Geometry g, float[] a, int aOff, float[] b, int bi, int rsB, float[] c, int ci,
                                int rsC, int m, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            tile4(g, a, aOff + i * g.rsA(), b, bi, rsB, c, ci + i * rsC, rsC, accumulate);
        }
        for (; i < m; i++) {
            tile1(g, a, aOff + i * g.rsA(), b, bi, rsB, c, ci + i * rsC, accumulate);
        }
    }

    private static FloatVector load(boolean accumulate, float[] c, int at) {
        return accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS);
    }

    private static void tile4(Gemm.Geometry g, float[] a, int ai, float[] b, int bi, int rsB, float[] c, int ci, int rsC,
                              boolean accumulate) {
        final int vl = FS.length(), k = g.k(), rsA = g.rsA(), csA = g.csA();
        FloatVector c00 = load(accumulate, c, ci), c01 = load(accumulate, c, ci + vl);
        FloatVector c10 = load(accumulate, c, ci + rsC), c11 = load(accumulate, c, ci + rsC + vl);
        FloatVector c20 = load(accumulate, c, ci + 2 * rsC), c21 = load(accumulate, c, ci + 2 * rsC + vl);
        FloatVector c30 = load(accumulate, c, ci + 3 * rsC), c31 = load(accumulate, c, ci + 3 * rsC + vl);
        for (int p = 0; p < k; p++) {
            final int bp = bi + p * rsB, ap = ai + p * csA;
            final FloatVector b0 = FloatVector.fromArray(FS, b, bp), b1 = FloatVector.fromArray(FS, b, bp + vl);
            final float x0 = a[ap], x1 = a[ap + rsA], x2 = a[ap + 2 * rsA], x3 = a[ap + 3 * rsA];
            c00 = c00.add(b0.mul(x0));
            c01 = c01.add(b1.mul(x0));
            c10 = c10.add(b0.mul(x1));
            c11 = c11.add(b1.mul(x1));
            c20 = c20.add(b0.mul(x2));
            c21 = c21.add(b1.mul(x2));
            c30 = c30.add(b0.mul(x3));
            c31 = c31.add(b1.mul(x3));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + vl);
        c10.intoArray(c, ci + rsC);
        c11.intoArray(c, ci + rsC + vl);
        c20.intoArray(c, ci + 2 * rsC);
        c21.intoArray(c, ci + 2 * rsC + vl);
        c30.intoArray(c, ci + 3 * rsC);
        c31.intoArray(c, ci + 3 * rsC + vl);
    }

    private static void tile1(Gemm.Geometry g, float[] a, int ai, float[] b, int bi, int rsB, float[] c, int ci,
                              boolean accumulate) {
        final int vl = FS.length(), k = g.k(), csA = g.csA();
        FloatVector c0 = load(accumulate, c, ci), c1 = load(accumulate, c, ci + vl);
        for (int p = 0; p < k; p++) {
            final int bp = bi + p * rsB;
            final float x = a[ai + p * csA];
            c0 = c0.add(FloatVector.fromArray(FS, b, bp).mul(x));
            c1 = c1.add(FloatVector.fromArray(FS, b, bp + vl).mul(x));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + vl);
    }
}
