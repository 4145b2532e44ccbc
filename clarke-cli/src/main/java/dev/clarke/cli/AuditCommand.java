package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.audit.Audit;
import dev.clarke.audit.AuditResult;
import dev.clarke.audit.ExternalGradient;
import dev.clarke.certify.Verdict;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clarke audit}: every batch gradient of an ONNX model on given data, with its kink hits and verdict. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Audit an ONNX model exported from PyTorch: every batch gradient with its kink hits and verdict.",
            "",
            "Computes the gradient of the mean loss of every batch under a kink policy, counts the kink hits "
                    + "per graph node (and those with a non-zero adjoint, the only ones that can make a gradient "
                    + "wrong) and gives every batch gradient its verdict. With --gradient it judges a gradient "
                    + "computed elsewhere, such as PyTorch's, against Clarke's. Models and batches come from "
                    + "tools/export-for-clarke.py; the operators, verdicts and options are described in docs/audit.md."},
        footer = {"", "Examples:",
            "  /usr/bin/python3 tools/export-for-clarke.py --example lenet-ties --out a/",
            "  clarke audit a/model.onnx --inputs a/x.npy --labels a/y.npy --json",
            "  clarke audit a/model.onnx --inputs a/x.npy --labels a/y.npy \\",
            "      --policy pytorch --save-gradient mine.safetensors",
            "  clarke audit a/model.onnx --inputs a/x.npy --labels a/y.npy \\",
            "      --policy pytorch --gradient a/grad.safetensors",
            "  clarke audit m.onnx --weights ckpt.safetensors --data mnist --batch 64 \\",
            "      --report out/",
            "",
            "Exit codes: 0 success, 2 bad input (one line saying what, where and how to fix)."})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The model: an ONNX file, opsets 11 to 17.")
    Path model;

    @Option(names = "--inputs", paramLabel = "FILE", description = "Input samples [N, ...]: .npy (float32/float64/int) or .safetensors (one tensor, or one named x).")
    Path inputs;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels .npy: integer classes (cross-entropy) or float targets of the output's shape (mse).")
    Path labels;

    @Option(names = "--data", paramLabel = "D", description = "Instead of --inputs/--labels: mnist, a directory of MNIST IDX files, or a CSV file (label last); its training part.")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "Audit only the first N samples.")
    Integer limit;

    @Option(names = "--loss", paramLabel = "L", description = "cross-entropy or mse (default: cross-entropy for integer labels, mse for float targets).")
    String loss;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per batch (default: all samples in one batch).")
    Integer batch;

    @Option(names = "--weights", paramLabel = "FILE", description = "A safetensors state_dict replacing the model's initializers by name.")
    Path weights;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "mid", description = "Kink policy (default mid): mid, left, right, pytorch (PyTorch's own choices), lambda=V, FAMILY=V.")
    String policy;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "f32", description = "Working precision: f64, f32 (default), bf16, f16.")
    String dtype;

    @Option(names = "--gradient", paramLabel = "GRADIENT", description = "A gradient of the mean batch loss computed elsewhere (safetensors, by parameter name): judge it.")
    Path gradient;

    @Option(names = "--save-gradient", paramLabel = "FILE", description = "Write Clarke's gradient of the mean loss (safetensors, the same names).")
    Path saveGradient;

    @Option(names = "--report", paramLabel = "DIR", description = "Write audit.json, nodes.png and batches.png into DIR.")
    Path report;

    @Option(names = "--no-certificates", description = "Skip the certificates (faster): only batches without kink hits get a verdict.")
    boolean noCertificates;

    @Option(names = "--yes", description = "Run even if the audit is estimated to take more than "
            + "15 minutes (measured over its first batches).")
    boolean yes;

    @Option(names = "--force", description = "Overwrite an existing --save-gradient file or --report directory.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object instead of the human-readable summary.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    private void execute() {
        boolean spark = engine.spark();
        KinkPolicy p = Inputs.policy(policy);
        DType t = Inputs.dtype(dtype);
        if (batch != null && batch < 1) {
            throw new BadInput("--batch " + batch + ": must be at least 1");
        }
        if (limit != null && limit < 1) {
            throw new BadInput("--limit " + limit + ": must be at least 1");
        }
        AuditFiles.checkOutputs(saveGradient, report, force);
        OnnxModel m = AuditFiles.model(model, weights);
        AuditFiles.Samples s = AuditFiles.samples(inputs, labels, data, loss, limit, m);
        Map<String, dev.clarke.tensor.Tensor> external = gradient == null ? null : AuditFiles.tensors(gradient, "--gradient");
        if (external != null && batch != null && batch < s.targets().size()) {
            throw new BadInput("--gradient judges the gradient of one batch, --batch " + batch + " makes several of the "
                    + s.targets().size() + " samples: drop --batch (or use --limit " + batch + ")");
        }
        Audit.Options o = new Audit.Options(p, t, batch == null ? 0 : batch, !noCertificates);
        JsonObject engineJson = new JsonObject();
        AuditResult r;
        if (spark) {
            r = onSpark(m, s, o, engineJson);
        } else {
            AuditProgress progress = new AuditProgress(spec.commandLine().getErr(), System.console() != null, yes);
            r = Inputs.run("", () -> Audit.run(m, s.inputs(), s.targets(), o, progress));
            progress.clear();
        }
        ExternalGradient judged = null;
        if (external != null) {
            try {
                judged = ExternalGradient.judge(r, external, t);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--gradient " + gradient + ": " + e.getMessage());
            }
        }
        if (saveGradient != null) {
            AuditFiles.saveGradient(saveGradient, r, force);
        }
        JsonObject o2 = json(r, judged, s.source(), model.toString());
        engineJson.entrySet().forEach(e -> o2.add(e.getKey(), e.getValue()));
        if (report != null) {
            AuditFiles.report(report, o2, r, force);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.print(o2));
        } else {
            human(out, r, judged, s.source());
            if (spark) {
                out.println(EngineOptions.line(engineJson));
            }
        }
    }

    /** The batches as shards on Spark; records engine, master, shards and wallSeconds in {@code engineJson}. */
    private AuditResult onSpark(OnnxModel m, AuditFiles.Samples s, Audit.Options o, JsonObject engineJson) {
        long start = System.nanoTime();
        int count = Inputs.run("", () -> Audit.batches(m, s.inputs(), s.targets(), o));
        try (ShardEngine.Session session = engine.open(spec.commandLine().getErr())) {
            int shards = engine.shardsFor(count, session);
            AuditJob job = new AuditJob(model, weights, inputs, labels, data, loss, limit, policy, dtype, o.batchSize(),
                    o.certificates(), count, shards);
            AuditResult r = Inputs.run("", () -> Audit.result(m, o, session.run(job)));
            EngineOptions.describe(engineJson, session, shards, (System.nanoTime() - start) / 1e9);
            return r;
        }
    }

    static JsonObject json(AuditResult r, ExternalGradient judged, String source, String modelPath) {
        JsonObject o = new JsonObject();
        o.addProperty("model", modelPath);
        o.addProperty("description", r.model());
        o.addProperty("data", source);
        o.addProperty("samples", r.samples());
        o.addProperty("batches", r.batches().size());
        o.add("loss", Json.number(r.loss()));
        JsonObject verdicts = new JsonObject();
        for (Map.Entry<Verdict, Integer> e : r.verdicts().entrySet()) {
            verdicts.addProperty(e.getKey().name(), e.getValue());
        }
        o.add("verdicts", verdicts);
        o.addProperty("kinkHits", r.kinkHits());
        o.addProperty("ndfHits", r.ndfHits());
        JsonArray layers = new JsonArray();
        for (AuditResult.NodeHits n : r.nodes()) {
            JsonObject l = new JsonObject();
            l.addProperty("name", n.name());
            l.addProperty("op", n.op());
            l.addProperty("hits", n.hits());
            l.addProperty("ndfHits", n.ndfHits());
            layers.add(l);
        }
        o.add("layers", layers);
        JsonArray bs = new JsonArray();
        for (AuditResult.Batch b : r.batches()) {
            JsonObject bo = new JsonObject();
            bo.addProperty("from", b.from());
            bo.addProperty("to", b.to());
            bo.add("loss", Json.number(b.loss()));
            bo.addProperty("hits", b.hits());
            bo.addProperty("ndfHits", b.ndfHits());
            bo.addProperty("verdict", b.verdict().name());
            bo.addProperty("reason", b.reason());
            bs.add(bo);
        }
        o.add("perBatch", bs);
        o.addProperty("policy", r.policy());
        o.addProperty("dtype", r.dtype());
        if (judged != null) {
            JsonObject e = new JsonObject();
            e.addProperty("verdict", judged.verdict().name());
            e.add("maxAbsDiff", Json.number(judged.maxAbsDiff()));
            e.addProperty("at", judged.worst());
            e.add("externalValue", Json.number(judged.external()));
            e.add("clarkeValue", Json.number(judged.clarke()));
            e.addProperty("reason", judged.reason());
            o.add("external", e);
        }
        return o;
    }

    private static void human(PrintWriter out, AuditResult r, ExternalGradient judged, String source) {
        out.println("model    " + r.model());
        out.println("data     " + source + ": " + r.samples() + " samples in " + r.batches().size() + " batch"
                + (r.batches().size() == 1 ? "" : "es") + ", mean loss " + Human.number(r.loss()));
        out.println("policy   " + r.policy() + ", dtype " + r.dtype());
        out.println("kinks    " + r.kinkHits() + " hits, " + r.ndfHits() + " with a non-zero adjoint");
        for (AuditResult.NodeHits n : r.nodes()) {
            if (n.hits() > 0) {
                out.println(String.format(Locale.ROOT, "  %-24s %-10s %9d hits %9d non-zero adjoint", n.name(), n.op(), n.hits(), n.ndfHits()));
            }
        }
        out.print("verdicts");
        for (Map.Entry<Verdict, Integer> e : r.verdicts().entrySet()) {
            out.print("  " + e.getKey().name() + " " + e.getValue());
        }
        out.println();
        if (r.batches().size() == 1) {
            out.println("  " + r.batches().get(0).reason());
        }
        if (judged != null) {
            out.println("external " + judged.verdict().name() + ": " + judged.reason());
            out.println("  max |external - Clarke| = " + Human.number(judged.maxAbsDiff()) + " at " + judged.worst());
            if (judged.maxAbsDiff() > 0 && !r.policy().startsWith("pytorch")) {
                out.println("  (a gradient from PyTorch is reproduced by --policy pytorch; under " + r.policy()
                        + " the kinks are decided otherwise)");
            }
        }
    }
}
