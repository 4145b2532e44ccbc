/**
 * Tensors and their kernels, the bottom layer of Clarke: immutable {@link dev.clarke.tensor.Shape}s
 * with numpy broadcasting, contiguous row-major {@link dev.clarke.tensor.Tensor}s stored in primitive
 * arrays ({@code double[]} for F64, {@code float[]} for F32 and the emulated BF16 and F16, whose
 * values are rounded to nearest-even after every operation by {@link dev.clarke.tensor.DType#round}),
 * and the narrow {@link dev.clarke.tensor.Kernels} interface through which every computation goes, so
 * that a faster backend can replace the pure-Java one: {@link dev.clarke.tensor.Kernels#get()} is the
 * Vector API backend when the JVM runs with {@code --add-modules jdk.incubator.vector} and the
 * pure-Java one otherwise, and the two agree bit for bit. Hot loops run over the primitive arrays
 * without boxing or per-element virtual calls; the matrix product is blocked, reads transposed
 * operands through index arithmetic, and splits large products over the cores with results that do
 * not depend on the number of threads; every product step is one fused multiply-add. Convolutions
 * ({@link dev.clarke.tensor.ConvGeometry}: strides, padding, dilation, groups) have the bits of the
 * patch-matrix formulation: one product per sample on the matrix kernels in pure Java, direct kernels
 * without patch matrices on the vector backend; {@link dev.clarke.tensor.Pooling} reduces max-pooling
 * windows in one pass, keeps each window's maximal element ({@link dev.clarke.tensor.MaxPoolSelection})
 * and reports tied windows to a callback. A {@link dev.clarke.tensor.Workspace} recycles tensor storage
 * from one training step to the next, so that a step's steady state takes no arrays from the heap.
 * A one-input piecewise function arrives compiled ({@link dev.clarke.tensor.PiecewiseKernel}:
 * breakpoints, kinks and pieces as coefficients), so the value kernel, with its exact kink detection
 * in the same loop, and the slope kernel serve every family without knowing any.
 * Nothing here knows about traces or kink policies: max pooling computes the derivative weights of its
 * windows (the tie split λ is a parameter) in the same pass as the values, because they need the same
 * comparisons.
 */
package dev.clarke.tensor;
