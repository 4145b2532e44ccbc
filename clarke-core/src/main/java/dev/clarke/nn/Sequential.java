package dev.clarke.nn;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stack of {@link Layer}s on samples of a fixed shape, as PyTorch's {@code nn.Sequential}: the one
 * network of Clarke (dense, convolutional, pooling, dropout, batch norm). It owns its parameters
 * ({@link #parameters}, {@link #stateDict} by PyTorch names); the forward pass takes them as leaves of
 * a trace and records, for every layer, the range of trace nodes it made, so each kink hit of the
 * trace's log can be attributed to its layer. A network made only of {@link Linear} layers each
 * optionally followed by an activation is also dense ({@link #isDense}): then it reads as a stack of
 * {@link Dense} layers ({@link #layer}, {@link #depth}), whose {@link dev.clarke.certify.Certificate}
 * can decide each step's gradient.
 */
public final class Sequential extends DenseReading implements Module {

    private final Shape sampleShape;
    private final List<Layer> layers;
    private final List<Shape> shapes;
    private final List<String> childNames;
    private List<Tensor> parameters;

    /**
     * The network of {@code layers} on samples of shape {@code sampleShape}; checks that the shapes chain.
     *
     * @param sampleShape the per-sample input shape
     * @param layers the layers, in order
     */
    public Sequential(Shape sampleShape, List<Layer> layers) {
        this(sampleShape, layers, null);
    }

    private Sequential(Shape sampleShape, List<Layer> layers, List<String> names) {
        super(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
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
        this.childNames = names != null ? List.copyOf(names) : StateDict.indices(layers.size());
    }

    /**
     * The network of named children, as PyTorch's {@code nn.Sequential(OrderedDict(...))} or a module
     * with attributes: parameters are named {@code features.0.weight} for a child {@code features}
     * that is itself a {@link #asLayer nested} network.
     *
     * @param sampleShape the per-sample input shape
     * @param children the layers by name, in order (names of letters, digits and underscores)
     * @return the network
     */
    public static Sequential named(Shape sampleShape, java.util.LinkedHashMap<String, Layer> children) {
        List<String> names = new ArrayList<>(children.keySet());
        StateDict.checkNames(names);
        return new Sequential(sampleShape, new ArrayList<>(children.values()), names);
    }

    /**
     * The name of child {@code l} in parameter names: its index, or the name given to {@link #named}.
     *
     * @param l the layer's index
     * @return its name
     */
    public String childName(int l) {
        return childNames.get(l);
    }

    /**
     * This network as one layer of another (PyTorch's nested {@code nn.Sequential}): its parameters
     * keep their names under the outer layer's, e.g. {@code 0.2.weight} or {@code features.0.weight}.
     *
     * @return the layer
     */
    public Layer asLayer() {
        return new Block(this);
    }

    /**
     * The dense network of {@code layers}, whose widths must chain: each becomes a {@link Linear}
     * layer (with or without bias) followed by its activation, if any.
     *
     * @param layers the layers, in order
     */
    public Sequential(List<Dense> layers) {
        this(Shape.of(DenseStack.inputWidth(layers)), DenseStack.toLayers(layers));
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
    public static Sequential mlp(int[] widths, Activation act, Init init) {
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
        return new Sequential(Shape.of(widths[0]), ls);
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
    @Override
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
                out.add(childNames.get(i) + "." + n);
            }
        }
        return out;
    }

    /**
     * Total number of scalar parameters.
     *
     * @return the number of scalar parameters
     */
    public int parameterCount() {
        long n = 0;
        for (Shape s : parameterShapes()) {
            n += s.size();
        }
        return Math.toIntExact(n);
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
                if (inLayer(node, l)) {
                    return l;
                }
            }
            return -1;
        }

        /**
         * Whether layer l recorded trace node {@code node}.
         *
         * @param node the node's index on the trace
         * @param l    a layer's index
         * @return whether the node lies in the layer's range of recorded nodes
         */
        public boolean inLayer(int node, int l) {
            return node >= nodeStart[l] && node < nodeEnd[l];
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
    @Override
    public Pass forward(Trace t, Var[] leaves, Var x, Layer.Mode mode) {
        Shape xs = x.shape();
        if (xs.rank() != sampleShape.rank() + 1 || xs.size() != xs.dim(0) * sampleShape.size()) {
            throw new IllegalArgumentException("Sequential: inputs must be [batch" + sampleShape.toString().replace("[", ", ")
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
     * The parameters this network owns, in {@link #parameterShapes} order (initialised from seed 0
     * in F64 until set).
     *
     * @return one tensor per parameter
     */
    public synchronized List<Tensor> parameters() {
        if (parameters == null) {
            parameters = initialParameters(DType.F64, 0);
        }
        return parameters;
    }

    /**
     * Replaces the parameters this network owns (after training, say); checks their shapes.
     *
     * @param values one tensor per parameter, in {@link #parameterShapes} order
     */
    public synchronized void setParameters(List<Tensor> values) {
        parameters = StateDict.checked(this, values);
    }

    /**
     * The parameters by PyTorch name in Clarke's layouts (as {@link #parameters}; PyTorch's
     * {@code named_parameters()} and buffers), e.g. {@code 0.weight} as [in, out].
     *
     * @return an ordered map, name to tensor
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        List<String> names = parameterNames();
        List<Tensor> values = parameters();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return stateDictOf(parameters());
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        setParameters(parametersOf(state, strict));
    }

    /**
     * The state dict of {@code params} (this network's parameters in {@link #parameterShapes} order,
     * e.g. a training run's), as {@link #stateDict} lays them out.
     *
     * @param params one tensor per parameter
     * @return an ordered map, PyTorch name to tensor in PyTorch's layout
     */
    public Map<String, Tensor> stateDictOf(List<Tensor> params) {
        return StateDict.of(this, StateDict.checked(this, params));
    }

    /**
     * The parameters in {@link #parameterShapes} order (F64) read from a state dict, without keeping them.
     *
     * @param state the tensors by PyTorch name
     * @param strict whether names this network does not have are an error
     * @return one tensor per parameter
     * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped name
     */
    public List<Tensor> parametersOf(Map<String, Tensor> state, boolean strict) {
        return StateDict.parameters(this, state, strict);
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
