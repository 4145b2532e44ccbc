package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.ConvGeometry;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 2-D convolution (cross-correlation, as in PyTorch) of [B, C_in, H, W] inputs with square K×K
 * kernels, stride s and zero padding p: y[b, o, i, j] = bias[o] + Σ_{c,u,v} W[o, c, u, v] ·
 * x[b, c, i·s − p + u, j·s − p + v]. The weight has PyTorch's shape [C_out, C_in, K, K], so
 * checkpoints move to {@code nn.Conv2d} unchanged. Recorded as one node on the convolution kernels
 * ({@link dev.clarke.tensor.Kernels#conv2d}), whose results are the bits of {@link Im2col} patches
 * times the reshaped weight plus the bias. Convolution is linear: it adds no kinks.
 *
 * @param inChannels  C_in
 * @param outChannels C_out
 * @param kernel      K
 * @param stride      s ≥ 1
 * @param padding     p ≥ 0
 * @param init        the weight initialisation (fan_in = C_in·K·K, fan_out = C_out·K·K)
 */
public record Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Init init) implements Layer {

    /**
     * Checks the sizes.
     *
     * @param inChannels input channels
     * @param outChannels output channels
     * @param kernel the kernel's height and width
     * @param stride the stride
     * @param padding the zero padding on each side
     * @param init the weight initialisation
     */
    public Conv2d {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be positive and padding"
                    + " non-negative, got " + inChannels + ", " + outChannels + ", " + kernel + ", " + stride + ", " + padding);
        }
    }

    /**
     * K×K kernels, stride 1, no padding, He initialisation.
     *
     * @param inChannels input channels
     * @param outChannels output channels
     * @param kernel the kernel's height and width
     * @return the layer
     */
    public static Conv2d of(int inChannels, int outChannels, int kernel) {
        return new Conv2d(inChannels, outChannels, kernel, 1, 0, Init.HE);
    }

    @Override
    public List<Shape> parameterShapes() {
        return List.of(Shape.of(outChannels, inChannels, kernel, kernel), Shape.of(outChannels));
    }

    @Override
    public List<String> parameterNames() {
        return List.of("weight", "bias");
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != inChannels) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [" + inChannels + ", H, W], got " + input);
        }
        int oh = Im2col.outSize(input.dim(1), kernel, stride, padding);
        int ow = Im2col.outSize(input.dim(2), kernel, stride, padding);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input " + input + " is smaller than the kernel");
        }
        return Shape.of(outChannels, oh, ow);
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        int fan = kernel * kernel;
        return List.of(init.sample(parameterShapes().get(0), inChannels * fan, outChannels * fan, dtype, rng),
                Tensor.zeros(Shape.of(outChannels), dtype));
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        outputShape(Shape.of(x.shape().dim(1), x.shape().dim(2), x.shape().dim(3)));
        ConvGeometry g = ConvGeometry.of(inChannels, x.shape().dim(2), x.shape().dim(3), outChannels, kernel, stride,
                padding);
        return ConvolutionNodes.conv2d(x, params.get(0), params.get(1), g);
    }

    @Override
    public String describe() {
        return "conv2d(" + inChannels + ", " + outChannels + ", k" + kernel
                + (stride == 1 ? "" : ", s" + stride) + (padding == 0 ? "" : ", p" + padding) + ")";
    }
}
