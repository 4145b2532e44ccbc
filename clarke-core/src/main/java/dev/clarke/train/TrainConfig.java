package dev.clarke.train;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.Locale;

/**
 * The settings of a training run.
 *
 * @param epochs      passes over the training set
 * @param batch       minibatch size
 * @param optimizer   {@code sgd} (with {@code momentum}) or {@code adam}
 * @param lr          learning rate
 * @param momentum    SGD momentum (ignored by Adam)
 * @param weightDecay L2 weight decay added to the gradient
 * @param seed        seed of initialisation, shuffling and dropout
 * @param policy      the kink policy of every step
 * @param dtype       the working precision of every forward and backward pass
 * @param certify     whether to compute the certificate verdict of every step's gradient (dense nets only)
 */
public record TrainConfig(int epochs, int batch, String optimizer, double lr, double momentum, double weightDecay,
                          long seed, KinkPolicy policy, DType dtype, boolean certify) {

    /** Checks the numbers. */
    public TrainConfig {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "': use sgd or adam");
        }
    }

    /** Defaults: 10 epochs of batch 64, Adam at 1e−3, seed 1, policy mid, F32, certified. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, "adam", 1e-3, 0.9, 0, 1, KinkPolicy.mid(), DType.F32, true);
    }
}
