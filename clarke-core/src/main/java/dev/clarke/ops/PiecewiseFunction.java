package dev.clarke.ops;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.PiecewiseKernel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link PiecewiseRow} at fixed parameters: where its kinks are, which piece holds a point, and
 * the value and slope there. Breakpoints that coincide (clamp with lo = hi) make one kink; a
 * breakpoint where the function is continuous and both one-sided derivatives agree (elu with
 * α = 1, leaky_relu with α = 1) is no kink. Kinks are detected exactly: a point is on a kink when it
 * equals the kink's point ({@code -0.0 == 0.0}).
 */
public final class PiecewiseFunction {

    private final PiecewiseRow row;
    private final double[] p;
    private final double[] raw;
    private final double[] points;
    private final Segment[] atKink;
    private final List<Kink> kinks;
    private final boolean[] jump;
    /** At a kink where breakpoints coincide, the slope of the zero-width piece between them; else NaN. */
    private final double[] between;
    /** The pieces and the kinks' value pieces, compiled for the kernels. */
    private final PiecewiseKernel kernel;
    private final boolean piecewiseLinear;

    PiecewiseFunction(PiecewiseRow row, double[] p) {
        this.row = row;
        this.p = p;
        int n = row.breakpoints().size();
        raw = new double[n];
        for (int i = 0; i < n; i++) {
            raw[i] = row.breakpoints().get(i).at(p);
            if (Double.isNaN(raw[i]) || i > 0 && raw[i] < raw[i - 1]) {
                throw new IllegalArgumentException("parameters " + describe(row, p) + " put the breakpoints out of order ("
                        + java.util.Arrays.toString(java.util.Arrays.copyOf(raw, i + 1)) + "): they must be ascending");
            }
        }
        for (double v : p) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("parameters " + describe(row, p) + " must be finite");
            }
        }
        List<Kink> ks = new ArrayList<>();
        List<Segment> at = new ArrayList<>();
        List<Boolean> jumps = new ArrayList<>();
        List<Double> betweens = new ArrayList<>();
        for (int i = 0; i < n; ) {
            int last = i;
            while (last + 1 < n && raw[last + 1] == raw[i]) {
                last++;
            }
            double k = raw[i];
            Segment left = row.pieces().get(i);
            Segment right = row.pieces().get(last + 1);
            double dMinus = left.slope(k, p);
            double dPlus = right.slope(k, p);
            boolean continuous = left.value(k, p) == right.value(k, p) && left.value(k, p) == row.atBreak().get(i).value(k, p);
            if (last > i || !continuous || dMinus != dPlus) {
                ks.add(new Kink(ks.size(), k, dMinus, dPlus));
                at.add(row.atBreak().get(i));
                jumps.add(!continuous);
                betweens.add(last > i ? row.pieces().get(i + 1).slope(k, p) : Double.NaN);
            }
            i = last + 1;
        }
        kinks = Collections.unmodifiableList(ks);
        points = new double[ks.size()];
        jump = new boolean[ks.size()];
        between = new double[ks.size()];
        for (int j = 0; j < points.length; j++) {
            points[j] = ks.get(j).point();
            jump[j] = jumps.get(j);
            between[j] = betweens.get(j);
        }
        atKink = at.toArray(new Segment[0]);
        PiecewiseKernel.Piece[] pieceCode = new PiecewiseKernel.Piece[row.pieces().size()];
        for (int i = 0; i < pieceCode.length; i++) {
            pieceCode[i] = compile(row.pieces().get(i), p);
        }
        PiecewiseKernel.Piece[] kinkCode = new PiecewiseKernel.Piece[atKink.length];
        for (int j = 0; j < kinkCode.length; j++) {
            kinkCode[j] = compile(atKink[j], p);
        }
        kernel = new PiecewiseKernel(raw, pieceCode, points, kinkCode);
        piecewiseLinear = row.piecewiseLinear();
    }

    /** A piece with its coefficients resolved, for the kernels: the same operations as {@link Segment#value}. */
    private static PiecewiseKernel.Piece compile(Segment seg, double[] p) {
        if (seg instanceof Segment.Constant c) {
            return PiecewiseKernel.Piece.constant(c.c().at(p));
        } else if (seg instanceof Segment.Linear l) {
            return PiecewiseKernel.Piece.linear(l.s().at(p), l.d(), l.b().at(p), !l.b().is(0));
        } else if (seg instanceof Segment.Quadratic q) {
            return PiecewiseKernel.Piece.quadratic(q.shift(), q.d());
        } else if (seg instanceof Segment.Expm1 e) {
            return PiecewiseKernel.Piece.expm1(e.a().at(p));
        }
        throw new IllegalArgumentException("no kernel for the piece " + seg);
    }

    /** {@return the compiled form run by {@link Kernels#piecewise} and {@link Kernels#piecewiseSlope}} */
    public PiecewiseKernel kernel() {
        return kernel;
    }

    /** {@return whether every piece is affine, so the slope is piecewise constant} */
    public boolean piecewiseLinear() {
        return piecewiseLinear;
    }

    /**
     * The policy's derivative at each kink, in order (the kernels' slopes there).
     *
     * @param family the family, for the policy's overrides
     * @param policy the kink policy
     * @return one slope per kink
     */
    public double[] kinkSlopes(Family family, KinkPolicy policy) {
        double[] s = new double[kinks.size()];
        for (int j = 0; j < s.length; j++) {
            s[j] = kinkSlope(j, family, policy);
        }
        return s;
    }

    /** Kink hits of the kernels as the ops layer's {@link HitSink} wants them: element and kink point. */
    PiecewiseKernel.Hits hitsTo(HitSink sink) {
        return (element, kink) -> sink.hit(element, points[kink]);
    }

    private static String describe(PiecewiseRow row, double[] p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(row.params().get(i)).append(" = ").append(p[i]);
        }
        return sb.append(')').toString();
    }

    /** {@return the family's row} */
    public PiecewiseRow row() {
        return row;
    }

    /** {@return the parameters, defaults filled in (a copy)} */
    public double[] params() {
        return p.clone();
    }

    /** Whether these are the given parameters (missing trailing ones meaning the defaults). */
    boolean hasParams(double[] given) {
        for (int i = 0; i < p.length; i++) {
            double g = i < given.length ? given[i] : row.defaults()[i];
            if (Double.doubleToRawLongBits(g) != Double.doubleToRawLongBits(p[i])) {
                return false;
            }
        }
        return given.length <= p.length;
    }

    /** {@return the kinks, ascending, with their one-sided derivatives} */
    public List<Kink> kinks() {
        return kinks;
    }

    /**
     * Whether the function jumps at kink {@code j} (not continuous: not abs-smooth there).
     *
     * @param j the kink's position in {@link #kinks()}
     * @return whether the function jumps there (not continuous: not abs-smooth there)
     */
    public boolean jumpsAt(int j) {
        return jump[j];
    }

    /** {@return whether the function is continuous (no kink is a jump)} */
    public boolean continuous() {
        for (boolean j : jump) {
            if (j) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the kink {@code x} sits on exactly, or −1.
     *
     * @param x a point
     * @return the index in {@link #kinks()} of the kink {@code x} sits on exactly, or −1
     */
    public int kinkIndex(double x) {
        for (int j = 0; j < points.length; j++) {
            if (x == points[j]) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The kink {@code x} sits on exactly, or null.
     *
     * @param x a point
     * @return the kink {@code x} sits on exactly, or null
     */
    public Kink kinkAt(double x) {
        int j = kinkIndex(x);
        return j < 0 ? null : kinks.get(j);
    }

    /**
     * The index of the piece holding {@code x} off the kinks: the number of breakpoints below it.
     *
     * @param x a point off the kinks
     * @return the number of breakpoints below {@code x}, the piece's index
     */
    public int pieceIndex(double x) {
        int i = 0;
        while (i < raw.length && raw[i] < x) {
            i++;
        }
        return i;
    }

    /**
     * The piece holding {@code x} off the kinks.
     *
     * @param x a point off the kinks
     * @return the analytic piece holding {@code x}
     */
    public Segment piece(double x) {
        return row.pieces().get(pieceIndex(x));
    }

    /**
     * The function at {@code x} (NaN at NaN).
     *
     * @param x a point
     * @return the function's value at {@code x} (NaN at NaN)
     */
    public double value(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        int j = kinkIndex(x);
        return j >= 0 ? atKink[j].value(x, p) : piece(x).value(x, p);
    }

    /**
     * The slope at {@code x}: the piece's derivative, or the policy's at a kink.
     *
     * @param x a point
     * @param family the family this function belongs to (for the policy's override)
     * @param policy gives the derivative at kinks
     * @return the piece's derivative at {@code x}, or the policy's derivative at a kink
     */
    public double slope(double x, Family family, KinkPolicy policy) {
        int j = kinkIndex(x);
        return j >= 0 ? kinkSlope(j, family, policy) : piece(x).slope(x, p);
    }

    /**
     * The policy's derivative at kink {@code j}; where breakpoints coincide, see
     * {@link KinkPolicy#derivativeAtMerged}.
     *
     * @param j      the kink's index
     * @param family the family, for the policy's overrides
     * @param policy the kink policy
     * @return the derivative AD uses at that kink
     */
    public double kinkSlope(int j, Family family, KinkPolicy policy) {
        return policy.derivativeAtMerged(family, kinks.get(j), between[j]);
    }

    /**
     * {@return the breakpoints' values at these parameters, ascending, with duplicates (one per
     * boundary between pieces)}
     */
    public double[] breakpoints() {
        return raw.clone();
    }
}
