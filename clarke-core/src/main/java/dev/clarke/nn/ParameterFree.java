package dev.clarke.nn;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** A {@link Layer} without parameters (pooling, clamps, analytic functions). */
public interface ParameterFree extends Layer {

    @Override
    default List<Shape> parameterShapes() {
        return List.of();
    }

    @Override
    default List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        return List.of();
    }

    /** A parameter-free layer that keeps the shape of its input (an elementwise function, say). */
    interface ShapePreserving extends ParameterFree {
        @Override
        default Shape outputShape(Shape input) {
            return input;
        }
    }
}
