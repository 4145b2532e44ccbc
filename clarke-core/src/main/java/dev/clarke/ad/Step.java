package dev.clarke.ad;

import java.util.List;

/**
 * A read-only view of one recorded operation, for analyses that consume a trace.
 *
 * @param id       node id (index on the trace)
 * @param op       the operation's name ({@code add}, {@code relu}, {@code matmul}, ...)
 * @param inputs   the operands (constants have {@link Var#nodeId()} −1)
 * @param output   the result
 * @param attr     non-input parameters, or null
 * @param hitStart first index of this operation's hits in the {@link KinkLog}
 * @param hitEnd   one past its last hit
 */
public record Step(int id, String op, List<Var> inputs, Var output, Attr attr, int hitStart, int hitEnd) {
}
