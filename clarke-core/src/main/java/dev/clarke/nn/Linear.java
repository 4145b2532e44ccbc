package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer y = x·W (+ b) on [B, in] inputs, W of shape [in, out] (as in {@link Dense}),
 * b of shape [out], initialised by {@code init} with zero bias. Its state dict stores W transposed, as
 * PyTorch's {@code nn.Linear.weight} [out, in].
 *
 * @param in   input width
 * @param out  output width
 * @param bias whether the layer adds a bias b
 * @param init the weight initialisation
 */
public record Linear(int in, int out, boolean bias, Init init) implements Layer {

    /**
     * Checks the widths.
     *
     * @param in input width
     * @param out output width
     * @param bias whether the layer adds a bias b
     * @param init the weight initialisation
     */
    public Linear {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: widths must be positive, got " + in + " -> " + out);
        }
    }

    /**
     * The layer with a bias, as PyTorch's {@code nn.Linear(in, out)}.
     *
     * @param in input width
     * @param out output width
     * @param init the weight initialisation
     */
    public Linear(int in, int out, Init init) {
        this(in, out, true, init);
    }

    @Override
    public List<Shape> parameterShapes() {
        return bias ? List.of(Shape.of(in, out), Shape.of(out)) : List.of(Shape.of(in, out));
    }

    @Override
    public Tensor toPyTorch(int index, Tensor value) {
        return index == 0 ? transpose(value) : value;
    }

    @Override
    public Tensor fromPyTorch(int index, Tensor value) {
        return index == 0 && value.rank() == 2 ? transpose(value) : value;
    }

    @Override
    public List<String> parameterNames() {
        return bias ? List.of("weight", "bias") : List.of("weight");
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
        Tensor w = init.sample(Shape.of(in, out), in, out, dtype, rng);
        return bias ? List.of(w, Tensor.zeros(Shape.of(out), dtype)) : List.of(w);
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        Var y = x.matmul(params.get(0));
        return bias ? y.add(params.get(1)) : y;
    }

    @Override
    public String describe() {
        return "linear(" + in + ", " + out + (bias ? "" : ", no bias") + ")";
    }

    private static Tensor transpose(Tensor t) {
        int r = t.shape().dim(0);
        int c = t.shape().dim(1);
        double[] v = new double[t.size()];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[j * r + i] = t.get(i * c + j);
            }
        }
        return Tensor.of(t.dtype(), Shape.of(c, r), v);
    }
}
