/**
 * PAP functions and intensional derivatives (Lee, Yu, Rival, Yang 2020), as data and as checks.
 * {@link dev.clarke.pap.Analytic} expressions are the analytic branches;
 * {@link dev.clarke.pap.AnalyticSet}s (constraints {@code g > 0} and {@code g ≤ 0}) and
 * {@link dev.clarke.pap.Piece}s make up each primitive's {@link dev.clarke.pap.PapRepresentation}
 * ({@link dev.clarke.pap.Declarations} for the built-in ones, {@link dev.clarke.pap.UserPrimitive}
 * for registered ones). Reading a trace back, {@link dev.clarke.pap.InducedRepresentation} finds the
 * piece of the whole program containing an input and its frozen straight-line branch, and
 * {@link dev.clarke.pap.IntensionalChecker} decides whether a gradient is the derivative of that
 * branch — computed by its own forward mode over the branch, independent of the reverse pass.
 */
package dev.clarke.pap;
