package dev.clarke.onnx;

import dev.clarke.ad.Var;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A graph that is a chain of layers — each node a {@link Layer} fed by the previous one, its other
 * inputs parameters used nowhere else or constants, Identity and Dropout seen through — as a {@link Sequential} of
 * those same layer objects. The network's parameters are the model's in layer order, some
 * transposed to the layer's layout ({@link Compiled#transposed}).
 *
 * @param network    the network
 * @param source     for each network parameter, the index of the model parameter it is
 * @param transposed for each network parameter, whether it is that parameter transposed
 * @param steps      for each layer, the index of the compiled graph step that runs it
 */
record Chain(Sequential network, int[] source, boolean[] transposed, int[] steps) {

    /**
     * The chain of {@code steps}, or why the graph is not one.
     *
     * @param chain  the chain, when the graph is one
     * @param reason otherwise the node that breaks the chain and how (null for a chain)
     */
    record Outcome(Optional<Chain> chain, String reason) {
        static Outcome not(Compiled c, String why) {
            return new Outcome(Optional.empty(), "node '" + c.node().name() + "' (" + c.node().opType() + ") " + why);
        }
    }

    /** The chain of {@code steps}, or why the graph is not one. */
    static Outcome of(List<Compiled> steps, String input, String output, Shape sample, List<String> parameterNames,
                              Map<String, String> aliases, java.util.function.Predicate<String> constant) {
        Map<String, Integer> uses = new HashMap<>();
        for (Compiled c : steps) {
            if (constant.test(c.node().outputs().get(0))) {
                continue;
            }
            for (String in : c.node().inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<Integer> source = new ArrayList<>();
        List<Boolean> transposed = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        String current = input;
        List<Integer> stepOfLayer = new ArrayList<>();
        for (int stepIndex = 0; stepIndex < steps.size(); stepIndex++) {
            Compiled c = steps.get(stepIndex);
            List<String> ins = c.node().inputs();
            if (constant.test(c.node().outputs().get(0))) {
                continue; // Constant nodes, shape computations: read when the model was built
            }
            if (c.alias()) {
                if (ins.get(0).equals(current)) {
                    if (uses.get(current) != 1) {
                        return Outcome.not(c, "reads '" + current + "', which feeds " + uses.get(current) + " nodes (a branch)");
                    }
                    current = c.node().outputs().get(0);
                }
                continue;
            }
            if (c.layer() == null) {
                return Outcome.not(c, "is not a layer (an elementwise operation of tensors, e.g. a residual Add or a Concat)");
            }
            if (!ins.get(0).equals(current)) {
                return Outcome.not(c, "reads '" + ins.get(0) + "', not the output '" + current + "' of the node before (a branch)");
            }
            if (uses.get(current) != 1) {
                return Outcome.not(c, "reads '" + current + "', which feeds " + uses.get(current) + " nodes (a branch)");
            }
            int np = c.layer().parameterShapes().size();
            if (ins.size() < np + 1) {
                return Outcome.not(c, "lacks some of its parameters");
            }
            for (int i = np + 1; i < ins.size(); i++) { // constant operands (Clip's bounds) are no parameters
                if (parameterNames.contains(aliases.getOrDefault(ins.get(i), ins.get(i)))) {
                    return Outcome.not(c, "takes parameter '" + ins.get(i) + "' as an operand that is not a layer parameter");
                }
            }
            for (int i = 1; i <= np; i++) {
                int p = parameterNames.indexOf(aliases.getOrDefault(ins.get(i), ins.get(i)));
                if (p < 0 || !taken.add(p)) {
                    return Outcome.not(c, p < 0 ? "has '" + ins.get(i) + "' as a weight, which is not a parameter"
                            : "shares parameter '" + ins.get(i) + "' with another node");
                }
                source.add(p);
                transposed.add(c.transposed()[i - 1]);
            }
            layers.add(c.layer());
            stepOfLayer.add(stepIndex);
            current = c.node().outputs().get(0);
        }
        if (!current.equals(output) || layers.isEmpty() || taken.size() != parameterNames.size()) {
            return new Outcome(Optional.empty(), !current.equals(output) ? "the output '" + output + "' is not the end of the chain"
                    + " from the input (last in chain: '" + current + "')" : layers.isEmpty() ? "the graph has no layers"
                    : "some parameters are used by no layer of the chain");
        }
        int[] src = new int[source.size()];
        boolean[] tr = new boolean[source.size()];
        for (int i = 0; i < src.length; i++) {
            src[i] = source.get(i);
            tr[i] = transposed.get(i);
        }
        try {
            return new Outcome(Optional.of(new Chain(new Sequential(sample, layers), src, tr,
                    stepOfLayer.stream().mapToInt(Integer::intValue).toArray())), null);
        } catch (IllegalArgumentException e) {
            return new Outcome(Optional.empty(), "its layers do not form a network: " + e.getMessage());
        }
    }

    /** The network's pass read off a graph pass: layer l is graph step steps[l]; its input the previous layer's output. */
    Sequential.Pass pass(OnnxModel.Pass graph) {
        int n = steps.length;
        List<Var> ins = new ArrayList<>(n);
        List<Var> outs = new ArrayList<>(n);
        int[] start = new int[n];
        int[] end = new int[n];
        for (int l = 0; l < n; l++) {
            ins.add(l == 0 ? graph.input() : outs.get(l - 1));
            outs.add(graph.values().get(steps[l]));
            start[l] = graph.nodeStart()[steps[l]];
            end[l] = graph.nodeEnd()[steps[l]];
        }
        return new Sequential.Pass(outs.get(n - 1), new Var[0], List.copyOf(ins), List.copyOf(outs), start, end);
    }

    /** A model's parameters (or gradients), in model order, in the network's order and layouts. */
    List<Tensor> toNetwork(List<Tensor> modelOrder) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < source.length; i++) {
            Tensor t = modelOrder.get(source[i]);
            out.add(transposed[i] ? transpose(t) : t);
        }
        return out;
    }

    /** The network's parameters (or gradients) in the model's order and layouts. */
    List<Tensor> toModel(List<Tensor> networkOrder, int count) {
        Tensor[] out = new Tensor[count];
        for (int i = 0; i < source.length; i++) {
            Tensor t = networkOrder.get(i);
            out[source[i]] = transposed[i] ? transpose(t) : t;
        }
        return List.of(out);
    }

    private static Tensor transpose(Tensor t) {
        int r = t.shape().dim(0);
        int c = t.shape().dim(1);
        double[] v = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[j * r + i] = t.get(i * c + j);
            }
        }
        return Tensor.of(t.dtype(), Shape.of(c, r), v);
    }
}
