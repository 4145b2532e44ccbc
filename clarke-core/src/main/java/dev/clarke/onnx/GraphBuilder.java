package dev.clarke.onnx;

import dev.clarke.ad.DomainException;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.onnx.OnnxGraph.Node;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.onnx.OnnxGraph.ValueInfo;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an {@link OnnxGraph} node by node. Each node is built by its {@link OnnxOperator} and at
 * once run on a dry batch of {@link #DRY_BATCH} zero samples, so every shape is known and checked
 * when the model is read, not when it is first used: an operator that does not fit its inputs
 * fails here, naming the node. Along the way it tracks which values carry the batch axis (a model
 * must treat samples independently, so no operator may act across axis 0), which inputs are
 * constants read at build time (a Reshape's shape, Clip's bounds), and which initializers feed
 * computations: those are the model's parameters.
 */
final class GraphBuilder {

    /** The batch of the dry run: two samples, so an operator that mixes samples or fixes the batch fails. */
    static final int DRY_BATCH = 2;

    final OnnxGraph graph;
    final String where;
    final OnnxModel.Limits limits;
    private final Trace dry = new Trace(KinkPolicy.mid(), DType.F64).logKinks(false);
    private final Map<String, Var> values = new HashMap<>();
    private final Set<String> batched = new HashSet<>();
    private final Map<String, TensorData> constants = new HashMap<>();
    private final Map<String, TensorData> initializers = new HashMap<>();
    private final Set<String> dataUses = new LinkedHashSet<>();
    private final Set<String> unavailable = new HashSet<>();
    private final Map<String, String> aliasOf = new HashMap<>();
    private final BitSet staticSlots = new BitSet();
    final List<Compiled> compiled = new ArrayList<>();
    String inputName;
    Shape sampleShape;
    long exportBatch = -1;
    String outputName;
    Shape outputShape;

    GraphBuilder(OnnxGraph graph, String where, OnnxModel.Limits limits) {
        this.graph = graph;
        this.where = where;
        this.limits = limits;
    }

    OnnxException error(String what) {
        return new OnnxException(where + ": " + what);
    }

    void build() {
        for (TensorData t : initializersWithCopies()) {
            if (t.name().isEmpty() || initializers.put(t.name(), t) != null) {
                throw error("initializer '" + t.name() + "' is " + (t.name().isEmpty() ? "unnamed" : "defined twice"));
            }
            constants.put(t.name(), t);
            values.put(t.name(), dry.constant(tensor(t, DType.F64)));
        }
        input();
        for (Node n : graph.nodes()) {
            if (!copies.contains(n)) {
                compile(n);
            }
        }
        output();
        values.clear();   // the dry run's values are not needed once every shape is checked
        dry.release();
    }

    private final Set<Node> copies = new HashSet<>();
    private List<TensorData> allInitializers;

    /**
     * The initializers, plus one for each Identity node that copies an initializer: PyTorch's
     * exporter stores parameters with equal values once (a fresh BatchNorm's weight and running
     * variance are both ones) and makes the others with Identity, whose output keeps the other
     * parameter's name. Each such copy is a parameter of its own, as in the {@code state_dict}.
     */
    private List<TensorData> initializersWithCopies() {
        Map<String, TensorData> byName = new HashMap<>();
        for (TensorData t : graph.initializers()) {
            byName.put(t.name(), t);
        }
        List<TensorData> out = new ArrayList<>(graph.initializers());
        for (Node n : graph.nodes()) {
            if (n.opType().equals("Identity") && n.inputs().size() == 1 && n.outputs().size() == 1 && n.attributes().isEmpty()
                    && byName.containsKey(n.inputs().get(0)) && !byName.containsKey(n.outputs().get(0))) {
                TensorData src = byName.get(n.inputs().get(0));
                TensorData copy = new TensorData(n.outputs().get(0), src.dataType(), src.dims(), src.reals(), src.ints());
                byName.put(copy.name(), copy);
                out.add(copy);
                copies.add(n);
            }
        }
        allInitializers = out;
        return out;
    }

    private void input() {
        List<ValueInfo> real = new ArrayList<>();
        for (ValueInfo v : graph.inputs()) {
            if (!initializers.containsKey(v.name())) {
                real.add(v);
            }
        }
        if (real.size() != 1) {
            throw error("the graph has " + real.size() + " inputs besides its initializers; only models with one input are supported");
        }
        ValueInfo in = real.get(0);
        if (in.elemType() != TensorData.FLOAT && in.elemType() != TensorData.DOUBLE) {
            throw error("input '" + in.name() + "' has element type " + ProtoReader.typeName(in.elemType())
                    + "; only FLOAT or DOUBLE inputs are supported");
        }
        if (in.dims() == null || in.dims().length < 2) {
            throw error("input '" + in.name() + "' has " + (in.dims() == null ? "no shape" : "shape " + Arrays.toString(in.dims()))
                    + "; export the model with an example batch so the input is [batch, ...]");
        }
        int[] sample = new int[in.dims().length - 1];
        long size = 1;
        for (int d = 0; d < sample.length; d++) {
            long v = in.dims()[d + 1];
            if (v < 1) {
                throw error("input '" + in.name() + "' has shape " + Arrays.toString(in.dims()).replace("-1", "?")
                        + "; only the batch axis (the first) may be symbolic");
            }
            size *= v;
            if (size > limits.maxElements()) {
                throw error("input '" + in.name() + "' has " + size + "+ elements per sample, more than the limit of " + limits.maxElements());
            }
            sample[d] = (int) v;
        }
        inputName = in.name();
        sampleShape = Shape.of(sample);
        exportBatch = in.dims()[0];
        int[] dims = new int[sample.length + 1];
        dims[0] = DRY_BATCH;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        values.put(inputName, dry.constant(Shape.of(dims), 0));
        batched.add(inputName);
    }

    private void compile(Node n) {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            throw Attrs.error(where, n, "operators of domain '" + n.domain() + "' are not supported; only the standard ai.onnx operators are");
        }
        OnnxOperator op = OnnxOperator.of(n.opType()).orElseThrow(() -> Attrs.error(where, n,
                "operator " + n.opType() + " is not supported; supported: " + OnnxOperator.names()));
        if (n.outputs().isEmpty() || n.inputs().size() > 1024) {
            throw Attrs.error(where, n, n.outputs().isEmpty() ? "the node has no output" : "more than 1024 inputs");
        }
        Var[] in = new Var[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            String name = n.inputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            if (unavailable.contains(name)) {
                throw Attrs.error(where, n, "uses '" + name + "', an extra output of an earlier node; only first outputs are supported");
            }
            in[i] = values.get(name);
            if (in[i] == null) {
                throw Attrs.error(where, n, "input '" + name + "' is not made by any earlier node, initializer or graph input");
            }
        }
        staticSlots.clear();
        Compiled c;
        try {
            c = op.build(n, new Attrs(n, where, op.understood(), op.ignored()), this);
        } catch (OnnxException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw Attrs.error(where, n, e.getMessage());
        }
        Var out;
        try {
            if (c.layer() != null) {
                checkLayerSize(n, c.layer(), in[0].shape());
            }
            out = c.op().apply(dry, in);
        } catch (OnnxException e) {
            throw e;
        } catch (RuntimeException e) { // the operation's own checks (shapes that do not broadcast, ...)
            throw Attrs.error(where, n, "does not fit its inputs " + shapes(in) + ": "
                    + (e instanceof IllegalArgumentException || e instanceof DomainException ? "" : e.getClass().getSimpleName() + ": ")
                    + e.getMessage());
        }
        if ((long) out.shape().size() > limits.maxElements() * DRY_BATCH) {
            throw Attrs.error(where, n, "output " + out.shape() + " has more elements per sample than the limit of " + limits.maxElements());
        }
        boolean anyBatched = false;
        for (int i = 0; i < in.length; i++) {
            String name = n.inputs().get(i);
            if (in[i] != null && !staticSlots.get(i)) {
                if (shapeValues.contains(name)) {
                    throw Attrs.error(where, n, "uses the shape computation '" + name + "' as data; only Reshape and"
                            + " other shape operators may read it");
                }
                dataUses.add(name);
                anyBatched |= batched.contains(name);
            }
        }
        String o = n.outputs().get(0);
        if (values.containsKey(o) || o.isEmpty()) {
            throw Attrs.error(where, n, "output '" + o + "' is " + (o.isEmpty() ? "unnamed" : "already defined"));
        }
        if (anyBatched && (out.shape().rank() == 0 || out.shape().dim(0) != DRY_BATCH)) {
            throw Attrs.error(where, n, "acts across the batch axis (output " + out.shape() + " for a batch of " + DRY_BATCH
                    + "); models must treat samples independently");
        }
        values.put(o, out);
        if (anyBatched) {
            batched.add(o);
        }
        if (c.alias()) {
            String src = n.inputs().get(0);
            aliasOf.put(o, aliasOf.getOrDefault(src, src));
            if (constants.containsKey(src)) {
                constants.put(o, constants.get(src));
            }
            if (shapeValues.contains(src)) {
                shapeValues.add(o);
            }
        }
        unavailable.addAll(n.outputs().subList(1, n.outputs().size()));
        compiled.add(c);
    }

    /** Before a layer runs: its output and, for windows, its patch matrix stay within the limit. */
    private void checkLayerSize(Node n, dev.clarke.nn.Layer layer, Shape in) {
        Shape sample = Shape.of(Arrays.copyOfRange(in.dims(), 1, in.rank()));
        Shape out = layer.outputShape(sample);
        long taps = layer instanceof dev.clarke.nn.Convolution2d ? ((dev.clarke.nn.Convolution2d) layer).window().kh()
                * (long) ((dev.clarke.nn.Convolution2d) layer).window().kw()
                : layer instanceof dev.clarke.nn.Pool2d ? ((dev.clarke.nn.Pool2d) layer).window().kh()
                * (long) ((dev.clarke.nn.Pool2d) layer).window().kw()
                : layer instanceof dev.clarke.nn.Conv2d ? (long) ((dev.clarke.nn.Conv2d) layer).kernel() * ((dev.clarke.nn.Conv2d) layer).kernel()
                : layer instanceof dev.clarke.nn.MaxPool2d ? (long) ((dev.clarke.nn.MaxPool2d) layer).kernel() * ((dev.clarke.nn.MaxPool2d) layer).kernel()
                : 0;
        long patches = taps == 0 ? 0 : (long) out.dim(1) * out.dim(2) * sample.dim(0) * taps;
        if (out.size() > limits.maxElements() || patches > limits.maxElements() * 16L) {
            throw Attrs.error(where, n, "needs " + Math.max(out.size(), patches) + " elements per sample, more than the limit of "
                    + limits.maxElements());
        }
    }

    private void output() {
        if (graph.outputs().size() != 1) {
            throw error("the graph has " + graph.outputs().size() + " outputs; only models with one output are supported");
        }
        outputName = graph.outputs().get(0).name();
        Var out = values.get(outputName);
        if (out == null || !batched.contains(outputName)) {
            throw error("output '" + outputName + "' is " + (out == null ? "not made by any node" : "a constant, independent of the input"));
        }
        int[] dims = Arrays.copyOfRange(out.shape().dims(), 1, out.shape().rank());
        outputShape = Shape.of(dims);
    }

    private static String shapes(Var[] in) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < in.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(in[i] == null ? "-" : in[i].shape().toString());
        }
        return sb.append(')').toString();
    }

    // ---- what the operator builders ask -------------------------------------------------------

    long opset() {
        return graph.opset();
    }

    /** The dry-run shape of input {@code slot} (with the batch axis, of size {@link #DRY_BATCH}), or null when absent. */
    Shape shape(Node n, int slot) {
        Var v = slot < n.inputs().size() && !n.inputs().get(slot).isEmpty() ? values.get(n.inputs().get(slot)) : null;
        return v == null ? null : v.shape();
    }

    /** Whether input {@code slot} carries the batch axis. */
    boolean batched(Node n, int slot) {
        return slot < n.inputs().size() && batched.contains(n.inputs().get(slot));
    }

    /** Requires at least {@code min} and at most {@code max} inputs, the first {@code min} present. */
    void arity(Node n, Attrs a, int min, int max) {
        if (n.inputs().size() < min || n.inputs().size() > max) {
            throw a.error("has " + n.inputs().size() + " inputs, expected " + (min == max ? min : min + " to " + max));
        }
        for (int i = 0; i < min; i++) {
            if (n.inputs().get(i).isEmpty()) {
                throw a.error("input " + i + " is missing");
            }
        }
    }

    /**
     * The value of input {@code slot}, which must be a constant known when the model is read (an
     * initializer or a Constant node's output); null when the input is absent. The slot then does
     * not count as a use of data: an initializer read only here is not a parameter.
     */
    TensorData constant(Node n, Attrs a, int slot, String what) {
        if (slot >= n.inputs().size() || n.inputs().get(slot).isEmpty()) {
            return null;
        }
        TensorData t = constants.get(n.inputs().get(slot));
        if (t == null) {
            throw a.error("input " + what + " ('" + n.inputs().get(slot) + "') must be a constant (an initializer or a Constant node)");
        }
        staticSlots.set(slot);
        return t;
    }

    /** Remembers the value of a Constant node's output. */
    void defineConstant(Node n, TensorData t) {
        constants.put(n.outputs().get(0), t);
    }

    /** Whether the value {@code name} is a constant known when the model is read. */
    boolean isConstant(String name) {
        return constants.containsKey(name);
    }

    /** Whether input {@code slot} is a constant known when the model is read. */
    boolean isConstant(Node n, int slot) {
        return slot < n.inputs().size() && constants.containsKey(n.inputs().get(slot));
    }

    /** Marks input {@code slot} as read at build time only (Shape reads only its input's shape). */
    void markStatic(int slot) {
        staticSlots.set(slot);
    }

    /**
     * Defines a node's output as a shape computation: an integer constant in which the batch size
     * is {@link ShapeOperators#BATCH}. It may feed other shape computations and Reshape, never data.
     */
    void defineShape(Node n, TensorData t) {
        constants.put(n.outputs().get(0), t);
        shapeValues.add(n.outputs().get(0));
    }

    private final Set<String> shapeValues = new HashSet<>();

    /** Whether input {@code slot} is a constant of integers. */
    boolean integerConstant(Node n, int slot) {
        return isConstant(n, slot) && !constants.get(n.inputs().get(slot)).isReal();
    }

    /** Whether input {@code slot} is a shape computation ({@link #defineShape}). */
    boolean isShape(Node n, int slot) {
        return slot < n.inputs().size() && shapeValues.contains(n.inputs().get(slot));
    }

    // ---- what the model keeps -----------------------------------------------------------------

    /** The initializers that feed computations, in file order: the parameters. */
    List<TensorData> parameters() {
        List<TensorData> out = new ArrayList<>();
        for (TensorData t : allInitializers) {
            if (t.isReal() && dataUses.contains(t.name())) {
                out.add(t);
            }
        }
        return out;
    }

    /** The initializers that feed computations but are not parameters (integer tensors used as data). */
    List<TensorData> dataConstants() {
        List<TensorData> out = new ArrayList<>();
        for (TensorData t : allInitializers) {
            if (!t.isReal() && dataUses.contains(t.name())) {
                out.add(t);
            }
        }
        return out;
    }

    /** The value each output of Identity and Dropout stands for. */
    Map<String, String> aliases() {
        return aliasOf;
    }

    /** As a Clarke tensor: FLOAT as F32, DOUBLE as F64, integers as {@code dtype}. */
    static Tensor tensor(TensorData t, DType dtype) {
        Shape s = Shape.of(t.dims());
        if (t.isReal()) {
            return t.dataType() == TensorData.FLOAT ? Tensor.of(DType.F32, s, t.reals()) : Tensor.of(DType.F64, s, t.reals());
        }
        double[] v = new double[t.ints().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.ints()[i];
        }
        return Tensor.of(dtype, s, v);
    }
}
