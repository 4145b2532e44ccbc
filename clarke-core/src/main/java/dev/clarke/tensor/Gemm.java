package dev.clarke.tensor;

/**
 * The inner matrix-multiply kernels, for float and for double storage, computing a block
 * {@code C[i0..i1, j0..j1] = A B} of one product {@code C[m,n] = A[m,k] B[k,n]}, every operand read
 * through index arithmetic with arbitrary strides ({@link Geometry}), so transposed operands are
 * never materialised. C's previous contents are never read: every element of the block is stored,
 * its sum started from {@code +0} on the first k-panel, so C may be an uncleared recycled array
 * (unless asked to accumulate, {@code C += A B}: then every sum continues from C's element).
 *
 * <p>Loops run in i-k-j order. B is copied one {@code KC x NC} panel at a time into separate row
 * arrays, and two rows of C at a time into row buffers; an innermost loop per row then updates it
 * with four k-steps over arrays indexed from 0, a shape C2 auto-vectorises (it will not vectorise a
 * loop mixing different array offsets, nor one of two fused statements). Every output element is
 * still the sum over
 * {@code p = 0..k-1} in increasing order, {@code c = Math.fma(a, b, c)} with one rounding per step
 * (a fused multiply-add, as the vector kernels compute it), so the result does not depend on
 * blocking, strides or the split among threads.
 */
final class Gemm {

    /** Panel depth (k) and width (n): a float panel is 128 KiB, a double one 256 KiB. */
    static final int KC = 128;
    static final int NC = 256;

    private Gemm() {
    }

    /**
     * Sizes and strides: {@code A(i,p) = a[aOff + i*rsA + p*csA]}, {@code B(p,j) = b[bOff + p*rsB + j*csB]},
     * {@code C(i,j) = c[cOff + i*rsC + j*csC]}.
     */
    record Geometry(int m, int k, int n, int rsA, int csA, int rsB, int csB, int rsC, int csC) {

        /** The same product computed as {@code C^T = B^T A^T}: rows and columns of C swap roles. */
        Geometry transposed() {
            return new Geometry(n, k, m, csB, rsB, csA, rsA, csC, rsC);
        }
    }

    static void f32(Geometry g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int i0, int i1, int j0, int j1) {
        f32(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, false);
    }

