package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Pooling;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Max pooling over K×K windows with stride s of [B, C, H, W] inputs, recorded as one node on the
 * {@link Pooling} kernel. Each window is reduced as the engine's {@code reduce_max} would, so a tie in a window (two or more elements equal to the maximum) is a
 * kink: it is logged on the trace like any other kink hit (op {@code reduce_max}, the output element,
 * the tied value) and its derivative weights come from the policy ({@link dev.clarke.ops.TieWeights}:
 * λ = ½ splits evenly among the tied elements).
 *
 * @param kernel K
 * @param stride s
 */
public record MaxPool2d(int kernel, int stride) implements Layer {

    /**
     * Checks the sizes.
     *
     * @param kernel the window's height and width
     * @param stride the stride
     */
    public MaxPool2d {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel and stride must be positive, got " + kernel + ", " + stride);
        }
    }

    /**
     * K×K windows with stride K (non-overlapping).
     *
     * @param kernel the window's height and width
     * @return the layer
     */
    public static MaxPool2d of(int kernel) {
        return new MaxPool2d(kernel, kernel);
    }

    @Override
    public List<Shape> parameterShapes() {
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [C, H, W], got " + input);
        }
        int oh = Im2col.outSize(input.dim(1), kernel, stride, 0);
        int ow = Im2col.outSize(input.dim(2), kernel, stride, 0);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input " + input + " is smaller than the window");
        }
        return Shape.of(input.dim(0), oh, ow);
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        return List.of();
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        Shape s = x.shape();
        outputShape(Shape.of(s.dim(1), s.dim(2), s.dim(3)));
        return PoolingNodes.maxPool2d(x, new Pooling.Window(kernel, kernel, stride, stride));
    }

    @Override
    public String describe() {
        return "maxpool2d(" + kernel + (stride == kernel ? "" : ", s" + stride) + ")";
    }
}
