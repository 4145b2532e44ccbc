package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link Sequential} nested as one layer of another ({@link Sequential#asLayer}): its parameters
 * are its body's, named as the body names them ({@code 0.weight}, ...) under the outer layer's name.
 *
 * @param body the nested network
 */
record Block(Sequential body) implements Layer {

    @Override
    public List<Shape> parameterShapes() {
        return body.parameterShapes();
    }

    @Override
    public List<String> parameterNames() {
        return body.parameterNames();
    }

    @Override
    public Shape outputShape(Shape input) {
        if (!input.equals(body.sampleShape())) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape " + body.sampleShape() + ", got " + input);
        }
        return body.shapeAfter(body.layers().size() - 1);
    }

    @Override
    public List<Tensor> initialParameters(DType dtype, SplittableRandom rng) {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : body.layers()) {
            out.addAll(l.initialParameters(dtype, rng));
        }
        return out;
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        return body.forward(x.trace(), params.toArray(new Var[0]), x, mode).output();
    }

    @Override
    public Tensor toPyTorch(int index, Tensor value) {
        return convert(index, value, true);
    }

    @Override
    public Tensor fromPyTorch(int index, Tensor value) {
        return convert(index, value, false);
    }

    /** Parameter {@code index} converted by the body's layer that owns it. */
    private Tensor convert(int index, Tensor value, boolean toPyTorch) {
        int k = index;
        for (Layer l : body.layers()) {
            int n = l.parameterShapes().size();
            if (k < n) {
                return toPyTorch ? l.toPyTorch(k, value) : l.fromPyTorch(k, value);
            }
            k -= n;
        }
        throw new IndexOutOfBoundsException("parameter " + index + " of " + describe());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("sequential(");
        for (int i = 0; i < body.layers().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(body.layers().get(i).describe());
        }
        return sb.append(')').toString();
    }
}
