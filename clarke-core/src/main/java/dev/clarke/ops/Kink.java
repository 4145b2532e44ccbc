package dev.clarke.ops;

/**
 * One kink of a piecewise primitive: the point on its switching variable where two analytic pieces
 * meet, and the one-sided derivatives there along the primitive's primary input.
 *
 * @param index  position among the primitive's kinks, in ascending order of {@code point}
 * @param point  the value of the switching variable at the kink
 * @param dMinus derivative of the piece on the side where the switching variable is negative (D⁻)
 * @param dPlus  derivative of the piece on the side where the switching variable is positive (D⁺)
 */
public record Kink(int index, double point, double dMinus, double dPlus) {

    /**
     * Whether {@code value} lies between the two one-sided derivatives (inclusive).
     *
     * @param value a candidate derivative
     * @return whether it lies between D⁻ and D⁺ (inclusive, in either order): a Clarke subgradient
     */
    public boolean isBetweenOneSided(double value) {
        return value >= Math.min(dMinus, dPlus) && value <= Math.max(dMinus, dPlus);
    }
}
