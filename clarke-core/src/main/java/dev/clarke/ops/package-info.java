/**
 * The primitives' kink semantics. Which primitives are piecewise ({@link dev.clarke.ops.Family}),
 * each one-input family defined by one row of data ({@link dev.clarke.ops.PiecewiseRow}: parameters
 * with defaults, breakpoints, one analytic {@link dev.clarke.ops.Segment} per interval, PyTorch's
 * measured λ) from which everything else is derived: where the kinks lie and what the one-sided
 * derivatives D⁻ and D⁺ are there ({@link dev.clarke.ops.PiecewiseFunction},
 * {@link dev.clarke.ops.Kink}); the single {@link dev.clarke.ops.KinkPolicy} that turns those into
 * the derivative AD uses at a kink ({@code λ·D⁻ + (1−λ)·D⁺} along the documented switching
 * variable); and the value and slope kernels, the row compiled at its parameters into a
 * {@link dev.clarke.tensor.PiecewiseKernel} ({@link dev.clarke.ops.UnaryPiecewise}), whose loops
 * detect kink hits exactly in the working dtype. This layer knows tensors but not traces: the AD layer above composes these
 * kernels into differentiable operations.
 */
package dev.clarke.ops;
