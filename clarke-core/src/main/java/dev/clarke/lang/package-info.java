/**
 * The expression language of the command line ({@code clarke grad EXPR --at x=0}): one expression
 * over numbers, variables, the infix operators {@code + - * / ^}, calls of the primitives by name,
 * {@code let v = e1 in e2}, the lazy conditional {@code if (e1 OP e2) e3 else e4} of the PAP
 * language (only the taken branch runs and is differentiated, the test contributes no derivative),
 * the eager elementwise {@code where(e1 OP e2, a, b)}, vector literals {@code [e1, e2]} and indexing
 * {@code e[i]}. {@link dev.clarke.lang.Program#parse} turns source text into an immutable
 * {@link dev.clarke.lang.Expr} tree, checking statically what the text alone decides (syntax,
 * function names, arities, literal arguments) and reporting it as a
 * {@link dev.clarke.lang.SyntaxError}; {@link dev.clarke.lang.Program#evaluate} then records the
 * program on a {@link dev.clarke.ad.Trace} as calls of {@link dev.clarke.ad.Var} methods, reporting
 * what depends on the inputs (unknown variables, shapes, index ranges) as an
 * {@link dev.clarke.lang.EvaluationError}, both with a line:column and a caret under the source.
 * {@link dev.clarke.lang.Selections} lowers the {@code if}s whose branches provably agree on their
 * boundary (an exact polynomial identity) to max/min form, for the abs-normal certifier.
 */
package dev.clarke.lang;
