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
 * {@code NR = 2} vectors (zero-padded), then for each {@code MC}-high row block A's slice is
 * packed into strips of {@code MR = 8} rows, and a register tile of {@code 8 x 2} vectors of C is
 * updated by the micro-kernel: load the tile from C, then for each p in increasing order
 * {@code acc = acc + a(i,p) * b(p,j)} — a vector multiply, then a vector add, each rounded once
 * (never fused) — then store it. Every output element is therefore the sum
 * over {@code p = 0..k-1} in increasing order with one rounding per multiply and per add, exactly as
 * in {@link Gemm} and in the naive loop: the vector and pure-Java kernels agree bit for bit, for any
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

    /** Where the first k-block's accumulators load from: one zero row of a register tile. */
    private static final float[] ZEROS32 = new float[2 * FS.length()];
    private static final double[] ZEROS64 = new double[2 * DS.length()];
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
                    packA32(g, a, aOff, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        final int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            final int rows = Math.min(MR, mc - ir);
                            final int cAt = cOff + (ic + ir) * g.rsC() + (jc + jr);
                            if (rows == MR && cols == nr) {
                                micro32(kc, ap, ir * kc, bp, jr * kc, c, cAt, g.rsC(), pc == 0 && !accumulate);
                            } else {
                                for (int r = 0; r < MR && (pc > 0 || accumulate); r++) {
                                    for (int q = 0; q < nr; q++) {
                                        tile[r * nr + q] = r < rows && q < cols ? c[cAt + r * g.rsC() + q] : 0f;
                                    }
                                }
                                micro32(kc, ap, ir * kc, bp, jr * kc, tile, 0, nr, pc == 0 && !accumulate);
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

    /**
     * The 8 x 2-vector register tile at {@code c[cAt..]} (row stride {@code rsC}) plus the packed
     * panels' product; on the {@code first} k-block the tile starts from +0 instead of C's contents.
     * Sixteen accumulators, two B vectors and a broadcast fit the 32 vector registers: eight
     * broadcasts and two loads feed sixteen multiplies and adds per step of p.
     */
    private static void micro32(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int cAt, int rsC,
                                boolean first) {
        final int vl = FS.length();
        final int c0 = cAt + 0 * rsC, c1 = cAt + 1 * rsC, c2 = cAt + 2 * rsC, c3 = cAt + 3 * rsC, c4 = cAt + 4 * rsC, c5 = cAt + 5 * rsC, c6 = cAt + 6 * rsC, c7 = cAt + 7 * rsC;
        // On the first k-block the sums start from +0 (a zero array), never from C's old contents; one
        // straight-line load either way keeps the accumulators in registers.
        final float[] from = first ? ZEROS32 : c;
        final int f0 = first ? 0 : c0, f1 = first ? 0 : c1, f2 = first ? 0 : c2, f3 = first ? 0 : c3, f4 = first ? 0 : c4, f5 = first ? 0 : c5, f6 = first ? 0 : c6, f7 = first ? 0 : c7;
        FloatVector x00 = FloatVector.fromArray(FS, from, f0), x01 = FloatVector.fromArray(FS, from, f0 + vl);
        FloatVector x10 = FloatVector.fromArray(FS, from, f1), x11 = FloatVector.fromArray(FS, from, f1 + vl);
        FloatVector x20 = FloatVector.fromArray(FS, from, f2), x21 = FloatVector.fromArray(FS, from, f2 + vl);
        FloatVector x30 = FloatVector.fromArray(FS, from, f3), x31 = FloatVector.fromArray(FS, from, f3 + vl);
        FloatVector x40 = FloatVector.fromArray(FS, from, f4), x41 = FloatVector.fromArray(FS, from, f4 + vl);
        FloatVector x50 = FloatVector.fromArray(FS, from, f5), x51 = FloatVector.fromArray(FS, from, f5 + vl);
        FloatVector x60 = FloatVector.fromArray(FS, from, f6), x61 = FloatVector.fromArray(FS, from, f6 + vl);
        FloatVector x70 = FloatVector.fromArray(FS, from, f7), x71 = FloatVector.fromArray(FS, from, f7 + vl);
        for (int p = 0; p < kc; p++, ai += MR, bi += 2 * vl) {
            final FloatVector b0 = FloatVector.fromArray(FS, bp, bi), b1 = FloatVector.fromArray(FS, bp, bi + vl);
            FloatVector s = FloatVector.broadcast(FS, ap[ai]);
            x00 = x00.add(s.mul(b0));
            x01 = x01.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 1]);
            x10 = x10.add(s.mul(b0));
            x11 = x11.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 2]);
            x20 = x20.add(s.mul(b0));
            x21 = x21.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 3]);
            x30 = x30.add(s.mul(b0));
            x31 = x31.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 4]);
            x40 = x40.add(s.mul(b0));
            x41 = x41.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 5]);
            x50 = x50.add(s.mul(b0));
            x51 = x51.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 6]);
            x60 = x60.add(s.mul(b0));
            x61 = x61.add(s.mul(b1));
            s = FloatVector.broadcast(FS, ap[ai + 7]);
            x70 = x70.add(s.mul(b0));
            x71 = x71.add(s.mul(b1));
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + vl);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + vl);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + vl);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + vl);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + vl);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + vl);
        x60.intoArray(c, c6);
        x61.intoArray(c, c6 + vl);
        x70.intoArray(c, c7);
        x71.intoArray(c, c7 + vl);
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
                                micro64(kc, ap, ir * kc, bp, jr * kc, c, cAt, g.rsC(), pc == 0 && !accumulate);
                            } else {
                                for (int r = 0; r < MR && (pc > 0 || accumulate); r++) {
                                    for (int q = 0; q < nr; q++) {
                                        tile[r * nr + q] = r < rows && q < cols ? c[cAt + r * g.rsC() + q] : 0.0;
                                    }
                                }
                                micro64(kc, ap, ir * kc, bp, jr * kc, tile, 0, nr, pc == 0 && !accumulate);
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

    private static void micro64(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int cAt, int rsC,
                                boolean first) {
        final int vl = DS.length();
        final int c0 = cAt + 0 * rsC, c1 = cAt + 1 * rsC, c2 = cAt + 2 * rsC, c3 = cAt + 3 * rsC, c4 = cAt + 4 * rsC, c5 = cAt + 5 * rsC, c6 = cAt + 6 * rsC, c7 = cAt + 7 * rsC;
        // On the first k-block the sums start from +0 (a zero array), never from C's old contents; one
        // straight-line load either way keeps the accumulators in registers.
        final double[] from = first ? ZEROS64 : c;
        final int f0 = first ? 0 : c0, f1 = first ? 0 : c1, f2 = first ? 0 : c2, f3 = first ? 0 : c3, f4 = first ? 0 : c4, f5 = first ? 0 : c5, f6 = first ? 0 : c6, f7 = first ? 0 : c7;
        DoubleVector x00 = DoubleVector.fromArray(DS, from, f0), x01 = DoubleVector.fromArray(DS, from, f0 + vl);
        DoubleVector x10 = DoubleVector.fromArray(DS, from, f1), x11 = DoubleVector.fromArray(DS, from, f1 + vl);
        DoubleVector x20 = DoubleVector.fromArray(DS, from, f2), x21 = DoubleVector.fromArray(DS, from, f2 + vl);
        DoubleVector x30 = DoubleVector.fromArray(DS, from, f3), x31 = DoubleVector.fromArray(DS, from, f3 + vl);
        DoubleVector x40 = DoubleVector.fromArray(DS, from, f4), x41 = DoubleVector.fromArray(DS, from, f4 + vl);
        DoubleVector x50 = DoubleVector.fromArray(DS, from, f5), x51 = DoubleVector.fromArray(DS, from, f5 + vl);
        DoubleVector x60 = DoubleVector.fromArray(DS, from, f6), x61 = DoubleVector.fromArray(DS, from, f6 + vl);
        DoubleVector x70 = DoubleVector.fromArray(DS, from, f7), x71 = DoubleVector.fromArray(DS, from, f7 + vl);
        for (int p = 0; p < kc; p++, ai += MR, bi += 2 * vl) {
            final DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi), b1 = DoubleVector.fromArray(DS, bp, bi + vl);
            DoubleVector s = DoubleVector.broadcast(DS, ap[ai]);
            x00 = x00.add(s.mul(b0));
            x01 = x01.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 1]);
            x10 = x10.add(s.mul(b0));
            x11 = x11.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 2]);
            x20 = x20.add(s.mul(b0));
            x21 = x21.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 3]);
            x30 = x30.add(s.mul(b0));
            x31 = x31.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 4]);
            x40 = x40.add(s.mul(b0));
            x41 = x41.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 5]);
            x50 = x50.add(s.mul(b0));
            x51 = x51.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 6]);
            x60 = x60.add(s.mul(b0));
            x61 = x61.add(s.mul(b1));
            s = DoubleVector.broadcast(DS, ap[ai + 7]);
            x70 = x70.add(s.mul(b0));
            x71 = x71.add(s.mul(b1));
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + vl);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + vl);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + vl);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + vl);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + vl);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + vl);
        x60.intoArray(c, c6);
        x61.intoArray(c, c6 + vl);
        x70.intoArray(c, c7);
        x71.intoArray(c, c7 + vl);
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
