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
}
