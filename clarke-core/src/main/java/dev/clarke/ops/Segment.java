package dev.clarke.ops;

/**
 * One analytic piece of a piecewise family, on one interval between kinks. Each is written in the
 * arithmetic PyTorch uses for it (hardswish's outer pieces are {@code 0·x/6} and {@code 6·x/6}), so
 * values keep their bits. The closed set lets every consumer translate a piece its own way; a new
 * kind of piece needs a case in each that does: {@code ad.Piecewise} (its derivative as a
 * differentiable function, for a non-affine piece), {@code pap.Declarations} (its analytic branch)
 * and, when affine, {@code certify.ExactActivation} (its exact value and slope).
 */
public sealed interface Segment {

    /**
     * The piece's value at {@code x}.
     *
     * @param x the point
     * @param p the family's parameters, defaults filled in
     * @return the piece's value at {@code x}
     */
    double value(double x, double[] p);

    /**
     * The piece's derivative at {@code x}.
     *
     * @param x the point
     * @param p the family's parameters, defaults filled in
     * @return the piece's derivative at {@code x}
     */
    double slope(double x, double[] p);

    /** {@return whether the piece is affine (every piece of a piecewise-linear family is)} */
    default boolean affine() {
        return true;
    }

    /** The constant {@code c}. */
    record Constant(Coef c) implements Segment {
        @Override
        public double value(double x, double[] p) {
            return c.at(p);
        }

        @Override
        public double slope(double x, double[] p) {
            return 0;
        }
    }

    /**
     * {@code (s·x)/d + b}, computed as written: a slope of 1 or −1 is exact, a divisor of 1 and an
     * offset that is the constant 0 are skipped.
     */
    record Linear(Coef s, double d, Coef b) implements Segment {
        @Override
        public double value(double x, double[] p) {
            double k = s.at(p);
            double v = k == 1 ? x : k == -1 ? -x : k * x;
            if (d != 1) {
                v = v / d;
            }
            return b.is(0) ? v : v + b.at(p);
        }

        @Override
        public double slope(double x, double[] p) {
            return d == 1 ? s.at(p) : s.at(p) / d;
        }
    }

    /** {@code x·(x + shift)/d} (hardswish's middle piece). */
    record Quadratic(double shift, double d) implements Segment {
        @Override
        public double value(double x, double[] p) {
            return x * (x + shift) / d;
        }

        @Override
        public double slope(double x, double[] p) {
            return (2 * x + shift) / d;
        }

        @Override
        public boolean affine() {
            return false;
        }
    }

    /** {@code a·(eˣ − 1)} (elu's negative piece), with {@code expm1} for accuracy near 0. */
    record Expm1(Coef a) implements Segment {
        @Override
        public double value(double x, double[] p) {
            return a.at(p) * Math.expm1(x);
        }

        @Override
        public double slope(double x, double[] p) {
            return a.at(p) * Math.exp(x);
        }

        @Override
        public boolean affine() {
            return false;
        }
    }

    /** {@return the piece x} */
    static Segment identity() {
        return new Linear(Coef.of(1), 1, Coef.of(0));
    }

    /**
     * c·x.
     *
     * @param c the slope, a constant or a parameter
     * @return the piece c·x
     */
    static Segment times(Coef c) {
        return new Linear(c, 1, Coef.of(0));
    }

    /**
     * The constant c.
     *
     * @param c the constant
     * @return the piece with constant value c
     */
    static Segment constant(double c) {
        return new Constant(Coef.of(c));
    }
}
