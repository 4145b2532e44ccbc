package dev.clarke.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked matrix-multiply kernels of {@link VectorKernels}, on the Vector API: the same
 * contract as {@link Gemm} (a block {@code C[i0..i1, j0..j1] = A B} read through {@link Gemm.Geometry}
 * strides, so transposed operands are never materialised) and the same arithmetic, bit for bit.
 *
 * <p>Blocking follows BLIS: for each {@code NC}-wide column panel and each k-block (at most
 * {@code KC} deep, the blocks as even as possible), B's slice is packed into strips of
 * {@code NR = 2} vectors (zero-padded), then for each {@code MC}-high row block A's slice is read in
 * strips of {@code MR = 8} rows — in place when the block has whole strips (a row-major A's strip is
 * eight contiguous rows, a transposed one's eight adjacent elements per p; packing them cost more
 * than it saved on the MLP's products), else packed and zero-padded — and a register tile of
 * {@code 8 x 2} vectors of C is
 * updated by the micro-kernel: load the tile from C, then for each p in increasing order
 * {@code acc = fma(a(i,p), b(p,j), acc)} — one fused multiply-add, rounded once — then store it.
 * Every output element is therefore the sum over {@code p = 0..k-1} in increasing order with one
 * rounding per step, exactly as in {@link Gemm} and in the naive loop of {@link Math#fma}: the
 * vector and pure-Java kernels agree bit for bit, for any
 * blocking and any split among threads. Packing buffers are per-thread and reused across calls.
 *
 * <p>C's old contents are never read: on the first k-block the tile is loaded from zeros instead, so
 * every sum starts from +0 as with a freshly allocated C, and C may be an uncleared recycled array.
 */
final class VectorGemm {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int MR = 8;
    static final int KC = 256;
    static final int MC = 128;
    static final int NC = 1024;
    /** Products with fewer multiply-adds than this go to {@link Gemm}: packing would dominate. */
    static final long SMALL = 8L * 8 * 8;
    /** Whether full strips of A are read in place rather than packed (a switch for measuring). */
    static final boolean IN_PLACE_A = !Boolean.getBoolean("clarke.gemm.packA");

    /** Where the first k-block's accumulators load from: one zero row of a register tile. */
    static final float[] ZEROS32 = new float[2 * FS.length()];
    static final double[] ZEROS64 = new double[2 * DS.length()];
    private static final ThreadLocal<float[][]> F_BUFS = ThreadLocal.withInitial(() -> new float[3][0]);
    private static final ThreadLocal<double[][]> D_BUFS = ThreadLocal.withInitial(() -> new double[3][0]);

    private VectorGemm() {
    }

    private static float[] fbuf(int slot, int n) {
        float[][] b = F_BUFS.get();
        if (b[slot].length < n) {
            b[slot] = new float[n];
        }
        return b[slot];
    }

    private static double[] dbuf(int slot, int n) {
        double[][] b = D_BUFS.get();
        if (b[slot].length < n) {
            b[slot] = new double[n];
        }
        return b[slot];
    }

    // ---- F32 ------------------------------------------------------------------------------------

    static void f32(Gemm.Geometry g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int i0, int i1, int j0, int j1) {
        f32(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, false);
    }

    /** As above; with {@code accumulate} every sum continues from C's contents instead of +0 ({@code C += A B}). */
    static void f32(Gemm.Geometry g, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int i0, int i1, int j0, int j1, boolean accumulate) {
        if (g.csC() != 1 || (long) (i1 - i0) * (j1 - j0) * g.k() < SMALL) {
            Gemm.f32(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, accumulate);
            return;
        }
        final int vl = FS.length(), nr = 2 * vl, k = g.k();
        final int ncMax = Math.min(NC, j1 - j0), kcMax = kc(k), mcMax = Math.min(MC, i1 - i0);
        final float[] bp = fbuf(0, kcMax * roundUp(ncMax, nr));
        final float[] ap = fbuf(1, kcMax * roundUp(mcMax, MR));
        final float[] tile = fbuf(2, MR * nr);
        for (int jc = j0; jc < j1; jc += NC) {
            final int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                final int kc = Math.min(kcMax, k - pc);
                packB32(g, b, bOff, pc, kc, jc, nc, nr, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    final int mc = Math.min(MC, i1 - ic);
                    // Whole strips of rows read A in place (its rows or columns are contiguous already);
                    // a block with a partial strip is packed, zero-padded.
                    final boolean inPlace = IN_PLACE_A && mc % MR == 0;
                    final float[] as = inPlace ? a : ap;
                    final int rsA = inPlace ? g.rsA() : 1, csA = inPlace ? g.csA() : MR;
                    if (!inPlace) {
                        packA32(g, a, aOff, ic, mc, pc, kc, ap);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        final int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            final int rows = Math.min(MR, mc - ir);
                            final int cAt = cOff + (ic + ir) * g.rsC() + (jc + jr);
                            final int ai = inPlace ? aOff + (ic + ir) * g.rsA() + pc * g.csA() : ir * kc;
                            if (rows == MR && cols == nr) {
                                MicroKernels.micro32(kc, as, ai, rsA, csA, bp, jr * kc, c, cAt, g.rsC(), pc == 0 && !accumulate);
                            } else {
                                for (int r = 0; r < MR && (pc > 0 || accumulate); r++) {
                                    for (int q = 0; q < nr; q++) {
                                        tile[r * nr + q] = r < rows && q < cols ? c[cAt + r * g.rsC() + q] : 0f;
                                    }
                                }
                                MicroKernels.micro32(kc, as, ai, rsA, csA, bp, jr * kc, tile, 0, nr, pc == 0 && !accumulate);
                                for (int r = 0; r < rows; r++) {
                                    System.arraycopy(tile, r * nr, c, cAt + r * g.rsC(), cols);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** B(pc.., jc..) into strips of {@code nr} columns: strip s, row p at {@code s*kc*nr + p*nr}. */
    private static void packB32(Gemm.Geometry g, float[] b, int bOff, int pc, int kc, int jc, int nc, int nr,
                                float[] bp) {
        final int rsB = g.rsB(), csB = g.csB();
        for (int s = 0; s < nc; s += nr) {
            final int w = Math.min(nr, nc - s), base = s * kc;
            if (csB == 1) {
                for (int p = 0; p < kc; p++) {
                    final int src = bOff + (pc + p) * rsB + jc + s, dst = base + p * nr;
                    System.arraycopy(b, src, bp, dst, w);
                    for (int q = w; q < nr; q++) {
                        bp[dst + q] = 0f;
                    }
                }
            } else {
                for (int q = 0; q < nr; q++) {
                    if (q < w) {
                        final int src = bOff + pc * rsB + (jc + s + q) * csB;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + q] = b[src + p * rsB];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + q] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** A(ic.., pc..) into strips of {@link #MR} rows: strip r, column p at {@code r*kc + p*MR}. */
    private static void packA32(Gemm.Geometry g, float[] a, int aOff, int ic, int mc, int pc, int kc, float[] ap) {
        final int rsA = g.rsA(), csA = g.csA();
        if (rsA == 1) { // A transposed: a strip's MR elements at one p are adjacent, its p's far apart
            for (int r = 0; r < mc; r += MR) {
                final int base = r * kc, rows = Math.min(MR, mc - r), src = aOff + ic + r + pc * csA;
                for (int p = 0; p < kc; p++) {
                    final int at = base + p * MR, from = src + p * csA;
                    for (int il = 0; il < MR; il++) {
                        ap[at + il] = il < rows ? a[from + il] : 0f;
                    }
                }
            }
            return;
        }
        for (int r = 0; r < mc; r += MR) {
            final int base = r * kc;
            for (int il = 0; il < MR; il++) {
                if (r + il < mc) {
                    final int src = aOff + (ic + r + il) * rsA + pc * csA;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + il] = a[src + p * csA];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + il] = 0f;
                    }
                }
            }
        }
    }


    // ---- F64 ------------------------------------------------------------------------------------

    static void f64(Gemm.Geometry g, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                    int i0, int i1, int j0, int j1) {
        f64(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, false);
    }

    /** As above; with {@code accumulate} every sum continues from C's contents instead of +0 ({@code C += A B}). */
    static void f64(Gemm.Geometry g, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                    int i0, int i1, int j0, int j1, boolean accumulate) {
        if (g.csC() != 1 || (long) (i1 - i0) * (j1 - j0) * g.k() < SMALL) {
            Gemm.f64(g, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1, accumulate);
            return;
        }
        final int vl = DS.length(), nr = 2 * vl, k = g.k();
        final int ncMax = Math.min(NC, j1 - j0), kcMax = kc(k), mcMax = Math.min(MC, i1 - i0);
        final double[] bp = dbuf(0, kcMax * roundUp(ncMax, nr));
        final double[] ap = dbuf(1, kcMax * roundUp(mcMax, MR));
        final double[] tile = dbuf(2, MR * nr);
        for (int jc = j0; jc < j1; jc += NC) {
            final int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                final int kc = Math.min(kcMax, k - pc);
                packB64(g, b, bOff, pc, kc, jc, nc, nr, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    final int mc = Math.min(MC, i1 - ic);
                    packA64(g, a, aOff, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        final int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            final int rows = Math.min(MR, mc - ir);
                            final int cAt = cOff + (ic + ir) * g.rsC() + (jc + jr);
                            if (rows == MR && cols == nr) {
                                MicroKernels.micro64(kc, ap, ir * kc, bp, jr * kc, c, cAt, g.rsC(), pc == 0 && !accumulate);
                            } else {
                                for (int r = 0; r < MR && (pc > 0 || accumulate); r++) {
                                    for (int q = 0; q < nr; q++) {
                                        tile[r * nr + q] = r < rows && q < cols ? c[cAt + r * g.rsC() + q] : 0.0;
                                    }
                                }
                                MicroKernels.micro64(kc, ap, ir * kc, bp, jr * kc, tile, 0, nr, pc == 0 && !accumulate);
                                for (int r = 0; r < rows; r++) {
                                    System.arraycopy(tile, r * nr, c, cAt + r * g.rsC(), cols);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void packB64(Gemm.Geometry g, double[] b, int bOff, int pc, int kc, int jc, int nc, int nr,
                                double[] bp) {
        final int rsB = g.rsB(), csB = g.csB();
        for (int s = 0; s < nc; s += nr) {
            final int w = Math.min(nr, nc - s), base = s * kc;
            if (csB == 1) {
                for (int p = 0; p < kc; p++) {
                    final int src = bOff + (pc + p) * rsB + jc + s, dst = base + p * nr;
                    System.arraycopy(b, src, bp, dst, w);
                    for (int q = w; q < nr; q++) {
                        bp[dst + q] = 0.0;
                    }
                }
            } else {
                for (int q = 0; q < nr; q++) {
                    if (q < w) {
                        final int src = bOff + pc * rsB + (jc + s + q) * csB;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + q] = b[src + p * rsB];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + q] = 0.0;
                        }
                    }
                }
            }
        }
    }

    private static void packA64(Gemm.Geometry g, double[] a, int aOff, int ic, int mc, int pc, int kc, double[] ap) {
        final int rsA = g.rsA(), csA = g.csA();
        if (rsA == 1) { // A transposed: a strip's MR elements at one p are adjacent, its p's far apart
            for (int r = 0; r < mc; r += MR) {
                final int base = r * kc, rows = Math.min(MR, mc - r), src = aOff + ic + r + pc * csA;
                for (int p = 0; p < kc; p++) {
                    final int at = base + p * MR, from = src + p * csA;
                    for (int il = 0; il < MR; il++) {
                        ap[at + il] = il < rows ? a[from + il] : 0.0;
                    }
                }
            }
            return;
        }
        for (int r = 0; r < mc; r += MR) {
            final int base = r * kc;
            for (int il = 0; il < MR; il++) {
                if (r + il < mc) {
                    final int src = aOff + (ic + r + il) * rsA + pc * csA;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + il] = a[src + p * csA];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + il] = 0.0;
                    }
                }
            }
        }
    }


    /** The depth of the k-blocks: at most {@link #KC}, and as even as possible (784 = 4 × 196, not 3 × 256 + 16). */
    static int kc(int k) {
        int blocks = Math.max(1, (k + KC - 1) / KC);
        return (k + blocks - 1) / blocks;
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
