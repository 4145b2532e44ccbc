package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import java.util.List;

/** The mean of each channel over all positions, [B, C, H, W] to [B, C, 1, 1] (ONNX's GlobalAveragePool); no kinks. */
public record GlobalAvgPool2d() implements ParameterFree {

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [C, H, W], got " + input);
        }
        return Shape.of(input.dim(0), 1, 1);
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        Shape s = x.shape();
        return x.reshape(s.dim(0), s.dim(1), s.dim(2) * s.dim(3)).mean(2, false).reshape(s.dim(0), s.dim(1), 1, 1);
    }

    @Override
    public String describe() {
        return "global_avgpool2d";
    }
}
