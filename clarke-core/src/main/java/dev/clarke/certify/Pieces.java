package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.UnaryPiecewise;
import java.util.List;

/**
 * The pieces of an activation between its kinks, as the certificate needs them: which piece a
 * point lies on, whether that piece is constant, whether the activation is y ↦ y there, and its
 * slope. Claims of constancy or identity are made only where the pieces are known to be affine; a
 * piece not claimed constant is merely treated as a function of its input, which is always sound.
 */
final class Pieces {

    private final Activation activation;
    private final List<Kink> kinks;
    private final double[] points;

    private final boolean[] flat;
    private final double[] flatValue;

    Pieces(Activation activation) {
        this.activation = activation;
        this.kinks = activation.kinks();
        this.points = new double[kinks.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = kinks.get(i).point();
        }
        this.flat = new boolean[points.length + 1];
        this.flatValue = new double[points.length + 1];
        for (int q = 0; q < flat.length; q++) {
            flat[q] = isFlat(q);
            flatValue[q] = Double.NaN;
        }
    }

    /** The index of the kink at y, or −1. */
    int kinkIndex(double y) {
        for (int i = 0; i < points.length; i++) {
            if (y == points[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The activation's value at y, for y on a flat piece q: that piece's constant, computed once
     * (a certificate asks for every zero of a relu).
     */
    double flatValue(int q, double y) {
        double v = flatValue[q];
        if (Double.isNaN(v)) {
            v = activation.apply(y);
            flatValue[q] = v;
        }
        return v;
    }

    /** The kink with index i. */
    Kink kink(int i) {
        return kinks.get(i);
    }

    /** The piece of a non-kink point: the number of kinks below it. */
    int pieceIndex(double y) {
        int q = 0;
        for (double k : points) {
            if (k < y) {
                q++;
            }
        }
        return q;
    }

    /**
     * Whether piece q is constant: for a piecewise-linear activation, a piece whose one-sided
     * derivatives at its bounding kinks are 0 (relu's left piece, softshrink's middle one); of the
     * others only hardswish's left piece (0 below −3) is trusted.
     */
    boolean flat(int q) {
        return flat[q];
    }

    private boolean isFlat(int q) {
        boolean linear = activation.isPiecewiseLinear();
        if (!linear && !(activation.family() == Family.HARDSWISH && q == 0)) {
            return false;
        }
        boolean left = q == 0 || kinks.get(q - 1).dPlus() == 0;
        boolean right = q == kinks.size() || kinks.get(q).dMinus() == 0;
        return left && right;
    }

    /** Whether the activation is y ↦ y on the (affine) piece containing the non-kink point y. */
    boolean identityAt(double y) {
        return activation.isPiecewiseLinear() && slope(y) == 1 && activation.apply(y) == y;
    }

    /** The derivative at a non-kink point. */
    double slope(double y) {
        return UnaryPiecewise.slope(activation.family(), y, activation.params(), KinkPolicy.mid());
    }
}
