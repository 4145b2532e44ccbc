package dev.clarke.tensor;

/**
 * A one-input piecewise function compiled for the value and slope kernels: its breakpoints
 * (ascending, a repeated one where two coincide), one {@link Piece} per interval between them, and
 * its kinks with the piece giving the value on each. The ops layer builds one from a family's row at
 * fixed parameters, so a new family needs no kernel code; {@link Kernels#piecewise} and
 * {@link Kernels#piecewiseSlope} run it over a tensor, the Vector API backend with one compare mask
 * per breakpoint and kink.
 *
 * <p>At {@code x}: NaN gives x; a kink ({@code x == kink}, so {@code -0.0} hits a kink at 0) gives
 * its piece's value, and the slope given for it; otherwise the piece holding x is the one after the
 * last breakpoint below x. The slope of NaN is the first piece's slope at NaN. Each piece computes in
 * double, in the order its row writes it, and float results are rounded once at the end, so every
 * loop — this class's, the vector one — gives the same bits as the per-element definition.
 */
public final class PiecewiseKernel {

    /** Receives the exact kink hits of a value kernel, in increasing element order. */
    @FunctionalInterface
    public interface Hits {
        /**
         * Element {@code element} sits exactly on kink {@code kink}.
         *
         * @param element the flat index
         * @param kink the kink's index, in ascending order of the kinks
         */
        void hit(int element, int kink);
    }

    final double[] breaks;
    final Piece[] pieces;
    final double[] kinks;
    final Piece[] atKinks;
    /** The vector backend's padded coefficients, made on first use. */
    private Object padded;

    /**
     * A compiled function.
     *
     * @param breaks ascending breakpoints, with repeats
     * @param pieces one more than the breakpoints
     * @param kinks the kink points, ascending, each one of the breakpoints
     * @param atKinks the piece giving the value at each kink
     */
    public PiecewiseKernel(double[] breaks, Piece[] pieces, double[] kinks, Piece[] atKinks) {
        if (pieces.length != breaks.length + 1 || atKinks.length != kinks.length) {
            throw new IllegalArgumentException("a piecewise kernel needs one piece more than breakpoints and one value"
                    + " piece per kink");
        }
        this.breaks = breaks.clone();
        this.pieces = pieces.clone();
        this.kinks = kinks.clone();
        this.atKinks = atKinks.clone();
    }

