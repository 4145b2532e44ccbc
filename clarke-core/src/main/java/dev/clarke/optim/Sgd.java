package dev.clarke.optim;

import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with momentum and weight decay, as PyTorch's {@code torch.optim.SGD}:
 * g ← g + wd·p; then with momentum μ &gt; 0, b ← g on the first step and b ← μ·b + g after, and
 * d = b (or g + μ·b with Nesterov); p ← p − lr·d.
 */
public final class Sgd extends Optimizer {

    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final List<double[]> buffers = new ArrayList<>();

    /**
     * SGD over {@code initial} with the given hyperparameters.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     * @param momentum the momentum (0 for none)
     * @param weightDecay the L2 weight decay added to the gradient
     * @param nesterov whether to use Nesterov momentum
     */
    public Sgd(List<Tensor> initial, double lr, double momentum, double weightDecay, boolean nesterov) {
        super(initial);
        if (!(lr > 0) || !(momentum >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("SGD: need lr > 0, momentum >= 0, weight decay >= 0; got "
                    + lr + ", " + momentum + ", " + weightDecay);
        }
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        for (Tensor t : initial) {
            buffers.add(momentum > 0 ? new double[t.size()] : null);
        }
    }

    /**
     * Plain SGD with momentum, no weight decay.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     * @param momentum the momentum (0 for none)
     * @return the optimiser
     */
    public static Sgd of(List<Tensor> initial, double lr, double momentum) {
        return new Sgd(initial, lr, momentum, 0, false);
    }

    @Override
    protected void update(int index, double[] p, double[] g, long t) {
        double[] b = buffers.get(index);
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] + weightDecay * p[i];
            double d = gi;
            if (b != null) {
                b[i] = t == 1 ? gi : momentum * b[i] + gi;
                d = nesterov ? gi + momentum * b[i] : b[i];
            }
            p[i] -= lr * d;
        }
    }

    @Override
    public String describe() {
        return "sgd(lr " + lr + ", momentum " + momentum + (nesterov ? " nesterov" : "")
                + (weightDecay == 0 ? "" : ", weight decay " + weightDecay) + ")";
    }
}
