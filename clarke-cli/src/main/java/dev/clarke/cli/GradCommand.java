package dev.clarke.cli;

import dev.clarke.absnormal.Certification;
import dev.clarke.absnormal.Certifier;
import dev.clarke.ad.KinkLog;
import dev.clarke.lang.GradientReport;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clarke grad}: value, gradient and kink hits of a program at a point. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {"Differentiate a program at a point and report every kink its evaluation hit.",
            "",
            "The language: numbers, variables, + - * / ^, unary minus, parentheses, let v = e1 in e2, "
                    + "if (e1 OP e2) e3 else e4 with OP in > >= < <= (lazy: only the taken branch runs), "
                    + "vectors [a, b] and v[i], and calls of the primitives: exp log sqrt sin cos tanh sigmoid "
                    + "softplus pow relu leaky_relu abs sign max min clamp hardtanh relu6 hardsigmoid hardswish "
                    + "floor round sum mean logsumexp softmax log_softmax cross_entropy mse matmul where add sub "
                    + "mul div neg. See docs/language.md."},
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

    @Parameters(index = "0", paramLabel = "EXPR", description = "The program, e.g. 'relu(x) - relu(-x)'.")
    String expression;

    @Option(names = "--at", paramLabel = "NAME=VALUE[,...]", description = "The point: a value for every variable.")
    List<String> at;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "mid",
            description = "Kink policy: mid (default), left, right, pytorch, lambda=V, or overrides FAMILY=V "
                    + "(e.g. relu=0.3, left,abs=0); sqrt0=V sets sqrt'(0).")
    String policy;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "f64",
            description = "Working precision: f64 (default), f32, bf16, f16 (every op's result rounded).")
    String dtype;

    @Option(names = "--order", paramLabel = "K", defaultValue = "1",
            description = "Derivative order (K > 1 needs a one-variable program).")
    int order;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--certify", description = "Also decide what AD's gradient is (from the abs-normal form, see "
        + "docs/theory/abs-normal.md): the verdict, the true derivative when differentiable, a certified "
        + "Clarke subgradient, and whether LIKQ holds. Needs --order 1.")
    boolean certify;

    @Override
    public Integer call() {
        return BadInput.reported(spec, () -> {
            GradientReport r = compute();
            Certification c = certify ? certification() : null;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(c == null ? Json.gradient(expression, r) : Json.certified(expression, r, c));
            } else {
                Human.gradient(out, expression, r);
                if (c != null) {
                    Human.certification(out, c);
                }
            }
        });
    }

    private GradientReport compute() {
        KinkPolicy p = Inputs.policy(policy);
        DType t = Inputs.dtype(dtype);
        if (order < 1 || order > 8) {
            throw new BadInput("--order " + order + ": use an order from 1 to 8");
        }
        Program program = Inputs.program(expression);
        Map<String, Double> point = Inputs.point(program, "--at", at);
        return Inputs.run(expression, () -> GradientReport.compute(program, point, p, t, order));
    }

    /** The verdict on the gradient, decided on the same program, point, policy and dtype. */
    private Certification certification() {
        if (order != 1) {
            throw new BadInput("--certify works with --order 1 only (got --order " + order + ")");
        }
        Program program = Inputs.program(expression);
        Map<String, Double> point = Inputs.point(program, "--at", at);
        KinkPolicy p = Inputs.policy(policy);
        DType t = Inputs.dtype(dtype);
        return Inputs.run(expression, () -> Certifier.certify(program, point, p, t));
    }

    /** The kink hits as {@code op at point}, used by both outputs. */
    static String describe(KinkLog.Hit h) {
        return h.op() + " at " + Human.number(h.point());
    }
}