    /** As above; with {@code accumulate} every sum continues from C's contents instead of +0 ({@code C += A B}). */
    static void f32(Geometry g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int i0, int i1, int j0, int j1, boolean accumulate) {
        final int k = g.k(), rsA = g.rsA(), csA = g.csA(), rsC = g.rsC(), csC = g.csC();
        final float[][] panel = new float[Math.min(KC, k)][Math.min(NC, j1 - j0)];
        final float[] r0 = new float[Math.min(NC, j1 - j0)], r1 = new float[r0.length];
        for (int pp = 0; pp < k; pp += KC) {
            final int kc = Math.min(KC, k - pp);
            for (int jj = j0; jj < j1; jj += NC) {
                final int nc = Math.min(NC, j1 - jj);
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pp + p) * g.rsB() + jj * g.csB();
                    float[] row = panel[p];
                    if (g.csB() == 1) {
                        System.arraycopy(b, src, row, 0, nc);
                    } else {
                        for (int j = 0, cs = g.csB(); j < nc; j++) {
                            row[j] = b[src + j * cs];
                        }
                    }
                }
                int i = i0;
                for (; i < i1; i += 2) {
                    final boolean two = i + 1 < i1;
                    final int c0 = cOff + i * rsC + jj * csC, c1 = c0 + rsC;
                    final int x = aOff + i * rsA + pp * csA, y = x + rsA;
                    final boolean first = pp == 0 && !accumulate; // from +0, never from C's old contents
                    for (int j = 0; j < nc; j++) {
                        r0[j] = first ? 0 : c[c0 + j * csC];
                    }
                    for (int j = 0; j < nc && two; j++) {
                        r1[j] = first ? 0 : c[c1 + j * csC];
                    }
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        final float x0 = a[x + p * csA], x1 = a[x + (p + 1) * csA];
                        final float x2 = a[x + (p + 2) * csA], x3 = a[x + (p + 3) * csA];
                        final float[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
                        for (int j = 0; j < nc; j++) {
                            r0[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], r0[j]))));
                        }
                        if (two) { // a loop per row: C2 vectorises a loop of one fused statement, not of two
                            final float y0 = a[y + p * csA], y1 = a[y + (p + 1) * csA];
                            final float y2 = a[y + (p + 2) * csA], y3 = a[y + (p + 3) * csA];
                            for (int j = 0; j < nc; j++) {
                                r1[j] = Math.fma(y3, b3[j], Math.fma(y2, b2[j], Math.fma(y1, b1[j], Math.fma(y0, b0[j], r1[j]))));
                            }
                        }
                    }
                    for (; p < kc; p++) {
                        final float x0 = a[x + p * csA], y0 = two ? a[y + p * csA] : 0f;
                        final float[] b0 = panel[p];
                        for (int j = 0; j < nc; j++) {
                            r0[j] = Math.fma(x0, b0[j], r0[j]);
                        }
                        for (int j = 0; j < nc && two; j++) {
                            r1[j] = Math.fma(y0, b0[j], r1[j]);
                        }
                    }
                    for (int j = 0; j < nc; j++) {
                        c[c0 + j * csC] = r0[j];
                    }
                    for (int j = 0; j < nc && two; j++) {
                        c[c1 + j * csC] = r1[j];
                    }
                }
            }
        }
    }

    static void f64(Geometry g, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                    int i0, int i1, int j0, int j1) {
        f64(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, false);
    }

    /** As above; with {@code accumulate} every sum continues from C's contents instead of +0 ({@code C += A B}). */
    static void f64(Geometry g, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                    int i0, int i1, int j0, int j1, boolean accumulate) {
        final int k = g.k(), rsA = g.rsA(), csA = g.csA(), rsC = g.rsC(), csC = g.csC();
        final double[][] panel = new double[Math.min(KC, k)][Math.min(NC, j1 - j0)];
        final double[] r0 = new double[Math.min(NC, j1 - j0)], r1 = new double[r0.length];
        for (int pp = 0; pp < k; pp += KC) {
            final int kc = Math.min(KC, k - pp);
            for (int jj = j0; jj < j1; jj += NC) {
                final int nc = Math.min(NC, j1 - jj);
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pp + p) * g.rsB() + jj * g.csB();
                    double[] row = panel[p];
                    if (g.csB() == 1) {
                        System.arraycopy(b, src, row, 0, nc);
                    } else {
                        for (int j = 0, cs = g.csB(); j < nc; j++) {
                            row[j] = b[src + j * cs];
                        }
                    }
                }
                int i = i0;
                for (; i < i1; i += 2) {
                    final boolean two = i + 1 < i1;
                    final int c0 = cOff + i * rsC + jj * csC, c1 = c0 + rsC;
                    final int x = aOff + i * rsA + pp * csA, y = x + rsA;
                    final boolean first = pp == 0 && !accumulate; // from +0, never from C's old contents
                    for (int j = 0; j < nc; j++) {
                        r0[j] = first ? 0 : c[c0 + j * csC];
                    }
                    for (int j = 0; j < nc && two; j++) {
                        r1[j] = first ? 0 : c[c1 + j * csC];
                    }
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        final double x0 = a[x + p * csA], x1 = a[x + (p + 1) * csA];
                        final double x2 = a[x + (p + 2) * csA], x3 = a[x + (p + 3) * csA];
                        final double[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
                        for (int j = 0; j < nc; j++) {
                            r0[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], r0[j]))));
                        }
                        if (two) { // a loop per row: C2 vectorises a loop of one fused statement, not of two
                            final double y0 = a[y + p * csA], y1 = a[y + (p + 1) * csA];
                            final double y2 = a[y + (p + 2) * csA], y3 = a[y + (p + 3) * csA];
                            for (int j = 0; j < nc; j++) {
                                r1[j] = Math.fma(y3, b3[j], Math.fma(y2, b2[j], Math.fma(y1, b1[j], Math.fma(y0, b0[j], r1[j]))));
                            }
                        }
                    }
                    for (; p < kc; p++) {
                        final double x0 = a[x + p * csA], y0 = two ? a[y + p * csA] : 0.0;
                        final double[] b0 = panel[p];
                        for (int j = 0; j < nc; j++) {
                            r0[j] = Math.fma(x0, b0[j], r0[j]);
                        }
                        for (int j = 0; j < nc && two; j++) {
                            r1[j] = Math.fma(y0, b0[j], r1[j]);
                        }
                    }
                    for (int j = 0; j < nc; j++) {
                        c[c0 + j * csC] = r0[j];
                    }
                    for (int j = 0; j < nc && two; j++) {
                        c[c1 + j * csC] = r1[j];
                    }
                }
            }
        }
    }
}
