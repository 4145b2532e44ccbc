package dev.clarke.onnx;

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
 */
record Chain(Sequential network, int[] source, boolean[] transposed) {

    /** The chain of {@code steps}, when the graph is one. */
    static Optional<Chain> of(List<Compiled> steps, String input, String output, Shape sample, List<String> parameterNames,
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
        for (Compiled c : steps) {
            List<String> ins = c.node().inputs();
            if (constant.test(c.node().outputs().get(0))) {
                continue; // Constant nodes, shape computations: read when the model was built
            }
            if (c.alias()) {
                if (ins.get(0).equals(current)) {
                    if (uses.get(current) != 1) {
                        return Optional.empty();
                    }
                    current = c.node().outputs().get(0);
                }
                continue;
            }
            if (c.layer() == null || !ins.get(0).equals(current) || uses.get(current) != 1) {
                return Optional.empty();
            }
            int np = c.layer().parameterShapes().size();
            if (ins.size() < np + 1) {
                return Optional.empty();
            }
            for (int i = np + 1; i < ins.size(); i++) { // constant operands (Clip's bounds) are no parameters
                if (parameterNames.contains(aliases.getOrDefault(ins.get(i), ins.get(i)))) {
                    return Optional.empty();
                }
            }
            for (int i = 1; i <= np; i++) {
                int p = parameterNames.indexOf(aliases.getOrDefault(ins.get(i), ins.get(i)));
                if (p < 0 || !taken.add(p)) {
                    return Optional.empty();
                }
                source.add(p);
                transposed.add(c.transposed()[i - 1]);
            }
            layers.add(c.layer());
            current = c.node().outputs().get(0);
        }
        if (!current.equals(output) || layers.isEmpty() || taken.size() != parameterNames.size()) {
            return Optional.empty();
        }
        int[] src = new int[source.size()];
        boolean[] tr = new boolean[source.size()];
        for (int i = 0; i < src.length; i++) {
            src[i] = source.get(i);
            tr[i] = transposed.get(i);
        }
        try {
            return Optional.of(new Chain(new Sequential(sample, layers), src, tr));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
