package dev.clarke.tensor;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntConsumer;

/**
 * The narrow kernel interface every tensor computation goes through, so that a faster backend can
 * replace the default pure-Java one. Every result is rounded to the operands' dtype; operands of a
 * binary kernel must share a dtype. Binary kernels broadcast with numpy rules. Errors are
 * {@link IllegalArgumentException}s with a one-line message naming the kernel and the shapes.
 */
public interface Kernels {

    /**
     * The default backend: the Vector API kernels ({@code jdk.incubator.vector}) when the JVM was
     * started with {@code --add-modules jdk.incubator.vector}, else the pure-Java kernels. Both give
     * the same bits on every kernel. The system property {@code clarke.kernels=java} forces the
     * pure-Java backend. Without the module, no Vector API class is ever loaded.
     *
     * @return the backend
     */
    static Kernels get() {
        return KernelsChoice.DEFAULT;
    }

    /**
     * The pure-Java backend, always available (the fallback and the reference of the vector one).
     *
     * @return the backend
     */
    static Kernels pureJava() {
        return JavaKernels.INSTANCE;
    }

    /**
     * The backend's name: {@code java} or {@code vector} (with the species used).
     *
     * @return the name
     */
    default String backend() {
        return "java";
    }

    /**
     * Elementwise {@code f(x)}, computed in double then rounded to x's dtype.
     *
     * @param x the input
     * @param f the function
     * @return a tensor of x's shape and dtype
     */
    Tensor map(Tensor x, DoubleUnaryOperator f);

