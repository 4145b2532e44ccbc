package dev.clarke.cli;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.pap.AlmostEverywhere;
import dev.clarke.pap.CheckResult;
import dev.clarke.pap.IntensionalChecker;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke check}: whether a gradient is an intensional derivative of a program at a point. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check that a gradient is an intensional derivative, the derivative of the analytic "
                    + "branch of the piece the input lies in (Lee, Yu, Rival, Yang 2020).",
            "",
            "Prints the value, AD's gradient (or the one given with --gradient), the gradient of the frozen "
                    + "branch by a separate forward mode, the verdict, the induced piece and branch, and the "
                    + "piece every primitive call and if chose. Works in f64. Higher orders: clarke grad "
                    + "--order K. See docs/theory/pap.md."},
        footer = {"", "Examples:",
            "  clarke check 'relu(x) - relu(-x)' --at x=0",
            "  clarke check 'relu(-x) + x' --at x=0 --policy left --json",
            "  clarke check 'max(x, y)' --at x=1,y=1 --gradient x=0,y=0",
            "  clarke check 'relu(x)*sin(y) + max(x, y)' --at x=0,y=0 --samples 50",
            "",
            "Exit codes: 0 checked (whatever the verdict), 2 bad input."})
final class CheckCommand implements Callable<Integer> {

    private static final double LO = -3;
    private static final double HI = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.ProgramAt program;

    @Mixin
    SharedOptions.Policy policy;

    @Option(names = "--gradient", paramLabel = "GRADIENT",
            description = "Check this gradient (e.g. one computed elsewhere) instead of Clarke's own: NAME=VALUE for every variable, separated by commas.")
    List<String> gradient;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0",
            description = "Also compare AD with central differences at N random inputs in [-3, 3].")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random inputs.")
    long seed;

    @Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() {
        return BadInput.reported(spec, () -> {
            CheckOutput o = compute();
            PrintWriter out = spec.commandLine().getOut();
            if (json.on) {
                out.println(o.json());
            } else {
                o.human(out);
            }
        });
    }

    private CheckOutput compute() {
        KinkPolicy p = policy.policy();
        if (samples < 0 || samples > 1_000_000) {
            throw new BadInput("--samples " + samples + ": use 0 (no sampling) to 1000000");
        }
        Program prog = program.program();
        String expression = program.expression;
        Map<String, Double> point = program.point();
        Map<String, Double> given = gradient == null ? null : Inputs.point(prog, "--gradient", gradient);
        CheckResult r = Inputs.run(expression, () -> given == null ? IntensionalChecker.check(prog, point, p)
                : IntensionalChecker.isIntensional(prog, point, p, given));
        AlmostEverywhere.Report ae = samples == 0 ? null
                : Inputs.run(expression, () -> AlmostEverywhere.check(prog, p, samples, seed, LO, HI));
        return new CheckOutput(expression, p, given != null, r, ae, LO, HI, seed);
    }
}
