package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import java.math.BigDecimal;

/**
 * A piecewise-linear activation in exact arithmetic: its kink points and one-sided derivatives
 * D⁻, D⁺ as rationals, its value, the slope of the piece containing a non-kink point, and the
 * derivative a {@link KinkPolicy} assigns at each kink. leaky_relu's α is read as the decimal it
 * prints as ({@code 0.01} is exactly 1/100). hardswish is rejected: it is not piecewise linear.
 */
final class ExactActivation {

    private static final Rational SIXTH = Rational.of(1, 6);
    private static final Rational HALF = Rational.of(1, 2);

    final Activation activation;
    final Rational[] points;
    final Rational[] dMinus;
    final Rational[] dPlus;
    private final Rational alpha;

    ExactActivation(Activation a) {
        if (!a.isPiecewiseLinear()) {
            throw new UnsupportedOperationException(a.id() + " is not piecewise linear: the exact oracle handles "
                    + "relu, leaky_relu, relu6, hardtanh, hardsigmoid and abs");
        }
        this.activation = a;
        this.alpha = Rational.of(new BigDecimal(Double.toString(a.slope())));
        Rational z = Rational.ZERO;
        Rational o = Rational.ONE;
        switch (a.family()) {
            case RELU: points = r(z); dMinus = r(z); dPlus = r(o); break;
            case LEAKY_RELU: points = r(z); dMinus = r(alpha); dPlus = r(o); break;
            case ABS: points = r(z); dMinus = r(o.negate()); dPlus = r(o); break;
            case RELU6: points = r(z, Rational.of(6)); dMinus = r(z, o); dPlus = r(o, z); break;
            case HARDTANH: points = r(o.negate(), o); dMinus = r(z, o); dPlus = r(o, z); break;
            case HARDSIGMOID: points = r(Rational.of(-3), Rational.of(3)); dMinus = r(z, SIXTH); dPlus = r(SIXTH, z); break;
            default: throw new AssertionError(a);
        }
    }

    private static Rational[] r(Rational... v) {
        return v;
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
        switch (activation.family()) {
            case RELU: return y.signum() > 0 ? y : Rational.ZERO;
            case LEAKY_RELU: return y.signum() > 0 ? y : alpha.mul(y);
            case ABS: return y.signum() < 0 ? y.negate() : y;
            case RELU6: return clamp(y, Rational.ZERO, Rational.of(6));
            case HARDTANH: return clamp(y, Rational.ONE.negate(), Rational.ONE);
            default: return clamp(y.mul(SIXTH).add(HALF), Rational.ZERO, Rational.ONE);
        }
    }

    private static Rational clamp(Rational y, Rational lo, Rational hi) {
        return y.compareTo(lo) < 0 ? lo : y.compareTo(hi) > 0 ? hi : y;
    }

    /** The slope of the piece containing y, which is not a kink. */
    Rational slope(Rational y) {
        switch (activation.family()) {
            case RELU: return y.signum() > 0 ? Rational.ONE : Rational.ZERO;
            case LEAKY_RELU: return y.signum() > 0 ? Rational.ONE : alpha;
            case ABS: return y.signum() > 0 ? Rational.ONE : Rational.ONE.negate();
            default:
                boolean inside = y.compareTo(points[0]) > 0 && y.compareTo(points[1]) < 0;
                return !inside ? Rational.ZERO : activation.family() == Family.HARDSIGMOID ? SIXTH : Rational.ONE;
        }
    }

    /** The derivative AD uses at kink k under {@code policy}, exactly: the override, or λ·D⁻ + (1 − λ)·D⁺ with the exact (dyadic) λ. */
    Rational proxy(KinkPolicy policy, int k) {
        java.util.OptionalDouble v = policy.override(activation.family());
        if (v.isPresent()) {
            return Rational.of(v.getAsDouble());
        }
        Rational l = Rational.of(policy.lambda(activation.family(), k));
        return l.mul(dMinus[k]).add(Rational.ONE.sub(l).mul(dPlus[k]));
    }
}
