package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One layer of a {@link Sequential}: a differentiable map of a batch {@code [B, ...sample shape]} with
 * zero or more parameter tensors. Layers are immutable descriptions; the parameter values live
 * outside them (in the optimiser's master copies) and are passed to {@link #forward} as leaves of the
 * trace, so the same layer serves every step and every dtype.
 */
public interface Layer {

    /**
     * How a forward pass runs.
     *
     * @param training whether this is a training step (dropout active) or an evaluation
     * @param seed     the seed of this step's randomness (dropout masks)
     */
    record Mode(boolean training, long seed) {
        /** Evaluation: no dropout. */
        public static final Mode EVAL = new Mode(false, 0);
    }

    /**
     * The shapes of this layer's parameters, in the order {@link #forward} takes them.
     *
     * @return the parameter shapes
     */
    List<Shape> parameterShapes();

    /**
     * The per-sample output shape for a per-sample input shape; throws if the input does not fit.
     *
     * @param input the per-sample input shape
     * @return the per-sample output shape
     */
    Shape outputShape(Shape input);

    /**
     * Initial parameter values, drawn from {@code rng}, in the order of {@link #parameterShapes}.
     *
     * @param dtype the dtype of the values
     * @param rng the source of randomness
     * @return one tensor per parameter
     */
    List<Tensor> initialParameters(DType dtype, SplittableRandom rng);

    /**
     * Records the layer on the trace of {@code x} ([B, ...]), with its parameters as {@code params}.
     *
     * @param x the input [B, ...]
     * @param params the parameters, in the order of {@link #parameterShapes}
     * @param mode training or evaluation
     * @return the output [B, ...]
     */
    Var forward(Var x, List<Var> params, Mode mode);

    /**
     * The PyTorch name suffixes of the parameters ({@code weight}, {@code bias}), for checkpoints.
     *
     * @return one name suffix per parameter
     */
    default List<String> parameterNames() {
        return List.of();
    }

    /**
     * Parameter {@code index} in PyTorch's layout for its state dict (the identity but for
     * {@link Linear}'s weight, which PyTorch stores as [out, in]).
     *
     * @param index the parameter's index, in {@link #parameterShapes} order
     * @param value its value in Clarke's layout
     * @return the value in PyTorch's layout
     */
    default Tensor toPyTorch(int index, Tensor value) {
        return value;
    }

    /**
     * The inverse of {@link #toPyTorch}: a state-dict tensor in Clarke's layout.
     *
     * @param index the parameter's index, in {@link #parameterShapes} order
     * @param value its value in PyTorch's layout
     * @return the value in Clarke's layout
     */
    default Tensor fromPyTorch(int index, Tensor value) {
        return value;
    }

    /**
     * A short description, e.g. {@code linear(784, 256)}.
     *
     * @return the description
     */
    String describe();
}
