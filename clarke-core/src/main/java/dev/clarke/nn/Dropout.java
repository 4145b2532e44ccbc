package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by 1/(1 − p),
 * with a mask drawn from the step's seed (so a run is reproducible); in evaluation the identity. The
 * mask is a constant of the trace: dropout adds no kinks.
 *
 * @param p the drop probability, in [0, 1)
 */
public record Dropout(double p) implements Layer {

    /**
     * Checks p.
     *
     * @param p the probability of dropping an element, in [0, 1)
     */
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
    }

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
        if (!mode.training() || p == 0) {
            return x;
        }
        SplittableRandom rng = new SplittableRandom(mode.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        double[] m = new double[x.shape().size()];
        double keep = 1 / (1 - p);
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < p ? 0 : keep;
        }
        return x.mul(x.trace().constant(Tensor.of(x.dtype(), x.shape(), m)));
    }

    @Override
    public String describe() {
        return "dropout(" + p + ")";
    }
}
