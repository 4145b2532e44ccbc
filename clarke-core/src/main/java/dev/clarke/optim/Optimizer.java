package dev.clarke.optim;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds F64 master copies of a list of parameter tensors and updates them from gradients. Subclasses
 * implement {@link #update}, one parameter tensor at a time, with their own state arrays.
 */
public abstract class Optimizer {

    private final List<Shape> shapes = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private long steps;

    /**
     * Takes master copies of the initial parameters.
     *
     * @param initial the initial parameters, copied to F64
     */
    protected Optimizer(List<Tensor> initial) {
        for (Tensor t : initial) {
            shapes.add(t.shape());
            values.add(t.toDoubleArray());
        }
    }

    /**
     * Number of parameter tensors.
     *
     * @return the number of parameter tensors
     */
    public int size() {
        return values.size();
    }

    /**
     * Number of steps taken.
     *
     * @return the number of steps taken
     */
    public long steps() {
        return steps;
    }

    /**
     * The parameters rounded to {@code dtype}, for the next forward pass.
     *
     * @param dtype the working precision of the next pass
     * @return one tensor per parameter, in {@code dtype}
     */
    public List<Tensor> parameters(DType dtype) {
        List<Tensor> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(Tensor.of(dtype, shapes.get(i), values.get(i)));
        }
        return out;
    }

    /**
     * The F64 master value of parameter i (a live array: do not keep it).
     *
     * @param i the parameter's index
     * @return its master values, live
     */
    public double[] master(int i) {
        return values.get(i);
    }

    /**
     * Replaces every master value (e.g. from a checkpoint); the shapes must match.
     *
     * @param params one tensor per parameter, in order
     */
    public void load(List<Tensor> params) {
        if (params.size() != values.size()) {
            throw new IllegalArgumentException("load: " + params.size() + " tensors for " + values.size() + " parameters");
        }
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).shape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("load: parameter " + i + " has shape " + params.get(i).shape()
                        + ", expected " + shapes.get(i));
            }
            values.set(i, params.get(i).toDoubleArray());
        }
    }

    /**
     * One step: updates every parameter from its gradient (same order and shapes).
     *
     * @param grads one gradient per parameter, in order
     */
    public void step(List<Tensor> grads) {
        if (grads.size() != values.size()) {
            throw new IllegalArgumentException("step: " + grads.size() + " gradients for " + values.size() + " parameters");
        }
        steps++;
        for (int i = 0; i < values.size(); i++) {
            Tensor g = grads.get(i);
            if (!g.shape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("step: gradient " + i + " has shape " + g.shape() + ", expected " + shapes.get(i));
            }
            update(i, values.get(i), g.toDoubleArray(), steps);
        }
    }

    /**
     * Updates parameter {@code index} in place.
     *
     * @param index which parameter tensor (to find this optimiser's state for it)
     * @param p     its master values
     * @param g     its gradient
     * @param t     the step number, from 1
     */
    protected abstract void update(int index, double[] p, double[] g, long t);

    /**
     * A short description with the hyperparameters.
     *
     * @return e.g. {@code adam(lr 0.001, betas 0.9, 0.999, eps 1.0E-8)}
     */
    public abstract String describe();
}
