package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer y = x·W + b on [B, in] inputs, W of shape [in, out] (as in {@link Dense}),
 * b of shape [out], initialised by {@code init} with zero bias. Checkpoints store W transposed, as
 * PyTorch's {@code nn.Linear.weight} [out, in].
 *
 * @param in   input width
 * @param out  output width
 * @param init the weight initialisation
 */
public record Linear(int in, int out, Init init) implements Layer {

    /**
     * Checks the widths.
     *
     * @param in input width
     * @param out output width
     * @param init the weight initialisation
     */
    public Linear {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: widths must be positive, got " + in + " -> " + out);
        }
    }

    @Override
    public List<Shape> parameterShapes() {
        return List.of(Shape.of(in, out), Shape.of(out));
    }

    @Override
    public List<String> parameterNames() {
        return List.of("weight", "bias");
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1 || input.dim(0) != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): expects samples of shape [" + in
                    + "], got " + input + (input.rank() > 1 ? " (add a flatten layer)" : ""));
        }
        return Shape.of(out);
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        return List.of(init.sample(Shape.of(in, out), in, out, dtype, rng), Tensor.zeros(Shape.of(out), dtype));
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        return x.matmul(params.get(0)).add(params.get(1));
    }

    @Override
    public String describe() {
        return "linear(" + in + ", " + out + ")";
    }
}
