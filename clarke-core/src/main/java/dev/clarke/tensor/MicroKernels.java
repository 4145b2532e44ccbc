package dev.clarke.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernels of {@link VectorGemm}: one {@code MR x 2}-vector register tile of C updated by
 * the packed panels' product, for F32 and F64. Each step of p is one vector fused multiply-add,
 * rounded once, so every element is the same sum, in the same order and with the same roundings, as
 * the pure-Java loop of {@link Math#fma}. Straight-line code on purpose: the accumulators stay in
 * registers. (A fused step, not a multiply then an add: on cores whose adds share the multiply
 * units, such as Intel's, the separate operations halve the product's peak.)
 */
final class MicroKernels {

    private MicroKernels() {
    }

    /**
     * The 8 x 2-vector register tile at {@code c[cAt..]} (row stride {@code rsC}) plus the packed
     * panels' product; on the {@code first} k-block the tile starts from +0 instead of C's contents.
     * Sixteen accumulators, two B vectors and a broadcast fit the 32 vector registers: eight
     * broadcasts and two loads feed sixteen fused multiply-adds per step of p.
     */
    static void micro32(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int cAt, int rsC,
                                boolean first) {
        micro32(kc, ap, ai, 1, VectorGemm.MR, bp, bi, c, cAt, rsC, first);
    }

    /**
     * As above, with the tile's eight rows of A read in place: row r's element p at
     * {@code a[ai + r*rsA + p*csA]}. A packed strip is {@code rsA = 1, csA = MR}; a row-major A is
     * read unpacked with {@code csA = 1}, a transposed one with {@code rsA = 1}.
     */
    static void micro32(int kc, float[] ap, int ai, int rsA, int csA, float[] bp, int bi, float[] c, int cAt,
                        int rsC, boolean first) {
        final int vl = VectorGemm.FS.length();
        final int c0 = cAt + 0 * rsC, c1 = cAt + 1 * rsC, c2 = cAt + 2 * rsC, c3 = cAt + 3 * rsC, c4 = cAt + 4 * rsC, c5 = cAt + 5 * rsC, c6 = cAt + 6 * rsC, c7 = cAt + 7 * rsC;
        // On the first k-block the sums start from +0 (a zero array), never from C's old contents; one
        // straight-line load either way keeps the accumulators in registers.
        final float[] from = first ? VectorGemm.ZEROS32 : c;
        final int f0 = first ? 0 : c0, f1 = first ? 0 : c1, f2 = first ? 0 : c2, f3 = first ? 0 : c3, f4 = first ? 0 : c4, f5 = first ? 0 : c5, f6 = first ? 0 : c6, f7 = first ? 0 : c7;
        FloatVector x00 = FloatVector.fromArray(VectorGemm.FS, from, f0), x01 = FloatVector.fromArray(VectorGemm.FS, from, f0 + vl);
        FloatVector x10 = FloatVector.fromArray(VectorGemm.FS, from, f1), x11 = FloatVector.fromArray(VectorGemm.FS, from, f1 + vl);
        FloatVector x20 = FloatVector.fromArray(VectorGemm.FS, from, f2), x21 = FloatVector.fromArray(VectorGemm.FS, from, f2 + vl);
        FloatVector x30 = FloatVector.fromArray(VectorGemm.FS, from, f3), x31 = FloatVector.fromArray(VectorGemm.FS, from, f3 + vl);
        FloatVector x40 = FloatVector.fromArray(VectorGemm.FS, from, f4), x41 = FloatVector.fromArray(VectorGemm.FS, from, f4 + vl);
        FloatVector x50 = FloatVector.fromArray(VectorGemm.FS, from, f5), x51 = FloatVector.fromArray(VectorGemm.FS, from, f5 + vl);
        FloatVector x60 = FloatVector.fromArray(VectorGemm.FS, from, f6), x61 = FloatVector.fromArray(VectorGemm.FS, from, f6 + vl);
        FloatVector x70 = FloatVector.fromArray(VectorGemm.FS, from, f7), x71 = FloatVector.fromArray(VectorGemm.FS, from, f7 + vl);
        final int a1 = rsA, a2 = 2 * rsA, a3 = 3 * rsA, a4 = 4 * rsA, a5 = 5 * rsA, a6 = 6 * rsA, a7 = 7 * rsA;
        for (int p = 0; p < kc; p++, ai += csA, bi += 2 * vl) {
            final FloatVector b0 = FloatVector.fromArray(VectorGemm.FS, bp, bi), b1 = FloatVector.fromArray(VectorGemm.FS, bp, bi + vl);
            FloatVector s = FloatVector.broadcast(VectorGemm.FS, ap[ai]);
            x00 = s.fma(b0, x00);
            x01 = s.fma(b1, x01);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a1]);
            x10 = s.fma(b0, x10);
            x11 = s.fma(b1, x11);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a2]);
            x20 = s.fma(b0, x20);
            x21 = s.fma(b1, x21);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a3]);
            x30 = s.fma(b0, x30);
            x31 = s.fma(b1, x31);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a4]);
            x40 = s.fma(b0, x40);
            x41 = s.fma(b1, x41);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a5]);
            x50 = s.fma(b0, x50);
            x51 = s.fma(b1, x51);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a6]);
            x60 = s.fma(b0, x60);
            x61 = s.fma(b1, x61);
            s = FloatVector.broadcast(VectorGemm.FS, ap[ai + a7]);
            x70 = s.fma(b0, x70);
            x71 = s.fma(b1, x71);
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

    static void micro64(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int cAt, int rsC,
                                boolean first) {
        final int vl = VectorGemm.DS.length();
        final int c0 = cAt + 0 * rsC, c1 = cAt + 1 * rsC, c2 = cAt + 2 * rsC, c3 = cAt + 3 * rsC, c4 = cAt + 4 * rsC, c5 = cAt + 5 * rsC, c6 = cAt + 6 * rsC, c7 = cAt + 7 * rsC;
        // On the first k-block the sums start from +0 (a zero array), never from C's old contents; one
        // straight-line load either way keeps the accumulators in registers.
        final double[] from = first ? VectorGemm.ZEROS64 : c;
        final int f0 = first ? 0 : c0, f1 = first ? 0 : c1, f2 = first ? 0 : c2, f3 = first ? 0 : c3, f4 = first ? 0 : c4, f5 = first ? 0 : c5, f6 = first ? 0 : c6, f7 = first ? 0 : c7;
        DoubleVector x00 = DoubleVector.fromArray(VectorGemm.DS, from, f0), x01 = DoubleVector.fromArray(VectorGemm.DS, from, f0 + vl);
        DoubleVector x10 = DoubleVector.fromArray(VectorGemm.DS, from, f1), x11 = DoubleVector.fromArray(VectorGemm.DS, from, f1 + vl);
        DoubleVector x20 = DoubleVector.fromArray(VectorGemm.DS, from, f2), x21 = DoubleVector.fromArray(VectorGemm.DS, from, f2 + vl);
        DoubleVector x30 = DoubleVector.fromArray(VectorGemm.DS, from, f3), x31 = DoubleVector.fromArray(VectorGemm.DS, from, f3 + vl);
        DoubleVector x40 = DoubleVector.fromArray(VectorGemm.DS, from, f4), x41 = DoubleVector.fromArray(VectorGemm.DS, from, f4 + vl);
        DoubleVector x50 = DoubleVector.fromArray(VectorGemm.DS, from, f5), x51 = DoubleVector.fromArray(VectorGemm.DS, from, f5 + vl);
        DoubleVector x60 = DoubleVector.fromArray(VectorGemm.DS, from, f6), x61 = DoubleVector.fromArray(VectorGemm.DS, from, f6 + vl);
        DoubleVector x70 = DoubleVector.fromArray(VectorGemm.DS, from, f7), x71 = DoubleVector.fromArray(VectorGemm.DS, from, f7 + vl);
        for (int p = 0; p < kc; p++, ai += VectorGemm.MR, bi += 2 * vl) {
            final DoubleVector b0 = DoubleVector.fromArray(VectorGemm.DS, bp, bi), b1 = DoubleVector.fromArray(VectorGemm.DS, bp, bi + vl);
            DoubleVector s = DoubleVector.broadcast(VectorGemm.DS, ap[ai]);
            x00 = s.fma(b0, x00);
            x01 = s.fma(b1, x01);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 1]);
            x10 = s.fma(b0, x10);
            x11 = s.fma(b1, x11);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 2]);
            x20 = s.fma(b0, x20);
            x21 = s.fma(b1, x21);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 3]);
            x30 = s.fma(b0, x30);
            x31 = s.fma(b1, x31);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 4]);
            x40 = s.fma(b0, x40);
            x41 = s.fma(b1, x41);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 5]);
            x50 = s.fma(b0, x50);
            x51 = s.fma(b1, x51);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 6]);
            x60 = s.fma(b0, x60);
            x61 = s.fma(b1, x61);
            s = DoubleVector.broadcast(VectorGemm.DS, ap[ai + 7]);
            x70 = s.fma(b0, x70);
            x71 = s.fma(b1, x71);
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
}
