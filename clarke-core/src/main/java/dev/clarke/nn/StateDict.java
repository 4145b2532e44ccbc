package dev.clarke.nn;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@link Sequential}'s parameters by PyTorch name ({@code i.weight}, {@code i.bias},
 * {@code i.running_mean}, ... by layer index) in PyTorch's layouts, and back. A batch norm's
 * {@code num_batches_tracked} (an integer PyTorch keeps for training statistics, unused in inference)
 * is accepted on loading and not written.
 */
final class StateDict {

    private static final String BATCH_COUNT = "num_batches_tracked";

    private StateDict() {
    }

    /** The parameters of {@code net} as a state dict. */
    static Map<String, Tensor> of(Sequential net, List<Tensor> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int k = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            List<String> names = l.parameterNames();
            for (int p = 0; p < names.size(); p++, k++) {
                out.put(net.childName(i) + "." + names.get(p), l.toPyTorch(p, params.get(k)));
            }
        }
        return out;
    }

    /** The parameters of {@code net} read from {@code state}; lists every missing, unexpected and mis-shaped name. */
    static List<Tensor> parameters(Sequential net, Map<String, Tensor> state, boolean strict) {
        List<Tensor> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            List<String> names = l.parameterNames();
            List<Shape> shapes = l.parameterShapes();
            if (l instanceof BatchNorm) {
                unexpected.remove(net.childName(i) + "." + BATCH_COUNT);
            }
            for (int p = 0; p < names.size(); p++) {
                String name = net.childName(i) + "." + names.get(p);
                unexpected.remove(name);
                Tensor t = state.get(name);
                if (t == null) {
                    missing.add(name);
                    continue;
                }
                Tensor ours = l.fromPyTorch(p, t);
                if (!ours.shape().equals(shapes.get(p))) {
                    misShaped.add(name + " is " + t.shape() + ", " + l.describe() + " needs "
                            + l.toPyTorch(p, Tensor.zeros(shapes.get(p), DType.F64)).shape());
                    continue;
                }
                out.add(ours.to(DType.F64));
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected " + String.join(", ", unexpected) + " (load with strict = false to ignore them)");
        }
        if (!misShaped.isEmpty()) {
            problems.add("wrong shape: " + String.join("; ", misShaped));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state dict does not fit " + net + ": " + String.join("; ", problems));
        }
        return out;
    }

    /** "0", "1", ..., "n−1". */
    static List<String> indices(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return List.copyOf(out);
    }

    /** Refuses child names that would not read back from a dotted parameter name. */
    static void checkNames(List<String> names) {
        for (String n : names) {
            if (!n.matches("[A-Za-z0-9_]{1,100}")) {
                throw new IllegalArgumentException("Sequential: child name '" + n + "' must be 1 to 100 letters, digits"
                        + " or underscores (it becomes part of names such as features.0.weight)");
            }
        }
    }

    /** {@code values} after checking that they fit the parameter shapes of {@code net}. */
    static List<Tensor> checked(Sequential net, List<Tensor> values) {
        List<Shape> shapes = net.parameterShapes();
        if (values.size() != shapes.size()) {
            throw new IllegalArgumentException("Sequential: " + values.size() + " parameter tensors for " + net
                    + ", which has " + shapes.size());
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!values.get(i).shape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("Sequential: parameter " + net.parameterNames().get(i) + " has shape "
                        + values.get(i).shape() + ", needs " + shapes.get(i));
            }
        }
        return List.copyOf(values);
    }
}
