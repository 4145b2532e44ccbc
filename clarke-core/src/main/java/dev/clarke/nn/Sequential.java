package dev.clarke.nn;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link Dense} layers: z₀ = x, y_l = z_{l−1}·W_l (+ b_l), z_l = ρ_l(y_l). The forward
 * pass on a {@link Trace} returns a {@link Pass} naming the node of every activation, so each kink
 * hit of the trace's log can be read back as (layer, neuron, sample).
 */
public final class Sequential {

    private final List<Dense> layers;

    /**
     * The network made of {@code layers}, whose widths must chain.
     *
     * @param layers the layers, in order
     */
    public Sequential(List<Dense> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).in() != layers.get(l - 1).out()) {
                throw new IllegalArgumentException("Sequential: layer " + (l + 1) + " takes " + layers.get(l).in()
                        + " inputs but layer " + l + " gives " + layers.get(l - 1).out());
            }
        }
        this.layers = List.copyOf(layers);
    }

    /**
     * The network made of {@code layers}.
     *
     * @param layers the layers, in order
     * @return the network
     */
    public static Sequential of(Dense... layers) {
        return new Sequential(List.of(layers));
    }

    /**
     * The family of the exhaustive enumerations: scalar input, hidden layers of the given widths with
     * activation {@code act} (with or without bias), then the linear head f = Σ v_i z_i without bias.
     *
     * @param widths the hidden widths
     * @param act the hidden activation
     * @param bias whether hidden layers have biases
     * @return the network
     */
    public static Sequential scalarMlp(int[] widths, Activation act, boolean bias) {
        List<Dense> ls = new ArrayList<>();
        int in = 1;
        for (int w : widths) {
            ls.add(new Dense(in, w, bias, act));
            in = w;
        }
        ls.add(Dense.linearNoBias(in, 1));
        return new Sequential(ls);
    }

    /**
     * Number of layers.
     *
     * @return the number of layers
     */
    public int depth() {
        return layers.size();
    }

    /**
     * Layer l (from 0).
     *
     * @param l the layer's index
     * @return the layer
     */
    public Dense layer(int l) {
        return layers.get(l);
    }

    /**
     * The layers.
     *
     * @return the layers, in order
     */
    public List<Dense> layers() {
        return layers;
    }

    /**
     * Input width.
     *
     * @return the input width
     */
    public int inputWidth() {
        return layers.get(0).in();
    }

    /**
     * Output width.
     *
     * @return the output width
     */
    public int outputWidth() {
        return layers.get(layers.size() - 1).out();
    }

    /**
     * Total number of parameters.
     *
     * @return the number of parameters
     */
    public int parameterCount() {
        int n = 0;
        for (Dense d : layers) {
            n += d.parameterCount();
        }
        return n;
    }

    /**
     * n = Σ_l N_l·|ndf(ρ_l)|: the number of (neuron, kink) pairs, the numerator of the density bound.
     *
     * @return the number of (neuron, kink) pairs
     */
    public long kinkCount() {
        long n = 0;
        for (Dense d : layers) {
            n += d.kinkCount();
        }
        return n;
    }

    /**
     * Whether every layer with an activation has a bias.
     *
     * @return whether it holds
     */
    public boolean everyActivationHasBias() {
        for (Dense d : layers) {
            if (d.activation() != null && !d.bias()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The recorded forward pass.
     *
     * @param output          the network's output [batch, out]
     * @param layerInputs     z_{l−1} for every layer l, [batch, in_l]
     * @param activationNodes the trace node of layer l's activation, −1 for a layer without one
     * @param leaves          the parameter leaves, in the order of {@link Parameters#tensors}
     */
    public record Pass(Var output, List<Var> layerInputs, int[] activationNodes, Var[] leaves) {
    }

    /**
     * Makes the parameter leaves on {@code t} and records the forward pass on inputs x [batch, in].
     *
     * @param t the trace to record on
     * @param params the parameters
     * @param x the inputs [batch, in]
     * @return the pass
     */
    public Pass forward(Trace t, Parameters params, Tensor x) {
        List<Tensor> ts = params.tensors(t.dtype());
        Var[] leaves = new Var[ts.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = t.input(ts.get(i));
        }
        return forward(t, leaves, t.constant(x));
    }

    /**
     * Records the forward pass on existing leaves (W_1, (b_1,) W_2, ...), x of shape [batch, in].
     *
     * @param t the trace to record on
     * @param leaves the parameter leaves
     * @param x the inputs [batch, in]
     * @return the pass
     */
    public Pass forward(Trace t, Var[] leaves, Var x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inputWidth()) {
            throw new IllegalArgumentException("Sequential: inputs must be [batch, " + inputWidth() + "], got "
                    + x.shape());
        }
        List<Var> inputs = new ArrayList<>();
        int[] nodes = new int[layers.size()];
        Var z = x;
        int k = 0;
        for (int l = 0; l < layers.size(); l++) {
            Dense d = layers.get(l);
            inputs.add(z);
            Var y = z.matmul(leaves[k++]);
            if (d.bias()) {
                y = y.add(leaves[k++]);
            }
            if (d.activation() != null) {
                z = d.activation().apply(y);
                nodes[l] = z.nodeId();
            } else {
                z = y;
                nodes[l] = -1;
            }
        }
        return new Pass(z, inputs, nodes, leaves);
    }

    /**
     * Input rows as a [batch, in] tensor.
     *
     * @param dtype the tensor's dtype
     * @param rows the rows, of equal length
     * @return the tensor
     */
    public static Tensor batch(dev.clarke.tensor.DType dtype, double[][] rows) {
        int b = rows.length;
        int in = rows[0].length;
        double[] flat = new double[b * in];
        for (int s = 0; s < b; s++) {
            if (rows[s].length != in) {
                throw new IllegalArgumentException("inputs: row " + s + " has " + rows[s].length + " values, row 0 has " + in);
            }
            System.arraycopy(rows[s], 0, flat, s * in, in);
        }
        return Tensor.of(dtype, Shape.of(b, in), flat);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(inputWidth());
        for (Dense d : layers) {
            sb.append(" -> ").append(d.out()).append(d.activation() == null ? " linear" : " " + d.activation())
                    .append(d.bias() ? "" : " (no bias)");
        }
        return sb.toString();
    }
}
