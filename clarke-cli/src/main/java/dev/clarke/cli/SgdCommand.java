package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.certify.Verdict;
import dev.clarke.experiment.SgdExperiment;
import dev.clarke.ops.KinkPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke experiment sgd}: stochastic generalized-gradient descent under several kink policies, every step certified. */
@Command(name = "sgd", mixinStandardHelpOptions = true,
        description = {"Stochastic generalized-gradient descent on a dense ReLU network (with bias, MSE) under "
                    + "several kink policies, every step's gradient certified (Baumgartner-Bethke: an AD value that "
                    + "is a Clarke subgradient can drive such a method).",
            "",
            "Data: the 25 points of {-2..2}^2, target |x1| - |x2|. Parameters on the grid 2^-q (--grid-bits), "
                    + "stochastically rounded after each step, so pre-activations land exactly on relu's kink. "
                    + "Step k draws one sample and moves by rate*decay/(decay + k) times AD's gradient. Every "
                    + "policy replays the same random stream. Per policy: the verdict of every step, the steps with "
                    + "a kink hit and with a kink hit of non-zero adjoint, and the whole-data loss every --every steps."},
        footer = {"", "Examples:",
            "  clarke experiment sgd",
            "  clarke experiment sgd --steps 20000 --hidden 16,16 --plot sgd.png",
            "  clarke experiment sgd --policy left --policy relu=-1 --json",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class SgdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--hidden", paramLabel = "N,...", hideParamSyntax = true, defaultValue = "8,8", split = ",",
            description = "Hidden widths (default 8,8).")
    List<Integer> hidden;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "2000", description = "Steps per policy (default 2000).")
    int steps;

    @Option(names = "--rate", paramLabel = "A", defaultValue = "0.05", description = "The first step size (default 0.05).")
    double rate;

    @Option(names = "--decay", paramLabel = "T", description = "Steps over which the step size halves (default steps/10).")
    Double decay;

    @Option(names = "--grid-bits", paramLabel = "Q", defaultValue = "4", description = "Parameters are multiples of 2^-Q (default 4).")
    int gridBits;

    @Option(names = "--every", paramLabel = "K", description = "Evaluate the whole-data loss every K steps (default steps/20).")
    Integer every;

    @Option(names = "--policy", paramLabel = "P",
            description = "Kink policies (repeatable; default mid, left, right and relu=2, which lies outside [D-, D+]).")
    List<String> policy;

    @Option(names = "--correct", description = "Where AD's gradient is certified not Clarke, step along the certificate's "
            + "Clarke subgradient (D- at every kink) instead.")
    boolean correct;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "The random stream of every run (default 1).")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also write a PNG of the loss curves.")
    Path plot;

    @Option(names = "--force", description = "Replace an existing --plot file.")
    boolean force;

    @Option(names = "--yes", description = "Run even if the experiment is estimated to take more than 15 minutes"
            + " (measured over its first seconds).")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON object (with every step's verdict).")
    boolean json;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    private void execute() {
        List<KinkPolicy> policies = Inputs.policies(policy, List.of("mid", "left", "right", "relu=2"));
        if (policies.size() > 16) {
            throw new BadInput("--policy: " + policies.size() + " policies; give at most 16");
        }
        int[] hs = hidden.stream().mapToInt(Integer::intValue).toArray();
        SgdExperiment.Config config;
        try {
            config = new SgdExperiment.Config(hs, steps, rate, decay == null ? Math.max(1, steps / 10.0) : decay, gridBits,
                    seed, every == null ? Math.max(1, steps / 20) : every, correct);
        } catch (IllegalArgumentException e) {
            throw new BadInput("experiment sgd: " + e.getMessage());
        }
        if (plot != null) {
            Outputs.checkFile("--plot", plot, force);
        }
        SgdExperiment experiment = new SgdExperiment(config);
        long total = (long) steps * policies.size();
        JobProgress job = new JobProgress("steps", total, spec.commandLine().getErr(), System.console() != null, yes);
        List<SgdExperiment.Run> runs = experiment.run(policies, (p, s) -> { },
                (p, done) -> job.update((long) p * steps + done, "policy " + policies.get(p).name(), "use fewer --steps"));
        job.clear();
        if (plot != null) {
            Plots.sgd(plot, force, runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.print(json(experiment, config, runs)));
        } else {
            human(out, experiment, config, runs);
        }
    }

    private void human(PrintWriter out, SgdExperiment e, SgdExperiment.Config c, List<SgdExperiment.Run> runs) {
        out.println("network   " + e.network() + ", MSE on 25 samples, parameters on 2^-" + c.gridBits() + ", seed " + c.seed());
        out.println("steps     " + c.steps() + " per policy, step size " + c.rate() + "*" + c.decay() + "/(" + c.decay() + " + k)"
                + (c.correct() ? ", steps not Clarke corrected" : ""));
        out.println(String.format(Locale.ROOT, "%-14s %7s %7s %8s %8s %8s %8s %10s %10s", "policy", "kinks", "live",
                "correct", "clarke", "notClarke", "unknown", "loss0", "lossEnd"));
        for (SgdExperiment.Run r : runs) {
            out.println(String.format(Locale.ROOT, "%-14s %7d %7d %8d %8d %8d %8d %10.4g %10.4g", r.policy().name(), r.kinkSteps(),
                    r.liveKinkSteps(), count(r, Verdict.DIFFERENTIABLE_CORRECT), count(r, Verdict.NONDIFFERENTIABLE_CLARKE),
                    count(r, Verdict.NONDIFFERENTIABLE_NOT_CLARKE), count(r, Verdict.UNKNOWN), r.loss()[0],
                    r.loss()[r.loss().length - 1]));
        }
        out.println("kinks: steps with a kink hit; live: with a kink hit of non-zero adjoint (f not differentiable there)");
        if (plot != null) {
            out.println("plot      " + plot);
        }
    }

    private static long count(SgdExperiment.Run r, Verdict v) {
        return r.verdicts().getOrDefault(v, 0L);
    }

    private static JsonObject json(SgdExperiment e, SgdExperiment.Config c, List<SgdExperiment.Run> runs) {
        JsonObject o = new JsonObject();
        o.addProperty("network", e.network().toString());
        o.addProperty("steps", c.steps());
        o.addProperty("rate", c.rate());
        o.addProperty("decay", c.decay());
        o.addProperty("gridBits", c.gridBits());
        o.addProperty("seed", c.seed());
        o.addProperty("correct", c.correct());
        o.addProperty("verdictCodes", "C differentiable correct, I differentiable incorrect, N nondifferentiable Clarke, "
                + "X nondifferentiable not Clarke, K Clarke, U unknown");
        JsonArray a = new JsonArray();
        for (SgdExperiment.Run r : runs) {
            JsonObject ro = new JsonObject();
            ro.addProperty("policy", r.policy().name());
            ro.addProperty("kinkSteps", r.kinkSteps());
            ro.addProperty("liveKinkSteps", r.liveKinkSteps());
            JsonObject vs = new JsonObject();
            for (Verdict v : Verdict.values()) {
                vs.addProperty(v.name(), count(r, v));
            }
            ro.add("verdicts", vs);
            JsonArray cp = new JsonArray();
            JsonArray loss = new JsonArray();
            for (int i = 0; i < r.checkpoints().length; i++) {
                cp.add(r.checkpoints()[i]);
                loss.add(r.loss()[i]);
            }
            ro.add("lossSteps", cp);
            ro.add("loss", loss);
            StringBuilder perStep = new StringBuilder(r.perStep().size());
            for (Verdict v : r.perStep()) {
                perStep.append(code(v));
            }
            ro.addProperty("perStep", perStep.toString());
            a.add(ro);
        }
        o.add("runs", a);
        return o;
    }

    private static char code(Verdict v) {
        switch (v) {
            case DIFFERENTIABLE_CORRECT: return 'C';
            case DIFFERENTIABLE_INCORRECT: return 'I';
            case NONDIFFERENTIABLE_CLARKE: return 'N';
            case NONDIFFERENTIABLE_NOT_CLARKE: return 'X';
            case CLARKE: return 'K';
            default: return 'U';
        }
    }
}
