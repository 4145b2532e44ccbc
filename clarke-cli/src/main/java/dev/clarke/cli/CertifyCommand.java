package dev.clarke.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.certify.Bound;
import dev.clarke.certify.Certificate;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
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
                    + "\"activation\": \"relu\" (optional; one of clarke train's --activation names), "
                    + "\"slope\": 0.01 (leaky_relu's α, softshrink's λ, elu's α)}, ...], \"inputs\": [[...], ...], "
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
        CertifyInput in = CertifyInput.read(file, System.in);
        KinkPolicy p = policy != null ? Inputs.policy(policy) : Inputs.policy(in.policy() != null ? in.policy() : "mid", "policy");
        DType t = Inputs.dtype(dtype != null ? dtype : in.dtype() != null ? in.dtype() : "f64");
        CertifyInput.Network n = in.network();
        Sequential net = Inputs.run("", () -> new Sequential(n.layers()));
        double[][] x = n.inputs();
        Loss loss = in.loss(x.length, net.outputWidth());
        dev.clarke.nn.Parameters params = new dev.clarke.nn.Parameters(net, n.parameters());
        Certificate c = Inputs.run("", () -> Certificate.compute(net, params, Sequential.batch(DType.F64, x), loss, p, t));
        boolean zeroInput = x.length == 1 && java.util.Arrays.stream(x[0]).allMatch(v -> v == 0);
        spec.commandLine().getOut().println(output(net, params, c, p, t, zeroInput));
    }

    private static String output(Sequential net, dev.clarke.nn.Parameters params, Certificate c, KinkPolicy p, DType t,
                                 boolean zeroInput) {
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
        double[] truth = c.correctGradient();
        if (truth != null) {
            JsonObject tg = new JsonObject();
            for (int k = 0; k < truth.length; k++) {
                tg.addProperty(params.name(k), truth[k]);
            }
            o.add("correctGradient", tg);
        }
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
        Bound b = Bound.of(net, Bound.formatSize(t.id()), t.id(), zeroInput, true);
        o.addProperty("bound", b.density());
        o.addProperty("boundProduct", b.product());
        o.addProperty("boundZeroInput", b.zeroInput());
        o.addProperty("boundVacuous", b.vacuous());
        o.addProperty("boundTotal", b.total());
        o.addProperty("boundApplies", c.batch() == 1);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
