package dev.clarke.absnormal;

/**
 * A Euclidean norm at its zero, sqrt(Σ c_k·t_k²) with every t_k = 0 at the point and c_k &gt; 0: a
 * Lipschitz function that is not abs-smooth when the rows √c_k·∇t_k span two or more dimensions.
 * The form keeps it as switching variable {@code index}, whose row is zero and whose |z| stands for
 * the norm ‖T·Δx‖ to first order; {@link Certifier} decides it with the chain rule (the norm is
 * convex, hence regular: its Clarke gradient at 0 is Tᵀ·B, B the unit ball).
 *
 * @param index    the switching variable standing for the norm
 * @param jacobian T, one row √c_k·∇t_k per squared term (over the form's inputs)
 * @param exact    whether every t_k is affine near the point, so the norm is ‖T·Δx‖ exactly and its
 *                 direction t/‖t‖ is T·d/‖T·d‖ at every nearby point x̊ + d
 */
public record EuclideanNorm(int index, double[][] jacobian, boolean exact) {
}
