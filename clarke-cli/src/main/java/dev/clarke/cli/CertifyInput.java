package dev.clarke.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clarke.io.BoundedRead;
import dev.clarke.io.Sizes;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON that {@code clarke certify} reads, checked field by field: every value has the type,
 * shape and range the command needs, or one line names the field (e.g. {@code layers[1].bias}) and
 * says what it must be. The text is read up to {@link #MAX_BYTES} and its nesting checked before it
 * is parsed, so neither an endless file nor deep brackets can exhaust memory or the stack.
 */
final class CertifyInput {

    /** The largest input read. */
    static final long MAX_BYTES = 64_000_000L;
    /** The deepest nesting of brackets and braces accepted (the format needs 4). */
    static final int MAX_DEPTH = 16;

    private static final Set<String> ROOT_FIELDS = Set.of("layers", "inputs", "loss", "policy", "dtype");
    private static final Set<String> LAYER_FIELDS = Set.of("weights", "bias", "activation", "slope");

    /** The layers, their parameters in order (weights row by row, then bias, per layer), and the inputs. */
    record Network(List<Dense> layers, double[] parameters, double[][] inputs) {
    }

    private final JsonObject root;

    private CertifyInput(JsonObject root) {
        this.root = root;
    }

    /** Reads and checks the JSON text of {@code file} ({@code -}: standard input). */
    static CertifyInput read(String file, InputStream stdin) {
        byte[] bytes;
        try {
            bytes = file.equals("-") ? BoundedRead.stream(stdin, MAX_BYTES, "standard input") : BoundedRead.file(Path.of(file), MAX_BYTES);
        } catch (BoundedRead.TooLargeException e) {
            throw new BadInput(Messages.quote(file) + ": larger than the " + Sizes.bytes(MAX_BYTES) + " a certify input may have");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new BadInput("cannot read " + Messages.quote(file) + ": " + Messages.reason(e));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInput(Messages.quote(file) + " is not UTF-8 text: give the network as JSON");
        }
        checkDepth(text, file);
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (RuntimeException ex) {
            throw new BadInput(Messages.quote(file) + " is not JSON: " + Messages.reason(ex.getCause() != null ? ex.getCause() : ex));
        }
        if (!e.isJsonObject()) {
            throw new BadInput(Messages.quote(file) + ": expected a JSON object {\"layers\": [...], \"inputs\": [...]}");
        }
        unknownFields(e.getAsJsonObject(), ROOT_FIELDS, "the input");
        return new CertifyInput(e.getAsJsonObject());
    }

    /** Refuses brackets nested deeper than {@link #MAX_DEPTH}, counting outside strings, before any parser recurses. */
    static void checkDepth(String text, String file) {
        int depth = 0;
        boolean string = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new BadInput(Messages.quote(file) + ": brackets nested deeper than " + MAX_DEPTH
                            + " levels at offset " + i + "; the format needs 4");
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }

    /** The "policy" string, or null if absent. */
    String policy() {
        return optionalString(root, "policy", "policy");
    }

    /** The "dtype" string, or null if absent. */
    String dtype() {
        return optionalString(root, "dtype", "dtype");
    }

    /** The layers and inputs, checked against each other. */
    Network network() {
        List<JsonElement> ls = nonEmptyArray(root.get("layers"), "layers", "a non-empty array of layer objects");
        List<Dense> layers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int width = -1;
        for (int l = 0; l < ls.size(); l++) {
            String where = "layers[" + l + "]";
            if (!ls.get(l).isJsonObject()) {
                throw new BadInput(where + " must be an object {\"weights\": [[...]], \"bias\": [...], \"activation\": \"relu\"}");
            }
            JsonObject lo = ls.get(l).getAsJsonObject();
            unknownFields(lo, LAYER_FIELDS, where);
            double[][] w = matrix(lo.get("weights"), where + ".weights");
            int rows = w.length;
            int cols = w[0].length;
            if (width >= 0 && rows != width) {
                throw new BadInput(where + ".weights has " + rows + " rows but the previous layer has " + width
                        + " outputs (rows are inputs)");
            }
            width = cols;
            for (double[] r : w) {
                for (double v : r) {
                    values.add(v);
                }
            }
            boolean bias = lo.has("bias");
            if (bias) {
                double[] b = vector(lo.get("bias"), where + ".bias");
                if (b.length != cols) {
                    throw new BadInput(where + ".bias has " + b.length + " values for " + cols + " neurons");
                }
                for (double v : b) {
                    values.add(v);
                }
            }
            layers.add(new Dense(rows, cols, bias, activation(lo, where)));
        }
        double[][] x = matrix(root.get("inputs"), "inputs");
        if (x[0].length != layers.get(0).in()) {
            throw new BadInput("inputs have " + x[0].length + " columns, the first layer takes " + layers.get(0).in());
        }
        double[] w = new double[values.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = values.get(i);
        }
        return new Network(layers, w, x);
    }

    private static Activation activation(JsonObject lo, String where) {
        String name = optionalString(lo, "activation", where + ".activation");
        double slope = 0.01;
        if (lo.has("slope")) {
            slope = number(lo.get("slope"), where + ".slope");
        }
        if (name == null) {
            if (lo.has("slope")) {
                throw new BadInput(where + ".slope is given without an activation; add \"activation\": \"leaky_relu\"");
            }
            return null;
        }
        try {
            Activation a = Activation.parse(name, slope);
            // "slope" is the family's one parameter: softshrink's λ and elu's α too
            return lo.has("slope") && a.params().length == 1 ? new Activation(a.family(), slope) : a;
        } catch (IllegalArgumentException e) {
            throw new BadInput(where + ".activation: " + e.getMessage());
        }
    }

    /** The loss, checked against the batch size and the network's output width. */
    Loss loss(int batch, int outputs) {
        JsonElement l = root.get("loss");
        String usage = "loss must be \"sum\", {\"mse\": [[targets]]} or {\"cross_entropy\": [labels]}";
        if (l == null || l.isJsonPrimitive() && l.getAsJsonPrimitive().isString() && l.getAsString().equals("sum")) {
            return Loss.sum();
        }
        if (!l.isJsonObject() || l.getAsJsonObject().size() != 1) {
            throw new BadInput(usage);
        }
        JsonObject o = l.getAsJsonObject();
        if (o.has("mse")) {
            double[][] t = matrix(o.get("mse"), "loss.mse");
            if (t.length != batch || t[0].length != outputs) {
                throw new BadInput("loss.mse: the target must be [" + batch + "][" + outputs + "] (inputs × outputs), it is ["
                        + t.length + "][" + t[0].length + "]");
            }
            return Loss.mse(Sequential.batch(DType.F64, t));
        }
        if (o.has("cross_entropy")) {
            double[] v = vector(o.get("cross_entropy"), "loss.cross_entropy");
            if (v.length != batch) {
                throw new BadInput("loss.cross_entropy has " + v.length + " labels for " + batch + " inputs");
            }
            int[] labels = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= outputs) {
                    throw new BadInput("loss.cross_entropy[" + i + "] is " + v[i] + ": a label is a class number from 0 to "
                            + (outputs - 1));
                }
                labels[i] = (int) v[i];
            }
            return Loss.crossEntropy(labels);
        }
        throw new BadInput(usage);
    }

    private static void unknownFields(JsonObject o, Set<String> known, String where) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new BadInput(where + " has an unknown field " + Messages.quote(e.getKey()) + "; the fields are "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String optionalString(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadInput(where + " must be a string, e.g. \"" + (key.equals("dtype") ? "f64" : key.equals("policy") ? "mid" : "relu")
                    + "\"");
        }
        return e.getAsString();
    }

    private static List<JsonElement> nonEmptyArray(JsonElement e, String where, String what) {
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            throw new BadInput((e == null ? "missing " + where : where + " must be " + what) + (e == null ? ": it must be " + what : ""));
        }
        return e.getAsJsonArray().asList();
    }

    private static double number(JsonElement e, String where) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInput(where + " must be a number");
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new BadInput(where + " is " + v + ": it must be a finite number");
        }
        return v;
    }

    private static double[] vector(JsonElement e, String where) {
        List<JsonElement> a = nonEmptyArray(e, where, "a non-empty array of numbers");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(a.get(i), where + "[" + i + "]");
        }
        return v;
    }

    private static double[][] matrix(JsonElement e, String where) {
        List<JsonElement> a = nonEmptyArray(e, where, "a non-empty array of rows of numbers, e.g. [[1, 2], [3, 4]]");
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            if (!a.get(i).isJsonArray()) {
                throw new BadInput(where + "[" + i + "] must be an array of numbers (a row)");
            }
            m[i] = vector(a.get(i), where + "[" + i + "]");
            if (m[i].length != m[0].length) {
                throw new BadInput(where + "[" + i + "] has " + m[i].length + " values, row 0 has " + m[0].length);
            }
        }
        return m;
    }
}