    /**
     * Broadcasting elementwise {@code f(a, b)}, computed in double then rounded.
     *
     * @param a the first input
     * @param b the second input
     * @param f the function
     * @return a tensor of the broadcast shape
     */
    Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f);

    /**
     * Broadcasting {@code a + b}.
     *
     * @param a the first term
     * @param b the second term
     * @return the sum
     */
    Tensor add(Tensor a, Tensor b);

    /**
     * Broadcasting {@code a - b}.
     *
     * @param a the minuend
     * @param b the subtrahend
     * @return the difference
     */
    Tensor sub(Tensor a, Tensor b);

    /**
     * Broadcasting {@code a * b}.
     *
     * @param a the first factor
     * @param b the second factor
     * @return the product
     */
    Tensor mul(Tensor a, Tensor b);

    /**
     * Broadcasting {@code a / b}.
     *
     * @param a the dividend
     * @param b the divisor
     * @return the quotient
     */
    Tensor div(Tensor a, Tensor b);

    /**
     * Broadcasting {@code g * d} with strong zeros: the result is exactly {@code +0.0} wherever
     * {@code g == 0} (either sign), even if {@code d} is NaN or infinite. Used in backward passes.
     *
     * @param g the cotangent
     * @param d the derivative
     * @return the product with strong zeros
     */
    Tensor mulStrong(Tensor g, Tensor d);

    /**
     * Elementwise {@code -x}.
     *
     * @param x the input
     * @return the negation
     */
    Tensor neg(Tensor x);

    /**
     * Elementwise {@code c * x}, rounded to x's dtype.
     *
     * @param x the input
     * @param c the factor
     * @return the scaled tensor
     */
    Tensor scale(Tensor x, double c);

    /**
     * One plain SGD step {@code w − lr·g}, written into {@code into} and returned as a tensor over it:
     * no other array is allocated. The bits are those of {@code sub(w, scale(g, lr))}: {@code lr·g}
     * is computed in double and rounded to the dtype, then subtracted in the dtype (F32:
     * {@code w - (float) (lr * g)}; F64: {@code w - lr * g}; BF16 and F16 round both results), on
     * both backends. {@code into} is an array the caller owns: usually a second array alternating
     * with w's storage from step to step (double-buffered parameters, so that no live tensor
     * changes); it may also be w's own storage, updating w in place, when nothing else reads w.
     *
     * @param into {@code float[]} of w's size for float-storage dtypes
     * @throws IllegalArgumentException if w and g differ in shape or dtype, or into does not fit
     * @param w the parameter
     * @param g its gradient
     * @param lr the learning rate
     * @return the updated parameter, over {@code into}
     */
    Tensor sgdStep(Tensor w, Tensor g, double lr, float[] into);

    /**
     * As {@link #sgdStep(Tensor, Tensor, double, float[])} for F64 parameters.
     *
     * @param into {@code double[]} of w's size
     * @param w the parameter
     * @param g its gradient
     * @param lr the learning rate
     * @return the updated parameter, over {@code into}
     */
    Tensor sgdStep(Tensor w, Tensor g, double lr, double[] into);

    /**
     * Elementwise {@code max(x, 0)} (NaN propagates; both zeros give {@code +0.0}). If
     * {@code zeroHits} is non-null it receives the flat index of every element exactly equal to 0
     * (including {@code -0.0}), in increasing order; if null no comparison is made.
     *
     * @param x the input
     * @param zeroHits receives the flat index of every zero, or null
     * @return the rectified tensor
     */
    Tensor relu(Tensor x, IntConsumer zeroHits);

    /**
     * Elementwise 1 where {@code x > 0}, 0 where {@code x < 0}, {@code atZero} where {@code x == 0} (either zero); NaN stays NaN.
     *
     * @param x the input
     * @param atZero the slope at 0
     * @return the slopes
     */
    Tensor reluSlope(Tensor x, double atZero);

    /**
     * A piecewise function's value at every element, with kink detection in the same loop: if
     * {@code hits} is non-null it receives every element sitting exactly on a kink, in increasing
     * order; if null no comparison with the kinks is made. Computed in double, rounded to x's dtype.
     *
     * @param x the input
     * @param f the compiled function
     * @param hits receives (element, kink index) of every hit, or null
     * @return a tensor of x's shape and dtype
     */
    default Tensor piecewise(Tensor x, PiecewiseKernel f, PiecewiseKernel.Hits hits) {
        return f.values(x, hits);
    }

    /**
     * A piecewise function's slope at every element: {@code atKink[j]} on kink j, else the
     * derivative of the element's piece. Computed in double, rounded to x's dtype.
     *
     * @param x the input
     * @param f the compiled function
     * @param atKink the slope at each kink
     * @return a tensor of x's shape and dtype
     */
    default Tensor piecewiseSlope(Tensor x, PiecewiseKernel f, double[] atKink) {
        return f.slopes(x, atKink);
    }

    /**
     * Broadcasting select: {@code a} where {@code mask != 0}, else {@code b}. The mask may have any
     * dtype (NaN counts as nonzero); {@code a} and {@code b} must share a dtype, which the result has.
     *
     * @param mask the condition
     * @param a the values where it is nonzero
     * @param b the values elsewhere
     * @return the selection
     */
    Tensor where(Tensor mask, Tensor a, Tensor b);

    /**
     * Batched matrix product. {@code a} is {@code [..., m, k]} ({@code [..., k, m]} if
     * {@code transA}), {@code b} is {@code [..., k, n]} ({@code [..., n, k]} if {@code transB}); both
     * have rank at least 2 and their batch dimensions broadcast. The result is {@code [..., m, n]}.
     * Each output element is the sum over {@code p = 0..k-1} in increasing order, accumulated in
     * double for F64 and in float otherwise (BF16/F16 round the result once), so results do not
     * depend on the transposition flags or on the number of threads.
     *
     * @param a the left factor
     * @param b the right factor
     * @param transA whether {@code a} is transposed
     * @param transB whether {@code b} is transposed
     * @return the product [..., m, n]
     */
    Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB);

    /**
     * True if no element of {@code x} is NaN or infinite (the same answer as {@link Tensor#allFinite}).
     *
     * @param x the input
     * @return whether every element is finite
     */
    boolean allFinite(Tensor x);

    /**
     * Sum of all elements as a scalar, accumulated in double and rounded once.
     *
     * @param x the input
     * @return the scalar sum
     */
    Tensor sum(Tensor x);

    /**
     * Sum along {@code axis} (may be negative), accumulated in double, keeping it as length 1 if {@code keepDim}.
     *
     * @param x the input
     * @param axis the axis
     * @param keepDim whether to keep the axis as length 1
     * @return the sums
     */
    Tensor sum(Tensor x, int axis, boolean keepDim);

    /**
     * The adjoint of {@link #broadcastTo}: sums {@code x} over broadcast axes so the result has shape
     * {@code target}, accumulating in double.
     *
     * @throws IllegalArgumentException if {@code target} does not broadcast to {@code x.shape()}
     * @param x the input
     * @param target the shape to reduce to
     * @return the sums
     */
    Tensor sumTo(Tensor x, Shape target);

    /**
     * Copies {@code x} broadcast to {@code target}.
     *
     * @throws IllegalArgumentException if {@code x.shape()} does not broadcast to {@code target}
     * @param x the input
     * @param target the shape to broadcast to
     * @return the broadcast copy
     */
    Tensor broadcastTo(Tensor x, Shape target);

    /**
     * Maximum along {@code axis}; NaN if any element of the slice is NaN.
     *
     * @param x the input
     * @param axis the axis
     * @param keepDim whether to keep the axis as length 1
     * @return the maxima
     */
    Tensor max(Tensor x, int axis, boolean keepDim);

    /**
     * Minimum along {@code axis}; NaN if any element of the slice is NaN.
     *
     * @param x the input
     * @param axis the axis
     * @param keepDim whether to keep the axis as length 1
     * @return the minima
     */
    Tensor min(Tensor x, int axis, boolean keepDim);

    /**
     * The same elements with shape {@code s} (sizes must match); shares storage.
     *
     * @param x the input
     * @param s the new shape
     * @return the reshaped tensor
     */
    Tensor reshape(Tensor x, Shape s);

    /**
     * Swaps two axes (may be negative), copying.
     *
     * @param x the input
     * @param axis0 the first axis
     * @param axis1 the second axis
     * @return the transposed copy
     */
    Tensor transpose(Tensor x, int axis0, int axis1);

    /**
     * Elements {@code [start, end)} along {@code axis}.
     *
     * @param x the input
     * @param axis the axis
     * @param start the first index kept
     * @param end the index after the last
     * @return the slice
     */
    Tensor slice(Tensor x, int axis, int start, int end);

    /**
     * Concatenation along {@code axis}; all tensors share dtype, rank and the other dimensions.
     *
     * @param xs the tensors
     * @param axis the axis
     * @return the concatenation
     */
    Tensor concat(List<Tensor> xs, int axis);

    /**
     * 2-D convolution (cross-correlation, as in PyTorch) of x [B, C_in, H, W] with w
     * [C_out, C_in/groups, KH, KW], plus {@code bias} [C_out] if non-null: [B, C_out, OH, OW]. Each
     * output is the sum over (channel, kernel row, kernel column) in increasing order, accumulated
     * like {@link #matmul} (in float for float storage), then the bias added; the same bits on every
     * backend and for any number of threads.
     *
     * @param x the input [B, C_in, H, W]
     * @param w the weights
     * @param bias the bias, or null
     * @param g the geometry
     * @return the output [B, C_out, OH, OW]
     */
    default Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        return Convolution.forward(x, w, bias, g, MatMul.THREADS, false);
    }

    /**
     * The gradient of {@link #conv2d} with respect to x, from the output's gradient gy [B, C_out, OH, OW]:
     * [B, C_in, H, W] (a transposed convolution). Bits as documented on {@link Convolution}.
     *
     * @param gy the output's gradient
     * @param w the weights
     * @param g the geometry
     * @return the input's gradient
     */
    default Tensor conv2dInputGrad(Tensor gy, Tensor w, ConvGeometry g) {
        return Convolution.inputGrad(gy, w, g, MatMul.THREADS, false);
    }

    /**
     * The gradient of {@link #conv2d} with respect to w: [C_out, C_in/groups, KH, KW].
     *
     * @param x the input
     * @param gy the output's gradient
     * @param g the geometry
     * @return the weights' gradient
     */
    default Tensor conv2dWeightGrad(Tensor x, Tensor gy, ConvGeometry g) {
        return Convolution.weightGrad(x, gy, g, MatMul.THREADS, false);
    }

    /**
     * The gradient of {@link #conv2d} with respect to the bias: gy summed over samples, rows and columns, in double.
     *
     * @param gy the output's gradient
     * @return the bias's gradient [C_out]
     */
    default Tensor conv2dBiasGrad(Tensor gy) {
        return Convolution.biasGrad(gy);
    }
}
