package dev.clarke.ops;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.PiecewiseKernel;
import dev.clarke.tensor.Tensor;

/**
 * Value and slope kernels of the one-input piecewise primitives (every {@link Family} but the
 * max/min ones), derived from each family's {@link PiecewiseRow}; floor and round, periodic, are
 * written here. Kink detection is exact in the working dtype and fused into the value loop: an
 * element is a hit when it equals a kink point ({@code -0.0 == 0.0}). The slope is the derivative of
 * the piece containing each element, and at a kink the {@link KinkPolicy}'s choice. Every family
 * with a row runs on {@link Kernels#piecewise} and {@link Kernels#piecewiseSlope} over the row's
 * compiled form ({@link PiecewiseFunction#kernel}): a new family adds no kernel code. relu keeps its
 * own kernel ({@link Kernels#relu}), the hottest.
 */
public final class UnaryPiecewise {

    private UnaryPiecewise() {
    }

    /**
     * The primitive's value, reporting every kink hit to {@code sink} (null: no detection).
     *
     * @param f a one-input piecewise family
     * @param x the input, any shape
     * @param params the family's parameters; fewer than the row's take the defaults
     * @param sink receives each kink hit; null for no detection
     * @return the primitive's value per element, of {@code x}'s shape and dtype
     */
    public static Tensor value(Family f, Tensor x, double[] params, HitSink sink) {
        if (f == Family.RELU) {
            return Kernels.get().relu(x, sink == null ? null : i -> sink.hit(i, 0));
        }
        if (f.row() == null) {
            return periodic(f, x, sink);
        }
        PiecewiseFunction pf = f.at(params);
        if (x.rank() == 0) { // scalar programs: no array but the result's
            return Tensor.scalar(scalarValue(pf, x.item(), sink), x.dtype());
        }
        return Kernels.get().piecewise(x, pf.kernel(), sink == null ? null : pf.hitsTo(sink));
    }

    /**
     * The value at one point by the compiled kernel, its kink hit (element 0) reported to {@code sink}.
     *
     * @param pf the family at its parameters
     * @param v the point
     * @param sink receives the hit, or null
     * @return the value
     */
    public static double scalarValue(PiecewiseFunction pf, double v, HitSink sink) {
        return scalarValue(pf, pf.kernel().locate(v), v, sink);
    }

    /**
     * As {@link #scalarValue(PiecewiseFunction, double, HitSink)} with the point already located.
     *
     * @param pf the family at its parameters
     * @param where {@code pf.kernel().locate(v)}
     * @param v the point
     * @param sink receives the hit, or null
     * @return the value
     */
    public static double scalarValue(PiecewiseFunction pf, int where, double v, HitSink sink) {
        if (where < 0 && sink != null) {
            sink.hit(0, pf.kinks().get(~where).point());
        }
        return pf.kernel().valueAt(where, v);
    }

    /** floor and round: every integer (resp. k + ½) is a kink, reported at its own value. */
    private static Tensor periodic(Family f, Tensor x, HitSink sink) {
        int n = x.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            out[i] = apply(f, v, null);
            if (sink != null && kinkAt(f, v, null) != null) {
                sink.hit(i, v);
            }
        }
        return x.rank() == 0 ? Tensor.scalar(out[0], x.dtype()) : Tensor.of(x.dtype(), x.shape(), out);
    }

    /**
     * The derivative of each element's piece, with the policy's value at kinks.
     *
     * @param f a one-input piecewise family
     * @param x the input, any shape
     * @param params the family's parameters; fewer than the row's take the defaults
     * @param policy gives the derivative at kinks
     * @return the derivative per element, of {@code x}'s shape and dtype
     */
    public static Tensor slope(Family f, Tensor x, double[] params, KinkPolicy policy) {
        if (f == Family.RELU) {
            return Kernels.get().reluSlope(x, policy.derivative(Family.RELU, 0, 0, 1));
        }
        if (f.row() == null) {
            int n = x.size();
            double[] out = new double[n];
            double atKink = policy.derivative(f, f.kinks().get(0));
            for (int i = 0; i < n; i++) {
                out[i] = kinkAt(f, x.get(i), null) != null ? atKink : 0;
            }
            return Tensor.of(x.dtype(), x.shape(), out);
        }
        PiecewiseFunction pf = f.at(params);
        return Kernels.get().piecewiseSlope(x, pf.kernel(), pf.kinkSlopes(f, policy));
    }

    /**
     * The slope at one point, unrounded (every family but relu, whose tensor slope comes from the
     * kernels; for a non-NaN point they agree): the piece's derivative, or the policy's at a kink.
     *
     * @param f a one-input piecewise family
     * @param x the point
     * @param params the family's parameters; fewer than the row's take the defaults
     * @param policy gives the derivative at kinks
     * @return the slope at {@code x}
     */
    public static double slope(Family f, double x, double[] params, KinkPolicy policy) {
        if (f.row() == null) {
            return kinkAt(f, x, null) != null ? policy.derivative(f, f.kinks().get(0)) : 0;
        }
        return scalarSlope(f, f.at(params), x, policy);
    }

    /**
     * The slope at one point by the compiled kernel: the piece's derivative, or the policy's at a kink.
     *
     * @param f the family, for the policy
     * @param pf the family at its parameters
     * @param x the point
     * @param policy the kink policy
     * @return the slope
     */
    public static double scalarSlope(Family f, PiecewiseFunction pf, double x, KinkPolicy policy) {
        return scalarSlope(f, pf, pf.kernel().locate(x), x, policy);
    }

    /**
     * As {@link #scalarSlope(Family, PiecewiseFunction, double, KinkPolicy)} with the point already located.
     *
     * @param f the family, for the policy
     * @param pf the family at its parameters
     * @param where {@code pf.kernel().locate(x)}
     * @param x the point
     * @param policy the kink policy
     * @return the slope
     */
    public static double scalarSlope(Family f, PiecewiseFunction pf, int where, double x, KinkPolicy policy) {
        return where < 0 ? pf.kinkSlope(~where, f, policy) : pf.kernel().pieceSlopeAt(where, x);
    }

    /**
     * The primitive at one point.
     *
     * @param f a one-input piecewise family
     * @param x the point
     * @param p the family's parameters; fewer than the row's take the defaults
     * @return the primitive's value at {@code x}
     */
    public static double apply(Family f, double x, double[] p) {
        switch (f) {
            case FLOOR: return Math.floor(x);
            case ROUND: return Math.rint(x);
            default: return requireRow(f).at(p == null ? NONE : p).value(x);
        }
    }

    /**
     * The kink {@code x} sits on exactly, or null.
     *
     * @param f a one-input piecewise family
     * @param x the point
     * @param p the family's parameters; fewer than the row's take the defaults
     * @return the kink {@code x} sits on exactly, or null
     */
    public static Kink kinkAt(Family f, double x, double[] p) {
        switch (f) {
            case FLOOR: return Double.isFinite(x) && x == Math.floor(x) ? f.kinks().get(0) : null;
            case ROUND: return Math.abs(x) < 0x1p52 && Math.floor(x) + 0.5 == x ? f.kinks().get(0) : null;
            default: return requireRow(f).at(p == null ? NONE : p).kinkAt(x);
        }
    }

    private static final double[] NONE = new double[0];

    private static Family requireRow(Family f) {
        if (f.row() == null) {
            throw new IllegalArgumentException(f.id() + " is not a one-input piecewise primitive");
        }
        return f;
    }
}
