package dev.clarke.pap;

/**
 * One piece of a PAP representation: an analytic set and the analytic branch that equals the
 * function on it. Lower-dimensional pieces (a kink, a tie) carry the branch whose derivative the
 * kink policy chose.
 *
 * @param label            a short name, e.g. {@code x > 0} or {@code kink at 0}
 * @param set              where the piece is
 * @param branch           the analytic function on an open superset of the set
 * @param lowerDimensional whether the set has measure zero (a kink or a tie)
 */
public record Piece(String label, AnalyticSet set, Analytic branch, boolean lowerDimensional) {
}
