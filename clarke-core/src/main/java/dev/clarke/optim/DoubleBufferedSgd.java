package dev.clarke.optim;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Plain SGD, {@code w ← w − lr·g}, on parameters held in the working dtype (no F64 master copy, no
 * momentum, no weight decay), without allocating: each parameter owns two arrays that alternate,
 * and {@link Kernels#sgdStep} writes the new values into the one the current tensor does not use.
 * The update's bits are those of {@code sub(w, scale(g, lr))}.
 *
 * <p>Validity: the tensor {@link #parameter(int)} returns stays unchanged through the next
 * {@link #step}, and is overwritten by the one after it. The arrays belong to this object, never to
 * a {@link dev.clarke.tensor.Workspace}, so parameters survive a workspace's recycling.
 */
public final class DoubleBufferedSgd {

    private final Kernels kernels;
    private final double lr;
    private final Tensor[] current;
    private final Object[] spare;

    /**
     * SGD over copies of {@code initial} with learning rate {@code lr}, on {@link Kernels#get()}.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     */
    public DoubleBufferedSgd(List<Tensor> initial, double lr) {
        this(initial, lr, Kernels.get());
    }

    /**
     * SGD over copies of {@code initial} with learning rate {@code lr}, on the given backend.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     * @param kernels the kernel backend of the updates
     */
    public DoubleBufferedSgd(List<Tensor> initial, double lr, Kernels kernels) {
        this.kernels = kernels;
        this.lr = lr;
        this.current = new Tensor[initial.size()];
        this.spare = new Object[initial.size()];
        for (int i = 0; i < current.length; i++) {
            Tensor t = initial.get(i);
            if (t.dtype() == DType.F64) {
                current[i] = Tensor.wrap(t.shape(), t.doubleData().clone());
                spare[i] = new double[t.size()];
            } else {
                current[i] = Tensor.wrap(t.shape(), t.dtype(), t.floatData().clone());
                spare[i] = new float[t.size()];
            }
        }
    }

    /**
     * Number of parameter tensors.
     *
     * @return the number of parameter tensors
     */
    public int size() {
        return current.length;
    }

    /**
     * Parameter {@code i}'s current value (valid until the step after next).
     *
     * @param i the parameter's index
     * @return its value
     */
    public Tensor parameter(int i) {
        return current[i];
    }

    /**
     * Updates parameter {@code i} from its gradient (same shape and dtype).
     *
     * @param i the parameter's index
     * @param grad its gradient
     */
    public void step(int i, Tensor grad) {
        Tensor w = current[i];
        Tensor next = w.dtype() == DType.F64 ? kernels.sgdStep(w, grad, lr, (double[]) spare[i])
                : kernels.sgdStep(w, grad, lr, (float[]) spare[i]);
        spare[i] = w.dtype() == DType.F64 ? w.doubleData() : w.floatData();
        current[i] = next;
    }
}
