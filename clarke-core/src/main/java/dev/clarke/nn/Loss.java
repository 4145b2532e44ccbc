package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Tensor;

/**
 * The analytic head ℓ applied to the network's output [batch, out]: every loss here is analytic,
 * so the kinks of f = ℓ ∘ network are exactly the activations' kinks.
 */
public sealed interface Loss {

    /**
     * The loss on the trace.
     *
     * @param output the network's output
     * @return the scalar loss
     */
    Var apply(Var output);

    /**
     * A short name: {@code sum}, {@code mse}, {@code cross_entropy}.
     *
     * @return the name
     */
    String id();

    /** f = Σ of every output element (with a final linear layer v: the head Σ v_i z_i). */
    record Sum() implements Loss {
        @Override public Var apply(Var output) { return output.sum(); }
        @Override public String id() { return "sum"; }
    }

    /** Mean squared error against a target of the output's shape. */
    record Mse(Tensor target) implements Loss {
        @Override public Var apply(Var output) { return output.mse(output.trace().constant(target)); }
        @Override public String id() { return "mse"; }
    }

    /** Mean softmax cross-entropy of the outputs (logits) against one class label per sample. */
    record CrossEntropy(int[] labels) implements Loss {
        /**
         * Copies the labels.
         *
         * @param labels the class of every row
         */
        public CrossEntropy {
            labels = labels.clone();
        }
        @Override public Var apply(Var output) { return output.crossEntropy(labels); }
        @Override public String id() { return "cross_entropy"; }
    }

    /**
     * The linear sum head.
     *
     * @return the loss
     */
    static Loss sum() { return new Sum(); }

    /**
     * MSE against {@code target}.
     *
     * @param target the target, of the output's shape
     * @return the loss
     */
    static Loss mse(Tensor target) { return new Mse(target); }

    /**
     * Softmax cross-entropy against {@code labels}.
     *
     * @param labels the class of every row
     * @return the loss
     */
    static Loss crossEntropy(int... labels) { return new CrossEntropy(labels); }

    /**
     * The loss a trainer applies to each batch, chosen by the caller: {@link #mse()} for regression,
     * {@link #crossEntropy()} for classification.
     *
     * @return mean squared error against each batch's real-valued targets
     */
    static Criterion mse() { return Criterion.MSE; }

    /**
     * The loss a trainer applies to each batch: softmax cross-entropy against its class labels.
     *
     * @return the cross-entropy criterion
     */
    static Criterion crossEntropy() { return Criterion.CROSS_ENTROPY; }

    /**
     * A loss without its targets, as PyTorch's {@code nn.CrossEntropyLoss()} / {@code nn.MSELoss()}:
     * the trainer binds each batch's targets ({@link #bind}).
     */
    enum Criterion {
        /** Softmax cross-entropy, mean over the batch, against class labels (classification). */
        CROSS_ENTROPY("cross_entropy"),
        /** Mean squared error, mean over every output, against real-valued targets (regression). */
        MSE("mse");

        private final String id;

        Criterion(String id) {
            this.id = id;
        }

        /**
         * The identifier, as {@link Loss#id} and the CLI's {@code --loss} spell it.
         *
         * @return the identifier
         */
        public String id() {
            return id;
        }

        /**
         * Whether this criterion learns real-valued targets.
         *
         * @return whether it is a regression loss
         */
        public boolean regression() {
            return this == MSE;
        }

        /**
         * The loss of one batch.
         *
         * @param labels the batch's class labels (cross-entropy)
         * @param targets the batch's targets [batch, out] (MSE)
         * @return the bound loss
         */
        public Loss bind(int[] labels, Tensor targets) {
            return this == MSE ? new Mse(targets) : new CrossEntropy(labels);
        }

        /**
         * The criterion of an identifier ({@code mse}, {@code cross_entropy} or {@code ce}).
         *
         * @param id the identifier
         * @return the criterion
         * @throws IllegalArgumentException naming the choices
         */
        public static Criterion parse(String id) {
            switch (id.toLowerCase(java.util.Locale.ROOT)) {
                case "mse": return MSE;
                case "cross_entropy": case "cross-entropy": case "ce": return CROSS_ENTROPY;
                default: throw new IllegalArgumentException("unknown loss '" + id + "': use cross_entropy or mse");
            }
        }
    }
}
