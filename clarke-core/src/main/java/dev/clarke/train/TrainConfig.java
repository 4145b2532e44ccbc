package dev.clarke.train;

import dev.clarke.nn.Loss;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.Locale;

/**
 * The settings of a training run. Build one by name with {@link #builder()}:
 *
 * <pre>{@code
 * TrainConfig c = TrainConfig.builder().epochs(5).batch(128).sgd(0.05, 0.9).dtype(DType.BF16).build();
 * TrainConfig regression = TrainConfig.builder().loss(Loss.mse()).build();
 * }</pre>
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
 * @param loss        the loss: cross-entropy on class labels or MSE on real-valued targets
 */
public record TrainConfig(int epochs, int batch, String optimizer, double lr, double momentum, double weightDecay,
                          long seed, KinkPolicy policy, DType dtype, boolean certify, Loss.Criterion loss) {

    /**
     * Checks the numbers.
     *
     * @param epochs passes over the training set
     * @param batch minibatch size
     * @param optimizer {@code sgd} or {@code adam}
     * @param lr learning rate
     * @param momentum SGD momentum
     * @param weightDecay L2 weight decay
     * @param seed seed of initialisation, shuffling and dropout
     * @param policy the kink policy
     * @param dtype the working precision
     * @param certify whether to certify every step's gradient
     * @param loss the loss
     */
    public TrainConfig {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (loss == null) {
            throw new IllegalArgumentException("loss: choose Loss.crossEntropy() or Loss.mse()");
        }
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

    /**
     * The configuration with the cross-entropy loss (classification).
     *
     * @param epochs passes over the training set
     * @param batch the minibatch size
     * @param optimizer {@code sgd} or {@code adam}
     * @param lr the learning rate
     * @param momentum SGD's momentum
     * @param weightDecay the L2 weight decay
     * @param seed the seed of initialisation, shuffling and dropout
     * @param policy the kink policy
     * @param dtype the dtype of the training steps
     * @param certify whether each step's gradient is certified
     */
    public TrainConfig(int epochs, int batch, String optimizer, double lr, double momentum, double weightDecay,
                       long seed, KinkPolicy policy, DType dtype, boolean certify) {
        this(epochs, batch, optimizer, lr, momentum, weightDecay, seed, policy, dtype, certify, Loss.Criterion.CROSS_ENTROPY);
    }

    /**
     * Defaults: 10 epochs of batch 64, Adam at 1e−3, seed 1, policy mid, F32, certified.
     *
     * @return the default configuration
     */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, "adam", 1e-3, 0.9, 0, 1, KinkPolicy.mid(), DType.F32, true);
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets a {@link TrainConfig} field by field; {@link #build()} checks the numbers. */
    public static final class Builder {
        private int epochs;
        private int batch;
        private String optimizer;
        private double lr;
        private double momentum;
        private double weightDecay;
        private long seed;
        private KinkPolicy policy;
        private DType dtype;
        private boolean certify;
        private Loss.Criterion loss;

        private Builder(TrainConfig c) {
            epochs = c.epochs;
            batch = c.batch;
            optimizer = c.optimizer;
            lr = c.lr;
            momentum = c.momentum;
            weightDecay = c.weightDecay;
            seed = c.seed;
            policy = c.policy;
            dtype = c.dtype;
            certify = c.certify;
            loss = c.loss;
        }

        /**
         * Passes over the training set.
         *
         * @param n the number of epochs, at least 1
         * @return this builder
         */
        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        /**
         * Minibatch size.
         *
         * @param size the batch size, at least 1
         * @return this builder
         */
        public Builder batch(int size) {
            batch = size;
            return this;
        }

        /**
         * Adam (β = 0.9, 0.999, ε = 1e−8) at the given learning rate.
         *
         * @param learningRate the learning rate
         * @return this builder
         */
        public Builder adam(double learningRate) {
            optimizer = "adam";
            lr = learningRate;
            return this;
        }

        /**
         * SGD at the given learning rate and momentum (0 for none).
         *
         * @param learningRate the learning rate
         * @param withMomentum the momentum
         * @return this builder
         */
        public Builder sgd(double learningRate, double withMomentum) {
            optimizer = "sgd";
            lr = learningRate;
            momentum = withMomentum;
            return this;
        }

        /**
         * L2 weight decay added to the gradient.
         *
         * @param decay the weight decay, at least 0
         * @return this builder
         */
        public Builder weightDecay(double decay) {
            weightDecay = decay;
            return this;
        }

        /**
         * Seed of initialisation, shuffling and dropout.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * The kink policy of every step.
         *
         * @param p the policy
         * @return this builder
         */
        public Builder policy(KinkPolicy p) {
            policy = p;
            return this;
        }

        /**
         * The working precision.
         *
         * @param t the dtype
         * @return this builder
         */
        public Builder dtype(DType t) {
            dtype = t;
            return this;
        }

        /**
         * Whether to certify every step's gradient (dense networks).
         *
         * @param on whether to certify
         * @return this builder
         */
        public Builder certify(boolean on) {
            certify = on;
            return this;
        }

        /**
         * Sets the loss: {@code Loss.crossEntropy()} (classification, the default) or
         * {@code Loss.mse()} (regression on a data set with real-valued targets).
         *
         * @param criterion the loss
         * @return this builder
         */
        public Builder loss(Loss.Criterion criterion) {
            loss = criterion;
            return this;
        }

        /**
         * The configuration; throws {@link IllegalArgumentException} when a number is out of range.
         *
         * @return the configuration
         */
        public TrainConfig build() {
            return new TrainConfig(epochs, batch, optimizer, lr, momentum, weightDecay, seed, policy, dtype, certify, loss);
        }
    }
}
