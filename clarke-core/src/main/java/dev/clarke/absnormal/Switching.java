package dev.clarke.absnormal;

/**
 * One switching variable z_i of an abs-normal form: the argument of one {@code abs} after lowering.
 *
 * @param index   i, the position in evaluation order (row i of Z and L)
 * @param op      the primitive it comes from ({@code relu}, {@code clamp}, {@code max}, ...)
 * @param node    the primitive's node id on the trace
 * @param element the output element of the primitive
 * @param formula the switching variable in words, e.g. {@code x - 6} for relu6's upper kink
 * @param value   z̊_i, its value at the point (0 exactly: an active kink)
 * @param adSigma the σ_i of reverse mode: sign z̊_i off kinks; on a kink the c_i that reproduces
 *                the policy's derivative through the lowering (c = 1 − 2λ for a uniform λ)
 * @param exact   whether z_i equals its model near the point (affine in the inputs and the earlier
 *                |z_j|, every operation on the way affine in its varying operands): then the sign
 *                patterns realised near the point are exactly the linear model's realisable ones
 */
public record Switching(int index, String op, int node, int element, String formula, double value,
                        double adSigma, boolean exact) {

    /** {@return whether the point lies on this kink: z̊_i == 0 exactly ({@code -0.0} included)} */
    public boolean active() {
        return value == 0;
    }
}
