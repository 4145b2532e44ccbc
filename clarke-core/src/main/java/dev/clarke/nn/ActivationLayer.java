package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pointwise {@link Activation} as a layer without parameters; its kink hits are logged on the trace
 * like any other primitive's.
 *
 * @param activation the activation
 */
public record ActivationLayer(Activation activation) implements Layer {

    @Override
    public List<Shape> parameterShapes() {
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        return List.of();
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        return activation.apply(x);
    }

    @Override
    public String describe() {
        return activation.toString();
    }
}
