package dev.clarke.certify;

import java.util.Arrays;

/**
 * The derivative of one scalar of a forward pass with respect to the parameters of the nearest
 * layer with parameters below it, P, when the path from P is linear (no genuine kink on it):
 * {@code scale · (coef, 1)} on the parameters of one block of P (a convolution's output channel:
 * its weights and bias; a linear layer's neuron: its column and bias), coef being the block's input
 * (the patch, or the input row). {@link #ZERO} for a scalar that does not depend on P at all.
 *
 * @param layer the index of P (−1 for {@link #ZERO})
 * @param block the block of P
 * @param scale the product of the activation slopes on the path (0 for {@link #ZERO})
 * @param coef  the block's input values, in weight order
 */
record PathTangent(int layer, int block, double scale, double[] coef) {

    /** The zero derivative. */
    static final PathTangent ZERO = new PathTangent(-1, -1, 0, new double[0]);

    /** Whether this is the zero derivative. */
    boolean isZero() {
        return scale == 0;
    }

    /** This tangent times s. */
    PathTangent scaled(double s) {
        return s == 0 ? ZERO : new PathTangent(layer, block, scale * s, coef);
    }

    /**
     * Whether the two are parallel: the same block and the same input. Because of the bias
     * coordinate, parallel tangents differ only by their scale.
     */
    boolean parallel(PathTangent o) {
        return !isZero() && !o.isZero() && layer == o.layer && block == o.block && Arrays.equals(coef, o.coef);
    }

    /** Whether the two are the same vector. */
    boolean same(PathTangent o) {
        return isZero() ? o.isZero() : parallel(o) && scale == o.scale;
    }
}
