package dev.clarke.ad;

import dev.clarke.ops.Family;
import java.util.List;

/**
 * A read-only view of one recorded operation, for analyses that consume a trace.
 *
 * @param id       node id (index on the trace)
 * @param op       the operation (switch over it: the set is closed)
 * @param name     the name shown for it: the operation's ({@code add}, {@code matmul}), the piecewise
 *                 family's ({@code relu}) or the user primitive's
 * @param family   the piecewise family of a {@link Op#PIECEWISE}, {@link Op#MAX_MIN} or
 *                 {@link Op#REDUCE_EXTREME} step, else null
 * @param inputs   the operands (constants have {@link Var#nodeId()} −1)
 * @param output   the result
 * @param attr     non-input parameters, or null
 * @param hitStart first index of this operation's hits in the {@link KinkLog}
 * @param hitEnd   one past its last hit
 */
public record Step(int id, Op op, String name, Family family, List<Var> inputs, Var output, Attr attr, int hitStart,
                   int hitEnd) {
}
