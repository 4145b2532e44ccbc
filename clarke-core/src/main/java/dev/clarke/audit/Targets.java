package dev.clarke.audit;

import dev.clarke.nn.Loss;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Arrays;

/** What the model's outputs are compared with: one class label per sample, or a target tensor. */
public sealed interface Targets {

    /** {@return the number of samples} */
    int size();

    /**
     * The loss of samples {@code [from, to)}: the mean over those samples.
     *
     * @param from the first sample, inclusive
     * @param to the sample after the last one, exclusive
     * @return the mean loss over those samples, as a function of the model's outputs
     */
    Loss loss(int from, int to);

    /** {@return the loss's name: {@code cross-entropy} or {@code mse}} */
    String lossName();

    /**
     * Checks the targets against a model output of {@code outputShape} per sample.
     *
     * @param outputShape the model's output shape per sample
     * @throws IllegalArgumentException saying which target does not fit
     * @throws IllegalArgumentException if the targets do not fit it, saying how
     */
    void check(Shape outputShape);

    /** Class labels for the mean softmax cross-entropy. */
    record Classes(int[] labels) implements Targets {
        /**
         * Copies the labels.
         *
         * @param labels the class index of each sample, in [0, number of classes)
         */
        public Classes {
            labels = labels.clone();
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public Loss loss(int from, int to) {
            return Loss.crossEntropy(Arrays.copyOfRange(labels, from, to));
        }

        @Override
        public String lossName() {
            return "cross-entropy";
        }

        @Override
        public void check(Shape outputShape) {
            if (outputShape.rank() != 1) {
                throw new IllegalArgumentException("cross-entropy needs one logit vector per sample, but the model's output per sample is "
                        + outputShape + ": use --loss mse with target values");
            }
            int classes = outputShape.dim(0);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside 0.." + (classes - 1)
                            + ", the model's " + classes + " classes: check the labels file");
                }
            }
        }
    }

    /** Targets of the output's shape for the mean squared error (over every element, as PyTorch's mse_loss). */
    record Values(Tensor targets) implements Targets {
        @Override
        public int size() {
            return targets.shape().dim(0);
        }

        @Override
        public Loss loss(int from, int to) {
            return Loss.mse(Slices.slice(targets, from, to));
        }

        @Override
        public String lossName() {
            return "mse";
        }

        @Override
        public void check(Shape outputShape) {
            Shape s = targets.shape();
            if (s.rank() != outputShape.rank() + 1 || !Slices.sampleShape(s).equals(outputShape)) {
                throw new IllegalArgumentException("mse targets have shape " + s + ", but the model's output is " + outputShape
                        + " per sample");
            }
            if (!targets.allFinite()) {
                throw new IllegalArgumentException("the mse targets contain NaN or infinity");
            }
        }
    }
}
