package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.ops.Coef;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.Kink;
import dev.clarke.ops.PiecewiseRow;
import dev.clarke.ops.Segment;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A piecewise-linear activation in exact arithmetic, read off its family's row: kink points,
 * one-sided derivatives D⁻, D⁺, value, the slope of the piece containing a non-kink point, and the
 * derivative a {@link KinkPolicy} assigns at each kink. A parameter (leaky_relu's α, softshrink's λ)
 * is read as the decimal it prints as ({@code 0.01} is exactly 1/100); the row's constants are
 * doubles and exact as they are (hardsigmoid's slope 1/6 is the quotient of two). Activations with
 * a non-affine piece (hardswish, elu) are rejected.
 */
final class ExactActivation {

    final Activation activation;
    final Rational[] points;
    final Rational[] dMinus;
    final Rational[] dPlus;
    private final Rational[] params;
    private final PiecewiseRow row;
    /** Breakpoints with duplicates, one per boundary between pieces. */
    private final Rational[] breaks;

    ExactActivation(Activation a) {
        if (!a.isPiecewiseLinear()) {
            throw new UnsupportedOperationException(a.id() + " is not piecewise linear: the exact oracle handles "
                    + String.join(", ", Activation.piecewiseLinearNames()));
        }
        this.activation = a;
        this.row = a.family().row();
        double[] p = a.params();
        params = new Rational[p.length];
        for (int i = 0; i < p.length; i++) {
            params[i] = Rational.of(new BigDecimal(Double.toString(p[i])));
        }
        List<Coef> bs = row.breakpoints();
        breaks = new Rational[bs.size()];
        for (int i = 0; i < breaks.length; i++) {
            breaks[i] = exact(bs.get(i));
        }
        List<Kink> kinks = a.kinks();
        points = new Rational[kinks.size()];
        dMinus = new Rational[kinks.size()];
        dPlus = new Rational[kinks.size()];
        for (int k = 0; k < points.length; k++) {
            points[k] = breakAt(kinks.get(k).point());
            dMinus[k] = slopeOf(row.pieces().get(firstBreak(points[k])));
            dPlus[k] = slopeOf(row.pieces().get(lastBreak(points[k]) + 1));
        }
    }

    private Rational exact(Coef c) {
        return c.param() < 0 ? Rational.of(c.constant()) : Rational.of(c.factor()).mul(params[c.param()]);
    }

    /** The exact breakpoint whose double is {@code point}. */
    private Rational breakAt(double point) {
        for (Rational b : breaks) {
            if (b.doubleValue() == point) {
                return b;
            }
        }
        throw new AssertionError("no breakpoint at " + point);
    }

    private int firstBreak(Rational y) {
        for (int i = 0; i < breaks.length; i++) {
            if (breaks[i].equals(y)) {
                return i;
            }
        }
        return -1;
    }

    private int lastBreak(Rational y) {
        int last = -1;
        for (int i = 0; i < breaks.length; i++) {
            if (breaks[i].equals(y)) {
                last = i;
            }
        }
        return last;
    }

    /** The derivative of an affine piece. */
    private Rational slopeOf(Segment s) {
        if (s instanceof Segment.Linear l) {
            return exact(l.s()).div(Rational.of(l.d()));
        }
        return Rational.ZERO; // a constant piece
    }

    /** An affine piece at y. */
    private Rational valueOf(Segment s, Rational y) {
        if (s instanceof Segment.Linear l) {
            return exact(l.s()).mul(y).div(Rational.of(l.d())).add(exact(l.b()));
        }
        return exact(((Segment.Constant) s).c());
    }

    /** The piece holding y off the breakpoints: the number of breakpoints below it. */
    private Segment piece(Rational y) {
        int i = 0;
        while (i < breaks.length && breaks[i].compareTo(y) < 0) {
            i++;
        }
        return row.pieces().get(i);
    }

    /** Index of the kink at y, or −1. */
    int kinkAt(Rational y) {
        for (int k = 0; k < points.length; k++) {
            if (points[k].equals(y)) {
                return k;
            }
        }
        return -1;
    }

    /** ρ(y). */
    Rational apply(Rational y) {
        int b = firstBreak(y);
        return valueOf(b >= 0 ? row.atBreak().get(b) : piece(y), y);
    }

    /** The slope of the piece containing y, which is not a kink. */
    Rational slope(Rational y) {
        return slopeOf(piece(y));
    }

    /**
     * The derivative AD uses at kink k under {@code policy}, exactly: the override, the zero-width
     * piece's slope where breakpoints coincide and the policy takes it ({@link KinkPolicy#derivativeAtMerged}),
     * or λ·D⁻ + (1 − λ)·D⁺ with the exact (dyadic) λ.
     */
    Rational proxy(KinkPolicy policy, int k) {
        OptionalDouble v = policy.override(activation.family());
        if (v.isPresent()) {
            return Rational.of(v.getAsDouble());
        }
        int first = firstBreak(points[k]);
        if (policy.takesZeroWidthPieces() && lastBreak(points[k]) > first) {
            return slopeOf(row.pieces().get(first + 1));
        }
        Rational l = Rational.of(policy.lambda(activation.family(), k));
        return l.mul(dMinus[k]).add(Rational.ONE.sub(l).mul(dPlus[k]));
    }
}