    /**
     * The index of the kink {@code x} sits on exactly, or −1.
     *
     * @param x the point
     * @return the kink's index, or −1
     */
    public int kink(double x) {
        for (int j = 0; j < kinks.length; j++) {
            if (x == kinks[j]) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Where x lies, found once for both its value and its slope (a scalar program asks for both at
     * millions of points): {@code ~j} (negative) on kink j, else the index of the piece holding it.
     *
     * @param x the point
     * @return {@code ~j} on kink j, else the piece's index
     */
    public int locate(double x) {
        int j = kink(x);
        return j >= 0 ? ~j : piece(x);
    }

    /**
     * The function at x, where {@code where} is {@link #locate}'s answer for x: the same bits as
     * {@link #value(double)}.
     *
     * @param where {@link #locate}{@code (x)}
     * @param x the point
     * @return the value
     */
    public double valueAt(int where, double x) {
        if (x != x) {
            return x;
        }
        return where < 0 ? atKinks[~where].value(x) : pieces[where].value(x);
    }

    /**
     * The slope of piece {@code where} at x off the kinks: {@link #pieceSlope}'s value when
     * {@code where} is {@link #locate}'s answer for x.
     *
     * @param where a piece's index (not negative)
     * @param x the point
     * @return the slope
     */
    public double pieceSlopeAt(int where, double x) {
        return pieces[where].slope(x);
    }

    /** The number of breakpoints below x: the index of the piece holding it off the kinks. */
    int piece(double x) {
        int q = 0;
        while (q < breaks.length && breaks[q] < x) {
            q++;
        }
        return q;
    }

    /**
     * The function at {@code x}.
     *
     * @param x the point
     * @return the value
     */
    public double value(double x) {
        if (x != x) {
            return x;
        }
        int j = kink(x);
        return j >= 0 ? atKinks[j].value(x) : pieces[piece(x)].value(x);
    }

    /**
     * The slope at {@code x} off the kinks: the derivative of the piece holding it.
     *
     * @param x the point
     * @return the slope
     */
    public double pieceSlope(double x) {
        return pieces[piece(x)].slope(x);
    }

    /**
     * The slope at {@code x}: {@code atKink[j]} on kink j, else the piece's derivative.
     *
     * @param x the point
     * @param atKink one slope per kink
     * @return the slope
     */
    public double slope(double x, double[] atKink) {
        int j = kink(x);
        return j >= 0 ? atKink[j] : pieces[piece(x)].slope(x);
    }

    /**
     * The piece giving the value off the kinks between breakpoints {@code q − 1} and {@code q} (the
     * piece of every x with q breakpoints below it).
     *
     * @param q the piece's index, 0 to the number of breakpoints
     * @return the piece
     */
    public Piece piece(int q) {
        return pieces[q];
    }

    /**
     * The piece giving the value on kink {@code j}.
     *
     * @param j the kink's index, as {@link #kink} returns it
     * @return the piece
     */
    public Piece kinkPiece(int j) {
        return atKinks[j];
    }

    /** The padded coefficients of the vector loop (only the vector backend calls this). */
    VectorPiecewise.Padded padded() {
        if (padded == null) {
            padded = new VectorPiecewise.Padded(this);
        }
        return (VectorPiecewise.Padded) padded;
    }

    /** Whether every piece and kink value has a vector form (every kind but {@code a·expm1}). */
    boolean allVectorisable() {
        for (Piece p : pieces) {
            if (!p.vectorisable()) {
                return false;
            }
        }
        for (Piece p : atKinks) {
            if (!p.vectorisable()) {
                return false;
            }
        }
        return true;
    }

    // ---- the pure-Java loops --------------------------------------------------------------------

    /** The values over x, hits reported to {@code hits} (null: no detection). */
    Tensor values(Tensor x, Hits hits) {
        int n = x.size();
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(n);
            for (int i = 0; i < n; i++) {
                out[i] = value(s[i], i, hits);
            }
            return Tensor.wrap(x.shape(), out);
        }
        if (x.dtype() == DType.F32) {
            float[] s = x.floatData(), out = Buffers.floats(n);
            for (int i = 0; i < n; i++) {
                out[i] = (float) value(s[i], i, hits);
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = value(x.get(i), i, hits);
        }
        return Tensor.of(x.dtype(), x.shape(), out);
    }

    /** {@link #value(double)} at element {@code i}, reporting a kink hit to {@code hits} (null: none). */
    double value(double v, int i, Hits hits) {
        if (v != v) {
            return v;
        }
        int j = kink(v);
        if (j < 0) {
            return pieces[piece(v)].value(v);
        }
        if (hits != null) {
            hits.hit(i, j);
        }
        return atKinks[j].value(v);
    }

    /** The slopes over x, {@code atKink[j]} on kink j. */
    Tensor slopes(Tensor x, double[] atKink) {
        int n = x.size();
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(n);
            for (int i = 0; i < n; i++) {
                out[i] = slope(s[i], atKink);
            }
            return Tensor.wrap(x.shape(), out);
        }
        if (x.dtype() == DType.F32) {
            float[] s = x.floatData(), out = Buffers.floats(n);
            for (int i = 0; i < n; i++) {
                out[i] = (float) slope(s[i], atKink);
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = slope(x.get(i), atKink);
        }
        return Tensor.of(x.dtype(), x.shape(), out);
    }

    /**
     * One analytic piece with its coefficients resolved: a constant, an affine {@code (s·x)/d + b},
     * hardswish's quadratic {@code x·(x + c)/d} or elu's {@code a·expm1(x)}.
     */
    public static final class Piece {
        static final int CONSTANT = 0;
        static final int LINEAR = 1;
        static final int QUADRATIC = 2;
        static final int EXPM1 = 3;

        final int kind;
        /** LINEAR: the factor; QUADRATIC: the shift c; EXPM1: the factor a. */
        final double s;
        final double d;
        /** CONSTANT: the value; LINEAR: the offset. */
        final double b;
        final boolean offset;
        /** The slope of a constant or affine piece. */
        final double slope;

        private Piece(int kind, double s, double d, double b, boolean offset, double slope) {
            this.kind = kind;
            this.s = s;
            this.d = d;
            this.b = b;
            this.offset = offset;
            this.slope = slope;
        }

        /**
         * The constant c.
         *
         * @param c the value
         * @return the piece
         */
        public static Piece constant(double c) {
            return new Piece(CONSTANT, 0, 1, c, false, 0);
        }

        /**
         * {@code (s·x)/d + b}, computed as written: a factor of ±1 is exact ({@code x}, {@code −x}),
         * a divisor of 1 is skipped, and the offset is added only when {@code offset}.
         *
         * @param s the factor
         * @param d the divisor
         * @param b the offset
         * @param offset whether b is added (a row's constant 0 is not; a parameter that is 0 is)
         * @return the piece
         */
        public static Piece linear(double s, double d, double b, boolean offset) {
            return new Piece(LINEAR, s, d, b, offset, d == 1 ? s : s / d);
        }

        /**
         * {@code x·(x + c)/d}, slope {@code (2x + c)/d}.
         *
         * @param c the shift
         * @param d the divisor
         * @return the piece
         */
        public static Piece quadratic(double c, double d) {
            return new Piece(QUADRATIC, c, d, 0, false, Double.NaN);
        }

        /**
         * {@code a·expm1(x)}, slope {@code a·exp(x)}.
         *
         * @param a the factor
         * @return the piece
         */
        public static Piece expm1(double a) {
            return new Piece(EXPM1, a, 1, 0, false, Double.NaN);
        }

        /**
         * The piece at x.
         *
         * @param x the point
         * @return the value
         */
        public double value(double x) {
            switch (kind) {
                case CONSTANT:
                    return b;
                case LINEAR: {
                    double v = s == 1 ? x : s == -1 ? -x : s * x;
                    if (d != 1) {
                        v = v / d;
                    }
                    return offset ? v + b : v;
                }
                case QUADRATIC:
                    return x * (x + s) / d;
                default:
                    return s * Math.expm1(x);
            }
        }

        /**
         * The piece's derivative at x.
         *
         * @param x the point
         * @return the slope
         */
        public double slope(double x) {
            switch (kind) {
                case QUADRATIC:
                    return (2 * x + s) / d;
                case EXPM1:
                    return s * Math.exp(x);
                default:
                    return slope;
            }
        }

        /** Whether the vector kernels compute it lane-wise (the exponential is left to Math, for its bits). */
        boolean vectorisable() {
            return kind != EXPM1;
        }
    }
}
