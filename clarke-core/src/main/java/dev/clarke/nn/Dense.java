package dev.clarke.nn;

/**
 * A dense layer y = z·W (+ b), then an optional activation: z is [batch, in], W is [in, out], b is
 * [out]. With bias, every neuron has its own private additive parameter b_i — the structure the
 * results on machine-representable parameters need.
 *
 * @param in         input width
 * @param out        output width (neurons)
 * @param bias       whether the layer has a bias vector
 * @param activation the activation, or null for none (a linear layer, e.g. the head)
 */
public record Dense(int in, int out, boolean bias, Activation activation) {

    /**
     * Checks the widths.
     *
     * @param in input width
     * @param out output width
     * @param bias whether the layer has a bias
     * @param activation the activation, or null for none
     */
    public Dense {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense: widths must be positive, got " + in + " -> " + out);
        }
    }

    /**
     * A layer with bias and the given activation.
     *
     * @param in input width
     * @param out output width
     * @param activation the activation
     * @return the layer
     */
    public static Dense of(int in, int out, Activation activation) {
        return new Dense(in, out, true, activation);
    }

    /**
     * A linear layer without bias and without activation (the head f = Σ v_i z_i).
     *
     * @param in input width
     * @param out output width
     * @return the layer
     */
    public static Dense linearNoBias(int in, int out) {
        return new Dense(in, out, false, null);
    }

    /**
     * Number of parameters: in·out weights plus out biases if present.
     *
     * @return the number of parameters
     */
    public int parameterCount() {
        return in * out + (bias ? out : 0);
    }

    /**
     * Number of kinks this layer's neurons carry: out · |ndf(ρ)| (0 without activation).
     *
     * @return the number of (neuron, kink) pairs
     */
    public int kinkCount() {
        return activation == null ? 0 : out * activation.kinkCount();
    }
}
