package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The general 2-D convolution of ONNX's Conv and PyTorch's {@code nn.Conv2d}: any {@link Window2d}
 * (rectangular kernels, strides, dilations, asymmetric zero padding), {@code groups} channel groups
 * (group g maps input channels [g·C_in/G, (g+1)·C_in/G) to output channels [g·C_out/G, (g+1)·C_out/G);
 * G = C_in is a depthwise convolution), with or without bias. The weight has PyTorch's shape
 * [C_out, C_in/G, kh, kw]. Its square, ungrouped case with bias is {@link Conv2d} and runs on that
 * layer's fused kernel; otherwise the {@link Im2col} patches times the weight, reshaped and, with
 * groups, laid out block-diagonally (group g's patch columns feed only its outputs), so the backward
 * pass is the engine's matmul, concat and col2im rules. Convolution is linear: it adds no kinks.
 *
 * @param inChannels  C_in
 * @param outChannels C_out
 * @param window      the kernel size, strides, dilations and padding
 * @param groups      G ≥ 1, dividing both C_in and C_out
 * @param bias        whether there is a bias vector [C_out]
 * @param init        the weight initialisation (fan_in = C_in/G·kh·kw, fan_out = C_out/G·kh·kw)
 */
public record Convolution2d(int inChannels, int outChannels, Window2d window, int groups, boolean bias, Init init)
        implements Layer {

    /**
     * Checks the sizes.
     *
     * @param inChannels C_in
     * @param outChannels C_out
     * @param window the kernel size, strides, dilations and padding
     * @param groups G ≥ 1, dividing both C_in and C_out
     * @param bias whether there is a bias vector [C_out]
     * @param init the weight initialisation (fan_in = C_in/G·kh·kw, fan_out = C_out/G·kh·kw)
     * @throws IllegalArgumentException if a channel count or G is not positive, or G does not
     *     divide both channel counts
     */
    public Convolution2d {
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels must be positive and divisible by groups, got "
                    + inChannels + " -> " + outChannels + " in " + groups + " groups");
        }
    }

    @Override
    public List<Shape> parameterShapes() {
        Shape w = Shape.of(outChannels, inChannels / groups, window.kh(), window.kw());
        return bias ? List.of(w, Shape.of(outChannels)) : List.of(w);
    }

    @Override
    public List<String> parameterNames() {
        return bias ? List.of("weight", "bias") : List.of("weight");
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != inChannels) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [" + inChannels + ", H, W], got " + input);
        }
        int oh = window.outHeight(input.dim(1));
        int ow = window.outWidth(input.dim(2));
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input " + input + " is smaller than the kernel");
        }
        return Shape.of(outChannels, oh, ow);
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        int fan = window.kh() * window.kw();
        Tensor w = init.sample(parameterShapes().get(0), inChannels / groups * fan, outChannels / groups * fan, dtype, rng);
        return bias ? List.of(w, Tensor.zeros(Shape.of(outChannels), dtype)) : List.of(w);
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        if (groups == 1 && bias && window.isSquare()) { // the fused kernel of the common case
            return new Conv2d(inChannels, outChannels, window.kh(), window.sh(), window.top(), init).forward(x, params, mode);
        }
        int b = x.shape().dim(0);
        Shape out = outputShape(Shape.of(x.shape().dim(1), x.shape().dim(2), x.shape().dim(3)));
        int oh = out.dim(1);
        int ow = out.dim(2);
        int cg = inChannels / groups;
        int og = outChannels / groups;
        int taps = cg * window.kh() * window.kw();
        Var w = params.get(0);
        Var weights;                                                     // [C·kh·kw, O]
        if (groups == 1) {
            weights = w.reshape(outChannels, taps).transpose(0, 1);
        } else { // block-diagonal: group g's patch columns feed only group g's outputs
            List<Var> blocks = new ArrayList<>(groups);
            for (int g = 0; g < groups; g++) {
                List<Var> row = new ArrayList<>(3);
                if (g > 0) {
                    row.add(x.trace().constant(Shape.of(taps, g * og), 0));
                }
                row.add(w.slice(0, g * og, (g + 1) * og).reshape(og, taps).transpose(0, 1));
                if (g + 1 < groups) {
                    row.add(x.trace().constant(Shape.of(taps, (groups - 1 - g) * og), 0));
                }
                blocks.add(Var.concat(row, 1));
            }
            weights = Var.concat(blocks, 0);
        }
        Var y = Im2col.im2col(x, window).matmul(weights);                 // [B·OH·OW, O]
        if (bias) {
            y = y.add(params.get(1));
        }
        return y.reshape(b, oh * ow, outChannels).transpose(1, 2).reshape(b, outChannels, oh, ow);
    }

    @Override
    public String describe() {
        return "conv2d(" + inChannels + ", " + outChannels + ", " + window.describe()
                + (groups == 1 ? "" : ", groups " + groups) + (bias ? "" : ", no bias") + ")";
    }
}
