package dev.clarke.ad;

/**
 * One gradient from a {@link Tape}: the program's value and gradient at the given inputs, the kink
 * hits with their adjoints, and whether the tape was replayed or the program recorded afresh.
 *
 * @param value    the program's value
 * @param gradient ∂value/∂x, one entry per input, in the program's order
 * @param kinks    the exact kink hits of this evaluation, with the adjoints reverse mode gave them
 * @param replayed true if the recorded tape was re-run; false if the program was recorded again
 *                 (a guard changed, or the tape cannot be replayed)
 */
public record TapeGradient(double value, double[] gradient, KinkLog kinks, boolean replayed) {
}
