package dev.clarke.ad;

/**
 * One {@code cond} (the language's {@code if}) on the trace: the test {@code lhs OP rhs} on the
 * values it saw, and which branch ran. A test with {@code lhs == rhs} puts the input on the
 * boundary between the two branches' pieces.
 *
 * @param lhsNode node id of the left operand (−1 if untraced)
 * @param rhsNode node id of the right operand (−1 if untraced)
 * @param op      the comparison
 * @param lhs     the left value
 * @param rhs     the right value
 * @param taken   true if the then-branch ran
 */
public record BranchRecord(int lhsNode, int rhsNode, Comparison op, double lhs, double rhs, boolean taken) {

    /**
     * {@return whether the test sat exactly on its boundary ({@code lhs == rhs}), where the
     * branches' pieces meet}
     */
    public boolean onBoundary() {
        return lhs == rhs;
    }
}
