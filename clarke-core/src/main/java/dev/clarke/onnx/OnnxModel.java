package dev.clarke.onnx;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.nn.BatchNorm;
import dev.clarke.nn.Sequential;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model imported from an ONNX file: its graph compiled to operations on the
 * {@link dev.clarke.ad} trace, its initializers as parameters named as in the file (PyTorch's
 * exporter keeps {@code state_dict} names such as {@code 0.weight} or {@code conv1.bias}).
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.read(Path.of("model.onnx"));
 * Trace t = new Trace(KinkPolicy.pytorch(), DType.F32);
 * List<Var> leaves = new ArrayList<>();
 * for (Tensor p : m.parameters()) leaves.add(t.input(p));
 * OnnxModel.Pass pass = m.forward(t, leaves, t.constant(x));     // x: [batch, ...inputShape()]
 * Var loss = pass.output().crossEntropy(labels);
 * Gradients g = t.grad(loss, leaves, Backward.RELEASE);
 * // each kink hit's node → pass.nodeOf(hit.node()) names the ONNX node and operator
 * }</pre>
 *
 * <p>Reading is bounded ({@link Limits}) and strict: a file that is not ONNX, a truncated or
 * oversized protobuf, an opset outside 11–17, an unsupported operator or attribute value, tensor
 * data that disagrees with its dims, a graph whose operators do not fit their inputs or that mixes
 * the samples of a batch: each is one {@link OnnxException} line naming the node. The graph is
 * checked by running it once on a dry batch when it is read. A model is immutable;
 * {@link #withWeights} makes a copy with other parameter values.
 */
public final class OnnxModel {

    /**
     * Bounds on what a file may make Clarke do.
     *
     * @param maxFileBytes the largest file read
     * @param maxNodes     the most graph nodes
     * @param maxElements  the most elements of any value (and of a convolution's patch matrix / 16), per sample
     */
    public record Limits(long maxFileBytes, int maxNodes, long maxElements) {
        /** 1 GiB files, 100 000 nodes, 2^24 elements per value and sample. */
        public static final Limits DEFAULT = new Limits(1L << 30, 100_000, 1L << 24);
    }

    /**
     * One node of the graph.
     *
     * @param index       its position in the file
     * @param name        its name (or {@code OpType#index} when the file gives none)
     * @param opType      the ONNX operator, e.g. {@code MaxPool}
     * @param description what Clarke runs for it, e.g. {@code maxpool2d(k2, s2)}
     */
    public record NodeInfo(int index, String name, String opType, String description) {
    }

    /**
     * A recorded forward pass.
     *
     * @param output    the model's output [batch, ...outputShape()]
     * @param nodes     the graph's nodes
     * @param nodeStart the first trace node each graph node made
     * @param nodeEnd   one past the last trace node each graph node made
     * @param input     the batch the pass ran on
     * @param values    the output of each graph node (in {@code nodeStart} order)
     */
    public record Pass(Var output, List<NodeInfo> nodes, int[] nodeStart, int[] nodeEnd, Var input, List<Var> values) {

        /**
         * The graph node that made trace node {@code traceNode} (a kink hit's node), if any.
         *
         * @param traceNode a node id on the pass's trace, e.g. a kink hit's
         * @return the graph node that made it, or empty if none did (e.g. a parameter leaf)
         */
        public Optional<NodeInfo> nodeOf(int traceNode) {
            for (int i = 0; i < nodeStart.length; i++) {
                if (traceNode >= nodeStart[i] && traceNode < nodeEnd[i]) {
                    return Optional.of(nodes.get(i));
                }
            }
            return Optional.empty();
        }
    }

    private final String where;
    private final GraphBuilder built;
    private final List<String> names;
    private final List<Tensor> values;
    private final List<NodeInfo> nodes;
    private final Set<String> statistics;
    private final Optional<Chain> chain;
    private final String notChain;

    private OnnxModel(String where, GraphBuilder built, List<String> names, List<Tensor> values, List<NodeInfo> nodes,
                      Set<String> statistics, Chain.Outcome outcome) {
        this.where = where;
        this.built = built;
        this.names = names;
        this.values = values;
        this.nodes = nodes;
        this.statistics = statistics;
        this.chain = outcome.chain();
        this.notChain = outcome.reason();
    }

    /**
     * Reads a model file with the {@link Limits#DEFAULT default limits}.
     *
     * @param file the .onnx file
     * @return the imported model
     * @throws OnnxException if the file cannot be read, is too large, or holds a graph Clarke
     *     cannot import
     */
    public static OnnxModel read(Path file) {
        return read(file, Limits.DEFAULT);
    }

    /**
     * Reads a model file.
     *
     * @param file the .onnx file
     * @param limits the most bytes, nodes and tensor elements accepted
     * @return the imported model
     * @throws OnnxException if the file cannot be read, exceeds a limit, or holds a graph Clarke
     *     cannot import
     */
    public static OnnxModel read(Path file, Limits limits) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                throw new OnnxException(file + ": " + size + " bytes, more than the limit of " + limits.maxFileBytes());
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OnnxException(file + ": cannot read the model: no such file (give the path of a .onnx model)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new OnnxException(file + ": cannot read the model: permission denied (make the file readable)");
        } catch (IOException e) {
            throw new OnnxException(file + ": cannot read the model (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return decode(bytes, file.toString(), limits);
    }

    /**
     * Decodes the bytes of a model file; {@code where} names it in errors.
     *
     * @param bytes the whole file's bytes
     * @param where names the file in errors
     * @param limits the most nodes and tensor elements accepted
     * @return the imported model
     * @throws OnnxException if the bytes are not a model Clarke can import, or exceed a limit
     */
    public static OnnxModel decode(byte[] bytes, String where, Limits limits) {
        OnnxGraph g = ProtoReader.read(bytes, where, limits);
        GraphBuilder b = new GraphBuilder(g, where, limits);
        b.build();
        List<String> names = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        for (TensorData t : b.parameters()) {
            names.add(t.name());
            Tensor v = GraphBuilder.tensor(t, DType.F64);
            requireFinite(where, t.name(), v);
            values.add(v);
        }
        List<NodeInfo> nodes = new ArrayList<>();
        Set<String> stats = new LinkedHashSet<>();
        for (int i = 0; i < b.compiled.size(); i++) {
            Compiled c = b.compiled.get(i);
            nodes.add(new NodeInfo(i, c.node().name(), c.node().opType(), c.describe()));
            if (c.layer() instanceof BatchNorm) {
                for (int k = 3; k < 5; k++) {
                    String s = c.node().inputs().get(k);
                    stats.add(b.aliases().getOrDefault(s, s));
                }
            }
        }
        stats.retainAll(names);
        return new OnnxModel(where, b, List.copyOf(names), List.copyOf(values), List.copyOf(nodes),
                Collections.unmodifiableSet(stats), Chain.of(b.compiled, b.inputName, b.outputName, b.sampleShape, names, b.aliases(),
                b::isConstant));
    }

    private static void requireFinite(String where, String name, Tensor t) {
        if (!t.allFinite()) {
            throw new OnnxException(where + ": parameter '" + name + "' holds NaN or infinite values");
        }
    }

    /**
     * {@return the ONNX operators Clarke imports, alphabetically, e.g. for a command's help
     * (details: docs/onnx.md)}
     */
    public static List<String> supportedOperators() {
        return List.of(OnnxOperator.names().split(", "));
    }

    /** {@return the producer recorded in the file, e.g. {@code pytorch 1.13.0}} */
    public String producer() {
        return built.graph.producer();
    }

    /** {@return the version of the ai.onnx operator set the file imports (11 to 17)} */
    public long opset() {
        return built.graph.opset();
    }

    /** {@return the name of the graph's input} */
    public String inputName() {
        return built.inputName;
    }

    /**
     * {@return the shape of one sample of the input (the file's input shape without its batch
     * axis)}
     */
    public Shape inputShape() {
        return built.sampleShape;
    }

    /** {@return the name of the graph's output} */
    public String outputName() {
        return built.outputName;
    }

    /** {@return the shape of one sample of the output} */
    public Shape outputShape() {
        return built.outputShape;
    }

    /** {@return the graph's nodes, in file order} */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    /**
     * {@return the parameters' names, in the file's order of initializers: the initializers that
     * feed computations}
     */
    public List<String> parameterNames() {
        return names;
    }

    /**
     * {@return the parameters' values, in {@link #parameterNames} order (F32 for FLOAT
     * initializers, F64 for DOUBLE)}
     */
    public List<Tensor> parameters() {
        return values;
    }

    /** {@return the parameters by name, in file order} */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }

    /**
     * The parameters that are running statistics of batch normalisation ({@code running_mean},
     * {@code running_var}): Clarke differentiates them like the others, PyTorch does not train them.
     *
     * @return the names of the parameters that are running statistics of batch normalisation
     */
    public Set<String> statisticNames() {
        return statistics;
    }

    /**
     * This model with other parameter values, by name: every parameter must be given, with its
     * shape, and nothing else (e.g. a {@code state_dict} read from safetensors).
     *
     * @param weights a value for every parameter, by name, of the parameter's shape
     * @return a new model; this one is unchanged
     * @throws OnnxException listing the missing, extra and mis-shaped names, or naming a tensor with NaN or ∞
     */
    public OnnxModel withWeights(Map<String, Tensor> weights) {
        List<String> missing = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Tensor w = weights.get(names.get(i));
            if (w == null) {
                missing.add(names.get(i));
            } else if (!w.shape().equals(values.get(i).shape())) {
                shapes.add(names.get(i) + " " + w.shape() + " (model: " + values.get(i).shape() + ")");
            }
            out.add(w);
        }
        List<String> extra = new ArrayList<>();
        for (String k : weights.keySet()) {
            if (!names.contains(k)) {
                extra.add(k);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty() || !shapes.isEmpty()) {
            StringBuilder sb = new StringBuilder("the weights do not match the model's parameters:");
            append(sb, "missing", missing);
            append(sb, "not in the model", extra);
            append(sb, "wrong shape", shapes);
            throw new OnnxException(sb + "; the model's parameters are " + summary(names));
        }
        for (int i = 0; i < names.size(); i++) {
            requireFinite("the weights", names.get(i), out.get(i));
        }
        return new OnnxModel(where, built, names, List.copyOf(out), nodes, statistics, new Chain.Outcome(chain, notChain));
    }

    /**
     * This model with the parameters of a safetensors file (e.g. a {@code state_dict} saved with
     * {@code safetensors.torch.save_file}), by name, as {@link #withWeights(Map)}.
     *
     * @param safetensors a safetensors file holding one tensor per parameter, by {@code state_dict} name
     * @return a new model; this one is unchanged
     * @throws OnnxException for a file that cannot be read, is not safetensors, or does not match
     */
    public OnnxModel withWeights(Path safetensors) {
        try {
            return withWeights(SafeTensors.read(safetensors).tensors());
        } catch (IOException e) {
            throw new OnnxException(safetensors + ": cannot read the weights (" + e.getMessage() + ")");
        } catch (OnnxException e) {
            throw new OnnxException(safetensors + ": " + e.getMessage());
        }
    }

    private static void append(StringBuilder sb, String what, List<String> items) {
        if (!items.isEmpty()) {
            sb.append(sb.charAt(sb.length() - 1) == ':' ? " " : "; ").append(what).append(": ").append(summary(items));
        }
    }

    private static String summary(List<String> items) {
        int show = Math.min(items.size(), 8);
        return String.join(", ", items.subList(0, show)) + (items.size() > show ? " and " + (items.size() - show) + " more" : "");
    }

    /**
     * Records the forward pass on {@code trace}: {@code params} are the parameters' values on the
     * trace (leaves, usually), in {@link #parameterNames} order; {@code x} is a batch
     * [B, ...inputShape()].
     *
     * @param trace the trace to record on
     * @param params the parameters' values on the trace, in {@link #parameterNames} order
     * @param x a batch [B, ...inputShape()] on the trace
     * @return the output and the trace nodes each graph node made
     * @throws IllegalArgumentException if the number of parameters or the input's shape does not
     *     fit the model
     */
    public Pass forward(Trace trace, List<Var> params, Var x) {
        if (params.size() != names.size()) {
            throw new IllegalArgumentException("the model has " + names.size() + " parameters, " + params.size() + " were given");
        }
        Shape xs = x.shape();
        Shape s = inputShape();
        if (xs.rank() != s.rank() + 1 || !Shape.of(java.util.Arrays.copyOfRange(xs.dims(), 1, xs.rank())).equals(s)) {
            throw new IllegalArgumentException("inputs have shape " + xs + ", but the model takes [batch" + (s.rank() == 0 ? "" : ", ")
                    + s.toString().replace("[", "").replace("]", "") + "]");
        }
        Map<String, Var> env = new java.util.HashMap<>();
        env.put(inputName(), x);
        for (int i = 0; i < names.size(); i++) {
            if (!params.get(i).shape().equals(values.get(i).shape())) {
                throw new IllegalArgumentException("parameter '" + names.get(i) + "' has shape " + params.get(i).shape()
                        + ", the model needs " + values.get(i).shape());
            }
            env.put(names.get(i), params.get(i));
        }
        for (TensorData t : built.dataConstants()) {
            env.put(t.name(), trace.constant(GraphBuilder.tensor(t, trace.dtype())));
        }
        int n = built.compiled.size();
        int[] start = new int[n];
        int[] end = new int[n];
        List<Var> outs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Compiled c = built.compiled.get(i);
            List<String> ins = c.node().inputs();
            Var[] in = new Var[ins.size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = ins.get(k).isEmpty() ? null : env.get(ins.get(k));
            }
            start[i] = trace.size();
            Var out = c.op().apply(trace, in);
            env.put(c.node().outputs().get(0), out);
            outs.add(out);
            end[i] = trace.size();
        }
        return new Pass(env.get(outputName()), nodes, start, end, x, java.util.Collections.unmodifiableList(outs));
    }

    /**
     * {@link #forward(Trace, List, Var)} with this model's parameters as new leaves of
     * {@code trace}.
     *
     * @param trace the trace to record on
     * @param x a batch [B, ...inputShape()]
     * @return the output and the trace nodes each graph node made
     * @throws IllegalArgumentException if the input's shape does not fit the model
     */
    public Pass forward(Trace trace, Tensor x) {
        List<Var> leaves = new ArrayList<>();
        for (Tensor p : values) {
            leaves.add(trace.input(p));
        }
        return forward(trace, leaves, trace.constant(x));
    }

    /**
     * The same model as an {@link Sequential} of Clarke layers, when the graph is a chain (each node
     * fed by the one before: the usual CNN or MLP). The layers are the objects the graph executor
     * runs. The network's parameters are this model's in layer order, in the layers' layouts:
     * convert with {@link #toNetworkLayout} and back with {@link #fromNetworkLayout}. Graphs with
     * branches (residual Add, Concat) or operators that are not layers have none.
     *
     * @return the network, or empty for graphs that are not chains
     */
    public Optional<Sequential> asNetwork() {
        return chain.map(Chain::network);
    }

    /**
     * The pass of the {@link #asNetwork} network read off a graph pass of this model: each layer's
     * input, output and trace nodes are those of the graph node that runs it (the same layer
     * object), so a certificate can be built from the pass, kink log and adjoints that produced the
     * model's gradient, without running the network again. Its leaves are empty: the graph's
     * parameters are in the model's layouts. Empty when the model is not a chain.
     *
     * @param graph a pass recorded by {@link #forward(Trace, List, Var)}
     * @return the network's pass, or empty for graphs that are not chains
     */
    public Optional<Sequential.Pass> networkPass(Pass graph) {
        return chain.map(c -> c.pass(graph));
    }

    /**
     * Why {@link #asNetwork} is empty.
     *
     * @return the node that breaks the chain and how, or empty for a chain
     */
    public Optional<String> whyNotAChain() {
        return Optional.ofNullable(notChain);
    }

    /**
     * This model's parameters (or gradients), in {@link #parameterNames} order, as the
     * {@link #asNetwork} network's.
     *
     * @param modelOrder one tensor per parameter, in {@link #parameterNames} order and the file's
     *     layouts
     * @return the same values in the {@link #asNetwork} network's order and layouts
     */
    public List<Tensor> toNetworkLayout(List<Tensor> modelOrder) {
        return chain().toNetwork(modelOrder);
    }

    /**
     * The {@link #asNetwork} network's parameters (or gradients) in this model's order and layouts.
     *
     * @param networkOrder one tensor per parameter of the {@link #asNetwork} network, in its order
     *     and layouts
     * @return the same values in {@link #parameterNames} order and the file's layouts
     */
    public List<Tensor> fromNetworkLayout(List<Tensor> networkOrder) {
        return chain().toModel(networkOrder, names.size());
    }

    private Chain chain() {
        return chain.orElseThrow(() -> new IllegalStateException("this model is not a chain of layers: asNetwork() is empty"));
    }

    @Override
    public String toString() {
        return where + " (" + producer() + ", opset " + opset() + "): " + inputShape() + " -> " + outputShape() + ", "
                + nodes.size() + " nodes, " + names.size() + " parameters";
    }
}
