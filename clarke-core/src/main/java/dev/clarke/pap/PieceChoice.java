package dev.clarke.pap;

/**
 * Which piece one primitive call (one element of it) or one {@code if} chose on a trace.
 *
 * @param node     the node id on the trace (for an {@code if}, −1)
 * @param op       the primitive, or {@code if}
 * @param element  the element of the primitive's output (0 for scalars and {@code if})
 * @param piece    the piece's label, e.g. {@code 0 < x < inf}, {@code kink x = 0}, {@code then}
 * @param onKink   whether the input lies on a lower-dimensional piece (a kink or tie) or, for an
 *                 {@code if}, exactly on the test's boundary
 * @param input    the primitive's input value(s) there, or the test's two sides
 */
public record PieceChoice(int node, String op, int element, String piece, boolean onKink, double[] input) {
}
