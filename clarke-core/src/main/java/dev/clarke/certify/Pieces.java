package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.UnaryPiecewise;
import java.util.List;

/**
 * The pieces of an activation between its kinks, as the certificate needs them: which piece a
 * point lies on, whether that piece is constant (an outer piece whose one-sided derivative at the
 * bounding kink is 0: relu, relu6, hardtanh, hardsigmoid and hardswish on the left, relu6, hardtanh
 * and hardsigmoid on the right — every outer piece of these activations is affine), whether the
 * activation is y ↦ y there, and its slope.
 */
final class Pieces {

    private final Activation activation;
    private final List<Kink> kinks;

    Pieces(Activation activation) {
        this.activation = activation;
        this.kinks = activation.kinks();
    }

    /** The index of the kink at y, or −1. */
    int kinkIndex(double y) {
        Kink k = activation.kinkAt(y);
        return k == null ? -1 : k.index();
    }

    /** The kink with index i. */
    Kink kink(int i) {
        return kinks.get(i);
    }

    /** The piece of a non-kink point: the number of kinks below it. */
    int pieceIndex(double y) {
        int q = 0;
        for (Kink k : kinks) {
            if (k.point() < y) {
                q++;
            }
        }
        return q;
    }

    /** Whether piece q is constant. */
    boolean flat(int q) {
        if (kinks.isEmpty()) {
            return false; // one analytic piece (elu with α = 1)
        }
        if (q == 0) {
            return kinks.get(0).dMinus() == 0;
        }
        if (q == kinks.size()) {
            return kinks.get(q - 1).dPlus() == 0;
        }
        return false;
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
