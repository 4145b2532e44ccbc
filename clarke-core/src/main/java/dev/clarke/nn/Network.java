package dev.clarke.nn;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A stack of {@link Layer}s on samples of a fixed shape: the general network the training loop
 * runs (dense, convolutional, pooling, dropout). The forward pass records, for every layer, the
 * range of trace nodes it made, so each kink hit of the trace's log can be attributed to its layer.
 * A network made only of {@link Linear} layers each optionally followed by an activation is also a
 * {@link Sequential}, whose {@link dev.clarke.certify.Certificate} can decide each step's gradient.
 */
public final class Network {

    private final Shape sampleShape;
    private final List<Layer> layers;
    private final List<Shape> shapes;

    /**
     * The network of {@code layers} on samples of shape {@code sampleShape}; checks that the shapes chain.
     *
     * @param sampleShape the per-sample input shape
     * @param layers the layers, in order
     */
    public Network(Shape sampleShape, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Network: needs at least one layer");
        }
        this.sampleShape = sampleShape;
        this.layers = List.copyOf(layers);
        List<Shape> ss = new ArrayList<>();
        Shape s = sampleShape;
        ss.add(s);
        for (Layer l : layers) {
            s = l.outputShape(s);
            ss.add(s);
        }
        this.shapes = List.copyOf(ss);
    }

    /**
     * The MLP of the widths {@code w₀-w₁-...-w_L} (e.g. 784-256-10): linear layers with
     * {@code act} after each but the last, initialised by {@code init}.
     *
     * @param widths the widths, input first
     * @param act the hidden activation
     * @param init the weight initialisation
     * @return the network
     */
    public static Network mlp(int[] widths, Activation act, Init init) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output width, e.g. 784-256-10");
        }
        List<Layer> ls = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            ls.add(new Linear(widths[l], widths[l + 1], init));
            if (l + 2 < widths.length) {
                ls.add(new ActivationLayer(act));
            }
        }
        return new Network(Shape.of(widths[0]), ls);
    }

    /**
     * The per-sample input shape.
     *
     * @return the input shape of one sample
     */
    public Shape sampleShape() {
        return sampleShape;
    }

    /**
     * The layers.
     *
     * @return the layers, in order
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The per-sample output shape of layer l (l = −1: the input).
     *
     * @param l the layer's index, or −1
     * @return the shape of one sample after it
     */
    public Shape shapeAfter(int l) {
        return shapes.get(l + 1);
    }

    /**
     * The shapes of every parameter tensor, layer by layer.
     *
     * @return one shape per parameter tensor
     */
    public List<Shape> parameterShapes() {
        List<Shape> out = new ArrayList<>();
        for (Layer l : layers) {
            out.addAll(l.parameterShapes());
        }
        return out;
    }

    /**
     * The PyTorch-style names of the parameters ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...).
     *
     * @return one name per parameter tensor
     */
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (String n : layers.get(i).parameterNames()) {
                out.add(i + "." + n);
            }
        }
        return out;
    }

    /**
     * Total number of scalar parameters.
     *
     * @return the number of scalar parameters
     */
    public long parameterCount() {
        long n = 0;
        for (Shape s : parameterShapes()) {
            n += s.size();
        }
        return n;
    }

    /**
     * Initial parameters from one seed, layer by layer.
     *
     * @param dtype the dtype of the values
     * @param seed the seed
     * @return one tensor per parameter
     */
    public List<Tensor> initialParameters(DType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        for (Layer l : layers) {
            out.addAll(l.initialParameters(dtype, rng));
        }
        return out;
    }

    /**
     * The recorded forward pass.
     *
     * @param output       the network's output [B, ...]
     * @param leaves       the parameter leaves, in {@link #parameterShapes} order
     * @param layerInputs  the input of every layer
     * @param layerOutputs the output of every layer
     * @param nodeStart    the first trace node each layer made
     * @param nodeEnd      one past the last trace node each layer made
     */
    public record Pass(Var output, Var[] leaves, List<Var> layerInputs, List<Var> layerOutputs,
                       int[] nodeStart, int[] nodeEnd) {

        /**
         * The layer that made trace node {@code node}, or −1 (the loss, the leaves).
         *
         * @param node the node's index on the trace
         * @return the layer's index, or −1
         */
        public int layerOf(int node) {
            for (int l = 0; l < nodeStart.length; l++) {
                if (node >= nodeStart[l] && node < nodeEnd[l]) {
                    return l;
                }
            }
            return -1;
        }
    }

    /**
     * Makes the parameter leaves on {@code t} and records the forward pass on inputs x [B, ...sample shape].
     *
     * @param t the trace to record on
     * @param params one tensor per parameter
     * @param x the inputs
     * @param mode training or evaluation
     * @return the pass: output, leaves and the layer of every node
     */
    public Pass forward(Trace t, List<Tensor> params, Tensor x, Layer.Mode mode) {
        Var[] leaves = new Var[params.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = t.input(params.get(i));
        }
        return forward(t, leaves, t.constant(x), mode);
    }

    /**
     * Records the forward pass on existing leaves.
     *
     * @param t the trace to record on
     * @param leaves one leaf per parameter
     * @param x the inputs
     * @param mode training or evaluation
     * @return the pass: output, leaves and the layer of every node
     */
    public Pass forward(Trace t, Var[] leaves, Var x, Layer.Mode mode) {
        Shape xs = x.shape();
        if (xs.rank() != sampleShape.rank() + 1 || xs.size() != xs.dim(0) * sampleShape.size()) {
            throw new IllegalArgumentException("Network: inputs must be [batch" + sampleShape.toString().replace("[", ", ")
                    .replace(", ]", "]") + ", got " + xs);
        }
        int[] start = new int[layers.size()];
        int[] end = new int[layers.size()];
        List<Var> ins = new ArrayList<>();
        List<Var> outs = new ArrayList<>();
        Var z = x;
        int k = 0;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int np = layer.parameterShapes().size();
            List<Var> ps = new ArrayList<>(np);
            for (int i = 0; i < np; i++) {
                ps.add(leaves[k++]);
            }
            ins.add(z);
            start[l] = t.size();
            z = layer.forward(z, ps, mode);
            end[l] = t.size();
            outs.add(z);
        }
        return new Pass(z, leaves, ins, outs, start, end);
    }

    /**
     * This network as a {@link Sequential} of dense layers, when it is one (linear layers, each optionally activated).
     *
     * @return the dense network, or empty
     */
    public Optional<Sequential> asSequential() {
        List<Dense> ds = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (!(layers.get(l) instanceof Linear)) {
                return Optional.empty();
            }
            Linear lin = (Linear) layers.get(l);
            Activation act = null;
            if (l + 1 < layers.size() && layers.get(l + 1) instanceof ActivationLayer) {
                act = ((ActivationLayer) layers.get(++l)).activation();
            }
            ds.add(new Dense(lin.in(), lin.out(), true, act));
        }
        return Optional.of(new Sequential(ds));
    }

    /**
     * The {@link Sequential.Pass} of a pass of this network, when {@link #asSequential} is present.
     *
     * @param pass a pass of this network
     * @return the same pass, seen as one of the {@link Sequential}
     */
    public Sequential.Pass sequentialPass(Pass pass) {
        List<Var> inputs = new ArrayList<>();
        List<Integer> nodes = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            inputs.add(pass.layerInputs().get(l));
            if (l + 1 < layers.size() && layers.get(l + 1) instanceof ActivationLayer) {
                nodes.add(pass.layerOutputs().get(++l).nodeId());
            } else {
                nodes.add(-1);
            }
        }
        int[] an = new int[nodes.size()];
        for (int i = 0; i < an.length; i++) {
            an[i] = nodes.get(i);
        }
        return new Sequential.Pass(pass.output(), inputs, an, pass.leaves());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(sampleShape.toString());
        for (Layer l : layers) {
            sb.append(" -> ").append(l.describe());
        }
        return sb.toString();
    }
}
