package dev.clarke.cli;

import dev.clarke.absnormal.Certification;
import dev.clarke.absnormal.Certifier;
import dev.clarke.ad.KinkLog;
import dev.clarke.lang.GradientReport;
import dev.clarke.lang.Program;
import dev.clarke.lang.Recording;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clarke grad}: value, gradient and kink hits of a program at a point. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = "Differentiate a program at a point and report every kink its evaluation hit.",
        footer = {"", "Examples:",
            "  clarke grad 'relu(x) - relu(-x)' --at x=0",
            "  clarke grad 'if (x > 0) sqrt(x) else 0' --at x=-1 --json",
            "  clarke grad 'max(x, y) + abs(x - 2*y)' --at x=1,y=1 \\",
            "      --policy pytorch --dtype f32",
            "  clarke grad 'if (x > 0) x*x else 0' --at x=0 --order 2",
            "  clarke grad 'max(x, 0) - max(-x, 0)' --at x=0 --certify",
            "",
            "Exit codes: 0 success, 2 bad input (syntax, unknown name, missing value, domain error)."})
final class GradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.Evaluation at;

    @Option(names = "--order", paramLabel = "K", defaultValue = "1",
            description = "Derivative order (K > 1 needs a one-variable program).")
    int order;

    @Mixin
    SharedOptions.Json json;

    @Option(names = "--certify", description = "Also decide what AD's gradient is (from the abs-normal form, see "
        + "docs/theory/abs-normal.md): the verdict, the true derivative when differentiable, a certified "
        + "Clarke subgradient, and whether LIKQ holds. Needs --order 1.")
    boolean certify;

    @Override
    public Integer call() {
        return BadInput.reported(spec, () -> {
            if (order < 1 || order > 8) {
                throw new BadInput("--order " + order + ": use an order from 1 to 8");
            }
            if (certify && order != 1) {
                throw new BadInput("--certify works with --order 1 only (got --order " + order + ")");
            }
            KinkPolicy p = at.policy.policy();
            DType t = at.dtype.dtype();
            Program prog = at.program.program();
            Map<String, Double> point = at.program.point();
            String expression = at.program.expression;
            // one recording serves both: the verdict is decided on the very trace the gradient comes from
            Recording recording = Inputs.run(expression, () -> Recording.of(prog, point, p, t));
            Certification c = !certify ? null : Inputs.run(expression, () -> Certifier.certify(prog,
                    recording.requireScalar("a gradient"), point));
            GradientReport r = Inputs.run(expression, () -> GradientReport.of(recording, order));
            PrintWriter out = spec.commandLine().getOut();
            if (json.on) {
                out.println(c == null ? Json.gradient(expression, r) : Json.certified(expression, r, c));
            } else {
                Human.gradient(out, expression, r);
                if (c != null) {
                    Human.certification(out, c);
                }
            }
        });
    }

    /** The description, its list of primitives read from the language's table. */
    static String[] description() {
        return new String[] {
            "Differentiate a program at a point and report every kink its evaluation hit.",
            "",
            "The language: numbers, variables, + - * / ^, unary minus, parentheses, let v = e1 in e2, "
                    + "if (e1 OP e2) e3 else e4 with OP in > >= < <= (lazy: only the taken branch runs), "
                    + "vectors [a, b] and v[i], and calls of the primitives: "
                    + String.join(" ", Program.primitives()) + ". See docs/language.md."};
    }

    /** The kink hits as {@code op at point}, used by both outputs. */
    static String describe(KinkLog.Hit h) {
        return h.op() + " at " + Human.number(h.point());
    }
}
