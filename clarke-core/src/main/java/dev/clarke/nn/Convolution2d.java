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
 * layer's fused kernel; otherwise each group is {@link Im2col} patches times the group's reshaped
 * weight, so the backward pass is the engine's matmul rules plus col2im. Convolution is linear: it
 * adds no kinks.
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

    /** Checks the sizes. */
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
        List<Var> parts = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            Var xg = groups == 1 ? x : x.slice(1, g * cg, (g + 1) * cg);
            Var wg = (groups == 1 ? w : w.slice(0, g * og, (g + 1) * og)).reshape(og, taps);   // [O/G, C/G·kh·kw]
            parts.add(Im2col.im2col(xg, window).matmul(wg.transpose(0, 1)));                 // [B·OH·OW, O/G]
        }
        Var y = groups == 1 ? parts.get(0) : Var.concat(parts, 1);
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
