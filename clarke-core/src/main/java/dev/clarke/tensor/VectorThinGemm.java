package dev.clarke.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix product without packing, for the small per-sample products of {@link Convolution}:
 * {@code C = A B} (or {@code C += A B}) where B's and C's rows are contiguous and A is read one
 * scalar at a time through any strides. Each register tile of 4 rows × 2 vectors of C runs over
 * p = 0..k-1 in increasing order, {@code acc = fma(a(i,p), b(p,j), acc)} as one vector fused
 * multiply-add, so every element is the same sum, with the same roundings, as in
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

    /**
     * Where the accumulators start: C's row, or a row of zeros. Choosing the array rather than the
     * vector keeps every vector's type exact, so C2 keeps them in registers whatever else the JVM ran.
     */
    private static final float[] ZEROS = new float[2 * FS.length()];

    private static void tile4(Gemm.Geometry g, float[] a, int ai, float[] b, int bi, int rsB, float[] c, int ci, int rsC,
                              boolean accumulate) {
        final int vl = FS.length(), k = g.k(), rsA = g.rsA(), csA = g.csA();
        final float[] from = accumulate ? c : ZEROS;
        final int f0 = accumulate ? ci : 0, f1 = accumulate ? ci + rsC : 0;
        final int f2 = accumulate ? ci + 2 * rsC : 0, f3 = accumulate ? ci + 3 * rsC : 0;
        FloatVector c00 = FloatVector.fromArray(FS, from, f0), c01 = FloatVector.fromArray(FS, from, f0 + vl);
        FloatVector c10 = FloatVector.fromArray(FS, from, f1), c11 = FloatVector.fromArray(FS, from, f1 + vl);
        FloatVector c20 = FloatVector.fromArray(FS, from, f2), c21 = FloatVector.fromArray(FS, from, f2 + vl);
        FloatVector c30 = FloatVector.fromArray(FS, from, f3), c31 = FloatVector.fromArray(FS, from, f3 + vl);
        for (int p = 0; p < k; p++) {
            final int bp = bi + p * rsB, ap = ai + p * csA;
            final FloatVector b0 = FloatVector.fromArray(FS, b, bp), b1 = FloatVector.fromArray(FS, b, bp + vl);
            // a static broadcast, then a vector fused multiply-add, as in VectorGemm: the shapes C2 compiles reliably
            FloatVector s = FloatVector.broadcast(FS, a[ap]);
            c00 = s.fma(b0, c00);
            c01 = s.fma(b1, c01);
            s = FloatVector.broadcast(FS, a[ap + rsA]);
            c10 = s.fma(b0, c10);
            c11 = s.fma(b1, c11);
            s = FloatVector.broadcast(FS, a[ap + 2 * rsA]);
            c20 = s.fma(b0, c20);
            c21 = s.fma(b1, c21);
            s = FloatVector.broadcast(FS, a[ap + 3 * rsA]);
            c30 = s.fma(b0, c30);
            c31 = s.fma(b1, c31);
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
        final float[] from = accumulate ? c : ZEROS;
        final int f0 = accumulate ? ci : 0;
        FloatVector c0 = FloatVector.fromArray(FS, from, f0), c1 = FloatVector.fromArray(FS, from, f0 + vl);
        for (int p = 0; p < k; p++) {
            final int bp = bi + p * rsB;
            final FloatVector s = FloatVector.broadcast(FS, a[ai + p * csA]);
            c0 = s.fma(FloatVector.fromArray(FS, b, bp), c0);
            c1 = s.fma(FloatVector.fromArray(FS, b, bp + vl), c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + vl);
    }
}
