/**
 * The AD engine: a {@link dev.clarke.ad.Trace} recorded define-by-run as a program runs on
 * {@link dev.clarke.ad.Var}s, and interpreters over it — the eager value pass that logs every kink
 * hit ({@link dev.clarke.ad.KinkLog}), reverse mode ({@code grad}, {@code vjp}), forward mode
 * ({@code jvp}) and nested differentiation (backward passes that are themselves recorded). Every
 * derivative rule is written with differentiable operations, next to its operation, so any rule
 * can be differentiated again; the derivative at a kink comes from the trace's
 * {@link dev.clarke.ops.KinkPolicy} and nowhere else. Nodes over F64 scalars also carry their local
 * partials, so a plain backward pass over a long scalar program runs on doubles, with the same bits.
 * Each node's {@link dev.clarke.ad.Op} is typed, and each operation has one rule object
 * ({@code Node.Rule}: vjp, jvp and the scalar fast path) shared by all its nodes, which reads the
 * operands off the node. The trace is kept slim: a recorded value is its own node, recording makes
 * no closures, and a plain backward pass cuts each node's links once it has passed it. A scalar
 * program run many times can be flattened once into a {@link dev.clarke.ad.Tape} (arrays, no node
 * objects) and replayed at new inputs, guarded by every decision the recording took, with the same
 * bits as recording again.
 */
package dev.clarke.ad;
