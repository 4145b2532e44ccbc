package dev.clarke.optim;

import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015), as PyTorch's {@code torch.optim.Adam}: g ← g + wd·p;
 * m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr·m̂/(√v̂ + ε) with the bias corrections
 * m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
public final class Adam extends Optimizer {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final List<double[]> m = new ArrayList<>();
    private final List<double[]> v = new ArrayList<>();

    /**
     * Adam over {@code initial}.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     * @param beta1 the decay of the first-moment estimate
     * @param beta2 the decay of the second-moment estimate
     * @param eps the term added to the denominator
     * @param weightDecay the L2 weight decay added to the gradient
     */
    public Adam(List<Tensor> initial, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(initial);
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: need lr > 0, betas in [0, 1), eps > 0, weight decay >= 0");
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (Tensor t : initial) {
            m.add(new double[t.size()]);
            v.add(new double[t.size()]);
        }
    }

    /**
     * Adam with β = (0.9, 0.999), ε = 1e−8, no weight decay.
     *
     * @param initial the initial parameters
     * @param lr the learning rate
     * @return the optimiser
     */
    public static Adam of(List<Tensor> initial, double lr) {
        return new Adam(initial, lr, 0.9, 0.999, 1e-8, 0);
    }

    @Override
    protected void update(int index, double[] p, double[] g, long t) {
        double[] mi = m.get(index);
        double[] vi = v.get(index);
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] + weightDecay * p[i];
            mi[i] = beta1 * mi[i] + (1 - beta1) * gi;
            vi[i] = beta2 * vi[i] + (1 - beta2) * gi * gi;
            p[i] -= lr * (mi[i] / c1) / (Math.sqrt(vi[i] / c2) + eps);
        }
    }

    @Override
    public String describe() {
        return "adam(lr " + lr + ", betas " + beta1 + ", " + beta2 + ", eps " + eps
                + (weightDecay == 0 ? "" : ", weight decay " + weightDecay) + ")";
    }
}
