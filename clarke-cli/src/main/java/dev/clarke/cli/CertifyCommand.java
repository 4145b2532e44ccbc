package dev.clarke.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clarke.certify.Bound;
import dev.clarke.certify.Certificate;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke certify}: certify one gradient of a saved network on given inputs (JSON in, JSON out). */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Certify one gradient of a dense network saved as JSON and print the result as JSON.",
            "",
            "The result lists every kink hit (layer, neuron, sample, point, adjoint) and the verdict: "
                    + "differentiable and correct, non-differentiable with a Clarke subgradient, Clarke for "
                    + "a batch, or unknown with the reason.",
            "",
            "Input: {\"layers\": [{\"weights\": [[...]] (rows = inputs), \"bias\": [...] (optional), "
                    + "\"activation\": \"relu\" (optional; relu, leaky_relu, relu6, hardtanh, hardsigmoid, "
                    + "hardswish, abs), \"slope\": 0.01 (leaky_relu)}, ...], \"inputs\": [[...], ...], "
                    + "\"loss\": \"sum\" | {\"mse\": [[...]]} | {\"cross_entropy\": [labels]}, "
                    + "\"policy\": \"mid\" (optional), \"dtype\": \"f64\" (optional)}"},
        footer = {"", "Examples:",
            "  clarke certify net.json",
            "  clarke certify - --policy pytorch < net.json",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class CertifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "The network, inputs and loss as JSON ('-': standard input).")
    String file;

    @Option(names = "--policy", paramLabel = "P", description = "Kink policy (overrides the file's; default mid).")
    String policy;

    @Option(names = "--dtype", paramLabel = "T", description = "Working precision f64, f32, bf16, f16 (overrides the file's).")
    String dtype;

    @Option(names = "--json", description = "Print one JSON object on stdout (what this command always prints; "
            + "accepted like every command's --json).")
    boolean json;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    private void execute() {
        JsonObject in = read();
        KinkPolicy p = Inputs.policy(policy != null ? policy : in.has("policy") ? in.get("policy").getAsString() : "mid");
        DType t = Inputs.dtype(dtype != null ? dtype : in.has("dtype") ? in.get("dtype").getAsString() : "f64");
        List<Dense> layers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        JsonArray ls = array(in, "layers");
        int width = -1;
        for (int l = 0; l < ls.size(); l++) {
            JsonObject lo = ls.get(l).getAsJsonObject();
            double[][] w = matrix(array(lo, "weights"), "layers[" + l + "].weights");
            int rows = w.length;
            int cols = w[0].length;
            if (width >= 0 && rows != width) {
                throw new BadInput("layers[" + l + "].weights has " + rows + " rows but the previous layer has " + width
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
                double[] b = vector(lo.getAsJsonArray("bias"), "layers[" + l + "].bias");
                if (b.length != cols) {
                    throw new BadInput("layers[" + l + "].bias has " + b.length + " values for " + cols + " neurons");
                }
                for (double v : b) {
                    values.add(v);
                }
            }
            Activation a = null;
            if (lo.has("activation")) {
                try {
                    a = Activation.parse(lo.get("activation").getAsString(), lo.has("slope") ? lo.get("slope").getAsDouble() : 0.01);
                } catch (IllegalArgumentException e) {
                    throw new BadInput("layers[" + l + "].activation: " + e.getMessage());
                }
            }
            layers.add(new Dense(rows, cols, bias, a));
        }
        Sequential net = Inputs.run("", () -> new Sequential(layers));
        double[][] x = matrix(array(in, "inputs"), "inputs");
        if (x[0].length != net.inputWidth()) {
            throw new BadInput("inputs have " + x[0].length + " columns, the first layer takes " + net.inputWidth());
        }
        Loss loss = loss(in, x.length, net.outputWidth());
        double[] w = new double[values.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = values.get(i);
        }
        dev.clarke.nn.Parameters params = new dev.clarke.nn.Parameters(net, w);
        Certificate c = Inputs.run("", () -> Certificate.compute(net, params, Sequential.batch(DType.F64, x), loss, p, t));
        spec.commandLine().getOut().println(output(net, params, c, p, t));
    }

    private JsonObject read() {
        try {
            String text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (IOException e) {
            throw new BadInput("cannot read '" + file + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw new BadInput("'" + file + "' is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            throw new BadInput("missing or empty array '" + key + "'");
        }
        return e.getAsJsonArray();
    }

    private static double[] vector(JsonArray a, String where) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = a.get(i).getAsDouble();
            } catch (RuntimeException e) {
                throw new BadInput(where + "[" + i + "] is not a number");
            }
        }
        return v;
    }

    private static double[][] matrix(JsonArray a, String where) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            if (!a.get(i).isJsonArray()) {
                throw new BadInput(where + "[" + i + "] is not an array of numbers");
            }
            m[i] = vector(a.get(i).getAsJsonArray(), where + "[" + i + "]");
            if (m[i].length == 0 || m[i].length != m[0].length) {
                throw new BadInput(where + "[" + i + "] has " + m[i].length + " values, row 0 has " + m[0].length);
            }
        }
        return m;
    }

    private static Loss loss(JsonObject in, int batch, int out) {
        JsonElement l = in.get("loss");
        if (l == null || (l.isJsonPrimitive() && l.getAsString().equals("sum"))) {
            return Loss.sum();
        }
        if (l.isJsonObject() && l.getAsJsonObject().has("mse")) {
            double[][] t = matrix(l.getAsJsonObject().getAsJsonArray("mse"), "loss.mse");
            if (t.length != batch || t[0].length != out) {
                throw new BadInput("loss.mse: the target must be [" + batch + "][" + out + "]");
            }
            return Loss.mse(Sequential.batch(DType.F64, t));
        }
        if (l.isJsonObject() && l.getAsJsonObject().has("cross_entropy")) {
            double[] v = vector(l.getAsJsonObject().getAsJsonArray("cross_entropy"), "loss.cross_entropy");
            int[] labels = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                labels[i] = (int) v[i];
            }
            return Loss.crossEntropy(labels);
        }
        throw new BadInput("loss: use \"sum\", {\"mse\": [[...]]} or {\"cross_entropy\": [labels]}");
    }

    private static String output(Sequential net, dev.clarke.nn.Parameters params, Certificate c, KinkPolicy p, DType t) {
        JsonObject o = new JsonObject();
        o.addProperty("network", net.toString());
        o.addProperty("verdict", c.verdict().name());
        if (c.differentiable() == null) {
            o.add("differentiable", com.google.gson.JsonNull.INSTANCE);
        } else {
            o.addProperty("differentiable", c.differentiable());
        }
        o.addProperty("reason", c.reason());
        o.addProperty("value", c.value());
        JsonObject g = new JsonObject();
        double[] grad = c.gradient();
        for (int k = 0; k < grad.length; k++) {
            g.addProperty(params.name(k), grad[k]);
        }
        o.add("gradient", g);
        JsonArray hits = new JsonArray();
        for (Certificate.Hit h : c.hits()) {
            JsonObject j = new JsonObject();
            j.addProperty("layer", h.layer() + 1);
            j.addProperty("neuron", h.neuron());
            j.addProperty("sample", h.sample());
            j.addProperty("at", h.point());
            j.addProperty("adjoint", h.adjoint());
            hits.add(j);
        }
        o.add("kinks", hits);
        o.addProperty("batch", c.batch());
        o.addProperty("policy", p.name());
        o.addProperty("dtype", t.id());
        Bound b = Bound.forFormat(net, t.id());
        o.addProperty("bound", b.density());
        o.addProperty("boundVacuous", b.vacuous());
        o.addProperty("boundApplies", net.everyActivationHasBias() && c.batch() == 1);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
