package dev.clarke.ops;

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
    /** The pieces, then the kinks' value pieces, compiled for the array loops ({@link #values}, {@link #slopes}). */
    private final Compiled[] pieceCode;
    private final Compiled[] kinkCode;

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
            }
            i = last + 1;
        }
        kinks = Collections.unmodifiableList(ks);
        points = new double[ks.size()];
        jump = new boolean[ks.size()];
        for (int j = 0; j < points.length; j++) {
            points[j] = ks.get(j).point();
            jump[j] = jumps.get(j);
        }
        atKink = at.toArray(new Segment[0]);
        pieceCode = new Compiled[row.pieces().size()];
        for (int i = 0; i < pieceCode.length; i++) {
            pieceCode[i] = new Compiled(row.pieces().get(i), p);
        }
        kinkCode = new Compiled[atKink.length];
        for (int j = 0; j < kinkCode.length; j++) {
            kinkCode[j] = new Compiled(atKink[j], p);
        }
    }

    /**
     * A piece with its coefficients resolved, evaluated by a switch instead of a call through
     * {@link Segment} (whose call sites see every kind of piece): the same operations in the same
     * order as {@link Segment#value}, so the same bits.
     */
    private static final class Compiled {
        static final int CONSTANT = 0;
        static final int LINEAR = 1;
        static final int OTHER = 2;
        final int kind;
        final double s;
        final double d;
        final double b;
        final boolean noOffset;
        final double slope;
        final Segment segment;
        final double[] p;

        Compiled(Segment seg, double[] p) {
            this.segment = seg;
            this.p = p;
            if (seg instanceof Segment.Constant c) {
                kind = CONSTANT;
                s = 0;
                d = 1;
                b = c.c().at(p);
                noOffset = false;
            } else if (seg instanceof Segment.Linear l) {
                kind = LINEAR;
                s = l.s().at(p);
                d = l.d();
                b = l.b().at(p);
                noOffset = l.b().is(0);
            } else {
                kind = OTHER;
                s = 0;
                d = 1;
                b = 0;
                noOffset = true;
            }
            slope = kind == OTHER ? Double.NaN : seg.slope(0, p);
        }

        double value(double x) {
            switch (kind) {
                case CONSTANT:
                    return b;
                case LINEAR: {
                    double v = s == 1 ? x : s == -1 ? -x : s * x;
                    if (d != 1) {
                        v = v / d;
                    }
                    return noOffset ? v : v + b;
                }
                default:
                    return segment.value(x, p);
            }
        }

        double slope(double x) {
            return kind == OTHER ? segment.slope(x, p) : slope;
        }
    }

    /**
     * The function over an array, with kink detection fused into the loop: hits go to {@code sink}
     * (null: none) with the element index and the kink point. Bit for bit {@link #value} per element.
     *
     * @param in the points to evaluate at
     * @param out receives the values, at least as long as {@code in}
     * @param sink receives each kink hit; null for no detection
     */
    public void values(double[] in, double[] out, HitSink sink) {
        int nk = points.length;
        int nb = raw.length;
        for (int i = 0; i < in.length; i++) {
            double v = in[i];
            if (v != v) {
                out[i] = v;
                continue;
            }
            int j = 0;
            while (j < nk && v != points[j]) {
                j++;
            }
            if (j < nk) {
                out[i] = kinkCode[j].value(v);
                if (sink != null) {
                    sink.hit(i, points[j]);
                }
                continue;
            }
            int q = 0;
            while (q < nb && raw[q] < v) {
                q++;
            }
            out[i] = pieceCode[q].value(v);
        }
    }

    /**
     * The slopes over an array: bit for bit {@link #slope} per element.
     *
     * @param in the points to evaluate at
     * @param out receives the slopes, at least as long as {@code in}
     * @param family the family this function belongs to (for the policy's override)
     * @param policy gives the derivative at kinks
     */
    public void slopes(double[] in, double[] out, Family family, KinkPolicy policy) {
        int nk = points.length;
        int nb = raw.length;
        double[] atKinks = new double[nk];
        for (int j = 0; j < nk; j++) {
            atKinks[j] = policy.derivative(family, kinks.get(j));
        }
        for (int i = 0; i < in.length; i++) {
            double v = in[i];
            int j = 0;
            while (j < nk && v != points[j]) {
                j++;
            }
            if (j < nk) {
                out[i] = atKinks[j];
                continue;
            }
            int q = 0;
            while (q < nb && raw[q] < v) {
                q++;
            }
            out[i] = pieceCode[q].slope(v);
        }
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
        return j >= 0 ? policy.derivative(family, kinks.get(j)) : piece(x).slope(x, p);
    }

    /**
     * {@return the breakpoints' values at these parameters, ascending, with duplicates (one per
     * boundary between pieces)}
     */
    public double[] breakpoints() {
        return raw.clone();
    }
}
