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
 * where {@code x == kink}, and x itself where it is NaN. The kink compares are the kink log's
 * detection: a vector with a hit is scanned lane by lane, so hits arrive in increasing order. A
 * piece without a vector form ({@code a·expm1(x)}, whose bits belong to {@link Math#expm1}) is
 * computed by the scalar definition on the lanes that select it. Every lane operation is the IEEE
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
        int n = x.size();
        boolean scalarLanes = !f.allVectorisable();
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(n);
            int i = 0;
            for (int bound = DS.loopBound(n); i < bound; i += L) {
                DoubleVector v = DoubleVector.fromArray(DS, s, i);
                (atKink == null ? value(f, v) : slope(f, v, atKink)).intoArray(out, i);
                finish(f, v, i, out, null, hits, scalarLanes, atKink);
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
                DoubleVector r = atKink == null ? value(f, v) : slope(f, v, atKink);
                ((FloatVector) r.convertShape(VectorOperators.D2F, FS, 0)).intoArray(out, i);
                finish(f, v, i, null, out, hits, scalarLanes, atKink);
            }
            for (; i < n; i++) {
                out[i] = (float) (atKink == null ? f.value(s[i], i, hits) : f.slope(s[i], atKink));
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        return atKink == null ? f.values(x, hits) : f.slopes(x, atKink);
    }

    /** The vector of values, exact except on lanes selecting a piece without a vector form. */
    private static DoubleVector value(PiecewiseKernel f, DoubleVector v) {
        DoubleVector r = piece(f.pieces[0], v);
        for (int q = 1; q < f.pieces.length; q++) {
            r = r.blend(piece(f.pieces[q], v), v.compare(VectorOperators.GT, f.breaks[q - 1]));
        }
        for (int j = 0; j < f.kinks.length; j++) {
            r = r.blend(piece(f.atKinks[j], v), v.compare(VectorOperators.EQ, f.kinks[j]));
        }
        return r.blend(v, v.test(VectorOperators.IS_NAN));
    }

    /**
     * After a vector's store: reports its hits (values only), then recomputes by the scalar definition
     * the lanes that select a piece without a vector form (when {@code scalarLanes}). One of the
     * outputs is null; {@code atKink} null means values, else slopes.
     */
    private static void finish(PiecewiseKernel f, DoubleVector v, int i, double[] out64, float[] out32,
                               PiecewiseKernel.Hits hits, boolean scalarLanes, double[] atKink) {
        if (hits != null && onKink(f, v).anyTrue()) {
            for (int l = 0; l < L; l++) {
                f.value(v.lane(l), i + l, hits);
            }
        }
        if (scalarLanes && scalarMask(f, v).anyTrue()) {
            for (int l = 0; l < L; l++) {
                double x = v.lane(l);
                double y = atKink == null ? f.value(x) : f.slope(x, atKink);
                if (out64 != null) {
                    out64[i + l] = y;
                } else {
                    out32[i + l] = (float) y;
                }
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

    /** Lanes whose piece, or whose kink's value piece, has no vector form. */
    private static VectorMask<Double> scalarMask(PiecewiseKernel f, DoubleVector v) {
        VectorMask<Double> m = DS.maskAll(false);
        int nb = f.breaks.length;
        for (int q = 0; q <= nb; q++) {
            if (!f.pieces[q].vectorisable()) {
                VectorMask<Double> in = q == 0 ? DS.maskAll(true) : v.compare(VectorOperators.GT, f.breaks[q - 1]);
                if (q < nb) {
                    in = in.andNot(v.compare(VectorOperators.GT, f.breaks[q]));
                }
                m = m.or(in);
            }
        }
        for (int j = 0; j < f.kinks.length; j++) {
            if (!f.atKinks[j].vectorisable()) {
                m = m.or(v.compare(VectorOperators.EQ, f.kinks[j]));
            }
        }
        return m;
    }

    /** A piece on every lane; a piece without a vector form gives a placeholder that {@link #finish} replaces. */
    private static DoubleVector piece(Piece p, DoubleVector v) {
        switch (p.kind) {
            case Piece.CONSTANT:
                return DoubleVector.broadcast(DS, p.b);
            case Piece.LINEAR: {
                DoubleVector r = p.s == 1 ? v : p.s == -1 ? v.neg() : v.mul(p.s);
                if (p.d != 1) {
                    r = r.div(p.d);
                }
                return p.offset ? r.add(p.b) : r;
            }
            case Piece.QUADRATIC:
                return v.mul(v.add(p.s)).div(p.d);
            default:
                return v;
        }
    }

    /** The vector of slopes (NaN lanes select the first piece, as the scalar definition does). */
    private static DoubleVector slope(PiecewiseKernel f, DoubleVector v, double[] atKink) {
        DoubleVector r = pieceSlope(f.pieces[0], v);
        for (int q = 1; q < f.pieces.length; q++) {
            r = r.blend(pieceSlope(f.pieces[q], v), v.compare(VectorOperators.GT, f.breaks[q - 1]));
        }
        for (int j = 0; j < f.kinks.length; j++) {
            r = r.blend(DoubleVector.broadcast(DS, atKink[j]), v.compare(VectorOperators.EQ, f.kinks[j]));
        }
        return r;
    }

    private static DoubleVector pieceSlope(Piece p, DoubleVector v) {
        switch (p.kind) {
            case Piece.QUADRATIC:
                return v.mul(2).add(p.s).div(p.d);
            case Piece.EXPM1:
                return v;
            default:
                return DoubleVector.broadcast(DS, p.slope);
        }
    }
}
