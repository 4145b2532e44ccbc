package dev.clarke.tensor;

/**
 * The inner matrix-multiply kernels, one for float and one for double storage, computing a block
 * {@code C[i0..i1, j0..j1] += A B} of one matrix product. Loops run in i-k-j order over
 * {@code KC x NC} panels of B, four k-steps at a time, so the innermost loop is a contiguous
 * multiply-add over a row of C that C2 auto-vectorises. Every output element is still the sum over
 * {@code p = 0..k-1} in increasing order with one rounding per multiply and per add: the result does
 * not depend on blocking, on the transposition flags or on how rows are split among threads.
 *
 * <p>A is read through index arithmetic, {@code A(i,p) = a[aOff + i*rsA + p*csA]}. A non-transposed
 * B is read in place; a transposed B ({@code B(p,j) = b[bOff + j*k + p]}) is gathered one
 * {@code KC x NC} panel at a time into a small per-task buffer so the inner loop stays contiguous.
 */
final class Gemm {

    /** Panel depth (k) and width (n): a float panel is 128 KiB, a double one 256 KiB, within L2. */
    static final int KC = 128;
    static final int NC = 256;

    private Gemm() {
    }

    /** Operand layout of one matrix product {@code C[m,n] = A[m,k] B[k,n]}. */
    record Dims(int m, int k, int n, int rsA, int csA, boolean transB) {
    }

    static void f32(Dims l, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int i0, int i1, int j0, int j1, float[] pack) {
        final int k = l.k(), n = l.n(), rsA = l.rsA(), csA = l.csA();
        for (int pp = 0; pp < k; pp += KC) {
            final int kc = Math.min(KC, k - pp);
            for (int jj = j0; jj < j1; jj += NC) {
                final int nc = Math.min(NC, j1 - jj);
                final float[] bp;
                final int bp0, ldb;
                if (l.transB()) {
                    for (int j = 0; j < nc; j++) {
                        int src = bOff + (jj + j) * k + pp;
                        for (int p = 0; p < kc; p++) {
                            pack[p * nc + j] = b[src + p];
                        }
                    }
                    bp = pack;
                    bp0 = 0;
                    ldb = nc;
                } else {
                    bp = b;
                    bp0 = bOff + pp * n + jj;
                    ldb = n;
                }
                for (int i = i0; i < i1; i++) {
                    final int co = cOff + i * n + jj;
                    final int ao = aOff + i * rsA + pp * csA;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        final float a0 = a[ao + p * csA], a1 = a[ao + (p + 1) * csA];
                        final float a2 = a[ao + (p + 2) * csA], a3 = a[ao + (p + 3) * csA];
                        final int b0 = bp0 + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                        for (int j = 0; j < nc; j++) {
                            c[co + j] = c[co + j] + a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j] + a3 * bp[b3 + j];
                        }
                    }
                    for (; p < kc; p++) {
                        final float a0 = a[ao + p * csA];
                        final int b0 = bp0 + p * ldb;
                        for (int j = 0; j < nc; j++) {
                            c[co + j] = c[co + j] + a0 * bp[b0 + j];
                        }
                    }
                }
            }
        }
    }

    static void f64(Dims l, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                    int i0, int i1, int j0, int j1, double[] pack) {
        final int k = l.k(), n = l.n(), rsA = l.rsA(), csA = l.csA();
        for (int pp = 0; pp < k; pp += KC) {
            final int kc = Math.min(KC, k - pp);
            for (int jj = j0; jj < j1; jj += NC) {
                final int nc = Math.min(NC, j1 - jj);
                final double[] bp;
                final int bp0, ldb;
                if (l.transB()) {
                    for (int j = 0; j < nc; j++) {
                        int src = bOff + (jj + j) * k + pp;
                        for (int p = 0; p < kc; p++) {
                            pack[p * nc + j] = b[src + p];
                        }
                    }
                    bp = pack;
                    bp0 = 0;
                    ldb = nc;
                } else {
                    bp = b;
                    bp0 = bOff + pp * n + jj;
                    ldb = n;
                }
                for (int i = i0; i < i1; i++) {
                    final int co = cOff + i * n + jj;
                    final int ao = aOff + i * rsA + pp * csA;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        final double a0 = a[ao + p * csA], a1 = a[ao + (p + 1) * csA];
                        final double a2 = a[ao + (p + 2) * csA], a3 = a[ao + (p + 3) * csA];
                        final int b0 = bp0 + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                        for (int j = 0; j < nc; j++) {
                            c[co + j] = c[co + j] + a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j] + a3 * bp[b3 + j];
                        }
                    }
                    for (; p < kc; p++) {
                        final double a0 = a[ao + p * csA];
                        final int b0 = bp0 + p * ldb;
                        for (int j = 0; j < nc; j++) {
                            c[co + j] = c[co + j] + a0 * bp[b0 + j];
                        }
                    }
                }
            }
        }
    }
}
