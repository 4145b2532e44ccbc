package dev.clarke.nn;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The dense reading of a {@link Sequential}: when its layers are {@link Linear} layers each optionally
 * followed by an activation, it is also a stack of {@link Dense} layers, the form the gradient
 * {@link dev.clarke.certify.Certificate}, the density bound and the exact enumerations read.
 */
abstract class DenseReading {

    private final List<Dense> dense;

    DenseReading(List<Layer> layers) {
        this.dense = DenseStack.of(layers);
    }

    /**
     * The layers.
     *
     * @return the layers, in order
     */
    public abstract List<Layer> layers();

    /**
     * Records the forward pass on existing leaves.
     *
     * @param t the trace to record on
     * @param leaves one leaf per parameter
     * @param x the inputs
     * @param mode training or evaluation
     * @return the pass: output, leaves and the layer of every node
     */
    public abstract Sequential.Pass forward(Trace t, Var[] leaves, Var x, Layer.Mode mode);

    /**
     * The dense network made of {@code layers}.
     *
     * @param layers the layers, in order
     * @return the network
     */
    public static Sequential of(Dense... layers) {
        return new Sequential(List.of(layers));
    }

    /**
     * Whether this network is dense: {@link Linear} layers, each optionally followed by an activation.
     *
     * @return whether it is
     */
    public boolean isDense() {
        return dense != null;
    }

    /**
     * The dense layers (a {@link Linear} and the activation after it, if any, as one {@link Dense}).
     *
     * @return the dense layers, in order
     * @throws IllegalStateException when the network is not dense
     */
    public List<Dense> denseLayers() {
        if (dense == null) {
            throw new IllegalStateException("Sequential: " + this + " is not a stack of linear layers and activations");
        }
        return dense;
    }

    /**
     * Number of dense layers.
     *
     * @return the number of dense layers
     */
    public int depth() {
        return denseLayers().size();
    }

    /**
     * Dense layer l (from 0).
     *
     * @param l the dense layer's index
     * @return the layer
     */
    public Dense layer(int l) {
        return denseLayers().get(l);
    }

    /**
     * Input width of a dense network.
     *
     * @return the input width
     */
    public int inputWidth() {
        return layer(0).in();
    }

    /**
     * Output width of a dense network.
     *
     * @return the output width
     */
    public int outputWidth() {
        return layer(depth() - 1).out();
    }

    /**
     * n = Σ_l N_l·|ndf(ρ_l)| over the dense layers: the number of (neuron, kink) pairs, the numerator
     * of the density bound.
     *
     * @return the number of (neuron, kink) pairs
     */
    public long kinkCount() {
        long n = 0;
        for (Dense d : denseLayers()) {
            n += d.kinkCount();
        }
        return n;
    }

    /**
     * Whether every dense layer with an activation has a bias.
     *
     * @return whether it holds
     */
    public boolean everyActivationHasBias() {
        for (Dense d : denseLayers()) {
            if (d.activation() != null && !d.bias()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes the parameter leaves on {@code t} and records the dense forward pass on inputs x [batch, in].
     *
     * @param t the trace to record on
     * @param params the parameters
     * @param x the inputs [batch, in]
     * @return the pass
     */
    public DensePass forward(Trace t, Parameters params, Tensor x) {
        List<Tensor> ts = params.tensors(t.dtype());
        Var[] leaves = new Var[ts.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = t.input(ts.get(i));
        }
        return forward(t, leaves, t.constant(x));
    }

    /**
     * Records the dense forward pass on existing leaves (W_1, (b_1,) W_2, ...), x of shape [batch, in].
     *
     * @param t the trace to record on
     * @param leaves the parameter leaves
     * @param x the inputs [batch, in]
     * @return the pass
     */
    public DensePass forward(Trace t, Var[] leaves, Var x) {
        denseLayers();
        return densePass(forward(t, leaves, x, Layer.Mode.EVAL));
    }

    /**
     * The {@link DensePass} of a pass of this network, when it is dense.
     *
     * @param pass a pass of this network
     * @return the same pass, by dense layer
     */
    public DensePass densePass(Sequential.Pass pass) {
        denseLayers();
        return DenseStack.pass(layers(), pass);
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
     * Input rows as a [batch, in] tensor.
     *
     * @param dtype the tensor's dtype
     * @param rows the rows, of equal length
     * @return the tensor
     */
    public static Tensor batch(DType dtype, double[][] rows) {
        return DenseStack.batch(dtype, rows);
    }
}
