package dev.clarke.ops;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Tensor;

/**
 * Value and slope kernels of the one-input piecewise primitives (every {@link Family} but the
 * max/min ones). Kink detection is exact in the working dtype: an element is a hit when it equals a
 * kink point ({@code -0.0 == 0.0}). The slope is the derivative of the piece containing each
 * element, and at a kink the {@link KinkPolicy}'s choice. Parameters: leaky_relu takes α, clamp lo
 * and hi.
 */
public final class UnaryPiecewise {

    private UnaryPiecewise() {
    }

    /** The primitive's value, reporting every kink hit to {@code sink} (null: no detection). */
    public static Tensor value(Family f, Tensor x, double[] params, HitSink sink) {
        if (f == Family.RELU) {
            return Kernels.get().relu(x, sink == null ? null : i -> sink.hit(i, 0));
        }
        if (x.rank() == 0) { // scalar programs: no array but the result's
            double v = x.item();
            report(f, v, params, sink, 0);
            return Tensor.scalar(apply(f, v, params), x.dtype());
        }
        int n = x.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            out[i] = apply(f, v, params);
            report(f, v, params, sink, i);
        }
        return Tensor.of(x.dtype(), x.shape(), out);
    }

    private static void report(Family f, double v, double[] params, HitSink sink, int element) {
        if (sink != null) {
            Kink k = kinkAt(f, v, params);
            if (k != null) {
                sink.hit(element, f == Family.FLOOR || f == Family.ROUND ? v : k.point());
            }
        }
    }

    /** The derivative of each element's piece, with the policy's value at kinks. */
    public static Tensor slope(Family f, Tensor x, double[] params, KinkPolicy policy) {
        if (f == Family.RELU) {
            return Kernels.get().reluSlope(x, policy.derivative(Family.RELU, 0, 0, 1));
        }
        int n = x.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = slope(f, x.get(i), params, policy);
        }
        return Tensor.of(x.dtype(), x.shape(), out);
    }

    /**
     * The slope at one point, unrounded (every family but relu, whose tensor slope comes from the
     * kernels; for a non-NaN point they agree): the piece's derivative, or the policy's at a kink.
     */
    public static double slope(Family f, double x, double[] params, KinkPolicy policy) {
        Kink k = kinkAt(f, x, params);
        return k != null ? policy.derivative(f, k) : pieceSlope(f, x, params);
    }

    /** The primitive at one point. */
    public static double apply(Family f, double x, double[] p) {
        switch (f) {
            case RELU: return x > 0 ? x : 0;
            case LEAKY_RELU: return x > 0 ? x : alpha(p) * x;
            case ABS: return Math.abs(x);
            case SIGN: return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : Double.NaN;
            case CLAMP: return clamp(x, p[0], p[1]);
            case HARDTANH: return clamp(x, -1, 1);
            case RELU6: return clamp(x, 0, 6);
            case HARDSIGMOID: return clamp(x / 6 + 0.5, 0, 1);
            case HARDSWISH: return x * clamp(x + 3, 0, 6) / 6;
            case FLOOR: return Math.floor(x);
            case ROUND: return Math.rint(x);
            default: throw new IllegalArgumentException(f.id() + " is not a one-input piecewise primitive");
        }
    }

    private static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : x > hi ? hi : x;
    }

    private static double alpha(double[] p) {
        return p.length > 0 ? p[0] : 0.01;
    }

    /** The kink {@code x} sits on exactly, or null. */
    public static Kink kinkAt(Family f, double x, double[] p) {
        switch (f) {
            case RELU: case LEAKY_RELU: case ABS: case SIGN:
                return x == 0 ? f.kinks(p).get(0) : null;
            case CLAMP: return boundKink(f, x, p[0], p[1], p);
            case HARDTANH: return boundKink(f, x, -1, 1, p);
            case RELU6: return boundKink(f, x, 0, 6, p);
            case HARDSIGMOID: case HARDSWISH: return boundKink(f, x, -3, 3, p);
            case FLOOR: return Double.isFinite(x) && x == Math.floor(x) ? f.kinks().get(0) : null;
            case ROUND: return Math.abs(x) < 0x1p52 && Math.floor(x) + 0.5 == x ? f.kinks().get(0) : null;
            default: throw new IllegalArgumentException(f.id() + " is not a one-input piecewise primitive");
        }
    }

    private static Kink boundKink(Family f, double x, double lo, double hi, double[] p) {
        if (x == lo) {
            return f.kinks(p).get(0);
        }
        if (x == hi) {
            return f.kinks(p).get(1);
        }
        return null;
    }

    /** The derivative of the piece containing a point that is not a kink. */
    private static double pieceSlope(Family f, double x, double[] p) {
        switch (f) {
            case LEAKY_RELU: return x > 0 ? 1 : alpha(p);
            case ABS: return x > 0 ? 1 : -1;
            case SIGN: case FLOOR: case ROUND: return 0;
            case CLAMP: return x > p[0] && x < p[1] ? 1 : 0;
            case HARDTANH: return x > -1 && x < 1 ? 1 : 0;
            case RELU6: return x > 0 && x < 6 ? 1 : 0;
            case HARDSIGMOID: return x > -3 && x < 3 ? 1.0 / 6 : 0;
            case HARDSWISH: return x <= -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6;
            default: return x > 0 ? 1 : 0;
        }
    }
}
