package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalisation with its inference statistics, over channel axis 1 of [B, C, ...] inputs:
 * y = (x − mean) / √(var + ε) · weight + bias, each of the four parameters of shape [C] (PyTorch's
 * {@code BatchNorm1d/2d} in eval mode; ONNX's BatchNormalization). The running mean and variance
 * are parameters of the trace like the others, named {@code running_mean} and {@code running_var}
 * as in a {@code state_dict}; PyTorch does not train them. No kinks.
 *
 * @param channels C
 * @param epsilon  ε &gt; 0
 */
public record BatchNorm(int channels, double epsilon) implements Layer {

    /**
     * Checks the sizes.
     *
     * @param channels C
     * @param epsilon ε &gt; 0
     * @throws IllegalArgumentException if channels &lt; 1 or ε is not a positive finite number
     */
    public BatchNorm {
        if (channels < 1 || !(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("BatchNorm: channels must be positive and epsilon a positive number, got "
                    + channels + ", " + epsilon);
        }
    }

    @Override
    public List<Shape> parameterShapes() {
        Shape c = Shape.of(channels);
        return List.of(c, c, c, c);
    }

    @Override
    public List<String> parameterNames() {
        return List.of("weight", "bias", "running_mean", "running_var");
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 1 || input.dim(0) != channels) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [" + channels + ", ...], got " + input);
        }
        return input;
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        Shape c = Shape.of(channels);
        return List.of(Tensor.ones(c, dtype), Tensor.zeros(c, dtype), Tensor.zeros(c, dtype), Tensor.ones(c, dtype));
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        int[] dims = new int[x.shape().rank() - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = channels;
        Var scale = params.get(0).reshape(dims);
        Var shift = params.get(1).reshape(dims);
        Var mean = params.get(2).reshape(dims);
        Var sd = params.get(3).reshape(dims).add(epsilon).sqrt();
        return x.sub(mean).div(sd).mul(scale).add(shift);
    }

    @Override
    public String describe() {
        return "batchnorm(" + channels + ")";
    }
}
