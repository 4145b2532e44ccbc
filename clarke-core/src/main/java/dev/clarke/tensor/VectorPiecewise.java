package dev.clarke.tensor;

import dev.clarke.tensor.PiecewiseKernel.Piece;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link PiecewiseKernel}'s loops, for {@link VectorKernels}: per vector of
 * doubles (F32 lanes widened to double and the result narrowed once, as the scalar loop rounds),
 * the first piece, then each later piece blended in where {@code x > breakpoint}, each kink's value
 * where {@code x == kink}, and x itself where it is NaN, in straight-line code over the row padded
 * to three pieces and two kinks ({@link Padded}), so that the JIT keeps every vector in registers. The kink compares are the kink log's
 * detection: a vector with a hit is scanned lane by lane, so hits arrive in increasing order. A row
 * with a piece without a vector form ({@code a·expm1(x)}, whose bits belong to {@link Math#expm1}),
 * or with more than two breakpoints, runs the scalar loop. Every lane operation is the IEEE
 * operation the scalar piece does, so the results are the scalar loop's bits.
 */
final class VectorPiecewise {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(DS.length() * Float.SIZE));
    private static final int L = DS.length();

    private VectorPiecewise() {
    }

    static Tensor values(Tensor x, PiecewiseKernel f, PiecewiseKernel.Hits hits) {
        return run(x, f, hits, null);
    }

    static Tensor slopes(Tensor x, PiecewiseKernel f, double[] atKink) {
        return run(x, f, null, atKink);
    }

    /** The values ({@code atKink} null) or the slopes over x: vectors, then the tail by the scalar definition. */
    private static Tensor run(Tensor x, PiecewiseKernel f, PiecewiseKernel.Hits hits, double[] atKink) {
        if (!Padded.fits(f) || !f.allVectorisable()) { // elu's expm1 lanes: the scalar loop is faster than fixing lanes
            return atKink == null ? f.values(x, hits) : f.slopes(x, atKink);
        }
        Padded c = f.padded();
        int n = x.size();
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(n);
            int i = 0;
            for (int bound = DS.loopBound(n); i < bound; i += L) {
                DoubleVector v = DoubleVector.fromArray(DS, s, i);
                (atKink == null ? value(c, v) : slope(c, v, atKink)).intoArray(out, i);
                report(f, v, i, hits);
            }
            for (; i < n; i++) {
                out[i] = atKink == null ? f.value(s[i], i, hits) : f.slope(s[i], atKink);
            }
            return Tensor.wrap(x.shape(), out);
        }
        if (x.dtype() == DType.F32) {
            float[] s = x.floatData(), out = Buffers.floats(n);
            int i = 0;
            for (int bound = FS.loopBound(n); i < bound; i += L) {
                DoubleVector v = (DoubleVector) FloatVector.fromArray(FS, s, i).convertShape(VectorOperators.F2D, DS, 0);
                DoubleVector r = atKink == null ? value(c, v) : slope(c, v, atKink);
                ((FloatVector) r.convertShape(VectorOperators.D2F, FS, 0)).intoArray(out, i);
                report(f, v, i, hits);
            }
            for (; i < n; i++) {
                out[i] = (float) (atKink == null ? f.value(s[i], i, hits) : f.slope(s[i], atKink));
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        return atKink == null ? f.values(x, hits) : f.slopes(x, atKink);
    }

    /** The vector of values, exact except on lanes selecting a piece without a vector form. */
    private static DoubleVector value(Padded c, DoubleVector v) {
        DoubleVector r = piece(c, 0, v)
                .blend(piece(c, 1, v), v.compare(VectorOperators.GT, c.breaks[0]))
                .blend(piece(c, 2, v), v.compare(VectorOperators.GT, c.breaks[1]))
                .blend(piece(c, 3, v), v.compare(VectorOperators.EQ, c.kinks[0]))
                .blend(piece(c, 4, v), v.compare(VectorOperators.EQ, c.kinks[1]));
        return r.blend(v, v.test(VectorOperators.IS_NAN));
    }

    /** Reports a vector's kink hits, lane by lane in order, if it holds any (values only: {@code hits} null for slopes). */
    private static void report(PiecewiseKernel f, DoubleVector v, int i, PiecewiseKernel.Hits hits) {
        if (hits != null && onKink(f, v).anyTrue()) {
            for (int l = 0; l < L; l++) {
                f.value(v.lane(l), i + l, hits);
            }
        }
    }

    private static VectorMask<Double> onKink(PiecewiseKernel f, DoubleVector v) {
        VectorMask<Double> m = DS.maskAll(false);
        for (double k : f.kinks) {
            m = m.or(v.compare(VectorOperators.EQ, k));
        }
        return m;
    }

    /** The vector of slopes (NaN lanes select the first piece, as the scalar definition does). */
    private static DoubleVector slope(Padded c, DoubleVector v, double[] atKink) {
        return pieceSlope(c, 0, v)
                .blend(pieceSlope(c, 1, v), v.compare(VectorOperators.GT, c.breaks[0]))
                .blend(pieceSlope(c, 2, v), v.compare(VectorOperators.GT, c.breaks[1]))
                .blend(DoubleVector.broadcast(DS, atKink.length > 0 ? atKink[0] : 0), v.compare(VectorOperators.EQ, c.kinks[0]))
                .blend(DoubleVector.broadcast(DS, atKink.length > 1 ? atKink[1] : 0), v.compare(VectorOperators.EQ, c.kinks[1]));
    }

    /**
     * Piece {@code q} (0–2: the intervals, 3–4: the kinks' values) on every lane, in one branch-free
     * form so that no vector merges at a branch (which would box it): {@code (v·w)/d + b} with
     * {@code w} the factor s, or {@code v + shift} for the quadratic; a constant blended over it. A
     * factor of ±1 and a divisor of 1 are exact, and a missing offset is −0.0, which adds nothing
     * (not even to −0.0), so these are the scalar piece's bits. A piece without a vector form gives
     * a placeholder (such rows never get here).
     */
    private static DoubleVector piece(Padded c, int q, DoubleVector v) {
        DoubleVector w = DoubleVector.broadcast(DS, c.s[q]).blend(v.add(c.s[q]), DS.maskAll(c.quadratic[q]));
        return v.mul(w).div(c.d[q]).add(c.b[q]).blend(DoubleVector.broadcast(DS, c.constant[q]), DS.maskAll(c.isConstant[q]));
    }

    /** Piece {@code q}'s slope on every lane: its constant slope, or the quadratic's {@code (2v + shift)/d}. */
    private static DoubleVector pieceSlope(Padded c, int q, DoubleVector v) {
        return DoubleVector.broadcast(DS, c.slope[q]).blend(v.mul(2).add(c.s[q]).div(c.d[q]), DS.maskAll(c.quadratic[q]));
    }

    /**
     * A kernel's pieces padded to three intervals and two kinks, as flat coefficients: a missing
     * breakpoint is +∞ (no lane is above it) and a missing kink NaN (no lane equals it), so every
     * row runs the same straight-line code. Rows with more breakpoints or kinks take the scalar loop.
     */
    static final class Padded {
        final double[] breaks = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        final double[] kinks = {Double.NaN, Double.NaN};
        final double[] s = new double[5];
        final double[] d = {1, 1, 1, 1, 1};
        final double[] b = {-0.0, -0.0, -0.0, -0.0, -0.0};
        final double[] constant = new double[5];
        final boolean[] isConstant = new boolean[5];
        final boolean[] quadratic = new boolean[5];
        final double[] slope = new double[5];

        Padded(PiecewiseKernel f) {
            System.arraycopy(f.breaks, 0, breaks, 0, f.breaks.length);
            System.arraycopy(f.kinks, 0, kinks, 0, f.kinks.length);
            for (int q = 0; q < 5; q++) {
                Piece p = q < 3 ? (q < f.pieces.length ? f.pieces[q] : null)
                        : (q - 3 < f.atKinks.length ? f.atKinks[q - 3] : null);
                if (p == null) {
                    isConstant[q] = true;
                    continue;
                }
                switch (p.kind) {
                    case Piece.CONSTANT:
                        isConstant[q] = true;
                        constant[q] = p.b;
                        break;
                    case Piece.LINEAR:
                        s[q] = p.s;
                        d[q] = p.d;
                        b[q] = p.offset ? p.b : -0.0;
                        slope[q] = p.slope;
                        break;
                    case Piece.QUADRATIC:
                        quadratic[q] = true;
                        s[q] = p.s;
                        d[q] = p.d;
                        break;
                    default: // no vector form: such rows take the scalar loop
                        break;
                }
            }
        }

        static boolean fits(PiecewiseKernel f) {
            return f.breaks.length <= 2 && f.kinks.length <= 2;
        }
    }
}
