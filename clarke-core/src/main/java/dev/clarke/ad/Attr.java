package dev.clarke.ad;

import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * The parameters of a recorded operation that are not inputs, so that analyses can re-read a
 * trace (replay it symbolically, freeze its branches, extract its abs-normal form).
 */
public sealed interface Attr {

    /**
     * A user primitive's name ({@link Trace#custom}).
     *
     * @param name the name shown in steps and error messages
     */
    record Named(String name) implements Attr { }

    /** {@code scale} and {@code neg}: multiplication by a constant. */
    record Scale(double c) implements Attr { }

    /** {@code pow} with a constant exponent. */
    record Power(double p) implements Attr { }

    /** Parameters of a piecewise primitive: leaky_relu's α, clamp's lo and hi (rounded to the dtype). */
    record Params(double[] values) implements Attr {
        /** No parameters (shared: it is never modified). */
        static final Params NONE = new Params(new double[0]);
    }

    /** A reduction's axis ({@code null}: all elements) and whether the axis is kept. */
    record Axis(Integer axis, boolean keepDim) implements Attr { }

    /** {@code reshape}, {@code broadcast_to}, {@code sum_to}: the target shape. */
    record Target(Shape shape) implements Attr { }

    /** {@code transpose}: the two axes swapped. */
    record Swap(int axis0, int axis1) implements Attr { }

    /** {@code slice}: elements [start, end) along an axis. */
    record Slice(int axis, int start, int end) implements Attr { }

    /** {@code concat}: the axis. */
    record Concat(int axis) implements Attr { }

    /** {@code matmul}: which operands are read transposed. */
    record Transposes(boolean a, boolean b) implements Attr { }

    /**
     * {@code where}: the selection mask (broadcast to the output shape), and the node id of the
     * {@code compare} that made it (−1 if the mask was given as data).
     */
    record Mask(Tensor mask, int compareNode) implements Attr { }

    /** {@code compare}: the elementwise test; its output is a 0/1 mask, not differentiable. */
    record Test(Comparison op) implements Attr { }
}
