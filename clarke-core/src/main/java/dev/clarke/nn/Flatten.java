package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** Reshapes [B, d₁, d₂, ...] to [B, d₁·d₂·...]; no parameters, no kinks. */
public record Flatten() implements Layer {

    @Override
    public List<Shape> parameterShapes() {
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(input.size());
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        return List.of();
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        int b = x.shape().dim(0);
        return x.reshape(b, x.shape().size() / Math.max(b, 1));
    }

    @Override
    public String describe() {
        return "flatten";
    }
}
