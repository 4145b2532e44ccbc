package dev.clarke.pap;

import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.Comparison;
import dev.clarke.ad.Op;
import dev.clarke.ad.Step;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PAP representation a program induces at an input: the piece of the whole program that
 * contains it — the conjunction of every primitive call's piece constraints and every {@code if}
 * test along the trace, composed back to the program's inputs — and the frozen straight-line
 * analytic branch that equals the program on that piece.
 *
 * @param branch  the frozen branch: the program's output as an analytic function of its input
 *                elements (argument i is the i-th input element, in the order inputs were made)
 * @param piece   the piece, as constraints over the same arguments
 * @param choices the piece chosen by every primitive call (and each element of it) and every {@code if}
 * @param arity   the number of input elements
 * @param inconsistencies lower-dimensional pieces whose branch is not tangentially consistent with
 *                the primitive (empty for the built-in primitives; possible for user primitives)
 * @param freeParameters number of free kink parameters (0 unless built in free mode)
 */
public record InducedRepresentation(Analytic branch, AnalyticSet piece, List<PieceChoice> choices, int arity,
                                    List<String> inconsistencies, int freeParameters) {

    /**
     * Reads the representation off a retained trace, for its scalar output {@code y}.
     *
     * @param trace a trace kept after the pass (not released), holding {@code y}
     * @param y the one-element output of the program on {@code trace}
     * @param custom PAP representations of user primitives by operation name (see {@link UserPrimitive})
     * @return the branch, piece and kink choices of the PAP representation the trace's run selects
     * @throws UnsupportedOperationException for operations it cannot replay (e.g. batched matmul)
     */
    public static InducedRepresentation of(Trace trace, Var y, Map<String, PapRepresentation> custom) {
        return of(trace, y, custom, false);
    }

    /**
     * As {@link #of(Trace, Var, Map)}; with {@code free}, every lower-dimensional piece's branch gets
     * free parameters (arguments {@code arity}, {@code arity + 1}, ...), so the branch describes every
     * intensional derivative a PAP representation can give there, not just the policy's.
     */
    static InducedRepresentation of(Trace trace, Var y, Map<String, PapRepresentation> custom, boolean free) {
        if (y.value().size() != 1) {
            throw new IllegalArgumentException("the induced representation needs a scalar output, got " + y.shape());
        }
        List<Step> steps = trace.steps();
        int inputs = 0;
        for (Step s : steps) {
            if (s.op() == Op.INPUT) {
                inputs += s.output().value().size();
            }
        }
        SymbolicReplay replay = new SymbolicReplay(trace.policy(), custom, free ? inputs : -1);
        if (steps.isEmpty() && trace.size() == 0 && y.nodeId() >= 0) {
            throw new IllegalStateException("the trace was released: record with Backward.RETAIN to inspect it");
        }
        replay.setSteps(steps);
        for (Step s : steps) {
            replay.replay(s);
        }
        List<PieceChoice> choices = new ArrayList<>(replay.choices());
        for (BranchRecord b : trace.branches()) {
            Analytic lhs = side(replay, steps, b.lhsNode(), b.lhs());
            Analytic rhs = side(replay, steps, b.rhsNode(), b.rhs());
            replay.addConstraint(testSet(b.op(), b.taken(), lhs, rhs));
            choices.add(new PieceChoice(-1, "if", 0,
                    (b.taken() ? "then: " : "else: ") + "lhs " + (b.taken() ? b.op().symbol() : negated(b.op())) + " rhs",
                    b.onBoundary(), new double[] {b.lhs(), b.rhs()}));
        }
        Analytic branch = replay.of(y)[0];
        return new InducedRepresentation(branch, replay.piece(), List.copyOf(choices), replay.arguments(),
                List.copyOf(replay.inconsistencies()), replay.freeParameters());
    }

    private static Analytic side(SymbolicReplay replay, List<Step> steps, int node, double value) {
        if (node < 0) {
            return Analytic.c(value);
        }
        return replay.of(steps.get(node).output())[0];
    }

    /** The analytic set of inputs for which the test {@code lhs OP rhs} comes out as {@code taken}. */
    static AnalyticSet testSet(Comparison op, boolean taken, Analytic lhs, Analytic rhs) {
        Analytic d = lhs.minus(rhs);
        Analytic e = rhs.minus(lhs);
        switch (op) {
            case GT: return taken ? AnalyticSet.positive(d) : AnalyticSet.nonPositive(d);
            case GE: return taken ? AnalyticSet.nonPositive(e) : AnalyticSet.positive(e);
            case LT: return taken ? AnalyticSet.positive(e) : AnalyticSet.nonPositive(e);
            default: return taken ? AnalyticSet.nonPositive(d) : AnalyticSet.positive(d);
        }
    }

    private static String negated(Comparison op) {
        switch (op) {
            case GT: return "<=";
            case GE: return "<";
            case LT: return ">=";
            default: return ">";
        }
    }
}
