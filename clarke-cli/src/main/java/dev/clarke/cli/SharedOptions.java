package dev.clarke.cli;

import dev.clarke.lang.Program;
import dev.clarke.nn.Activation;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options grad, check and anf share, as picocli mixins: written once, parsed once. */
final class SharedOptions {

    private SharedOptions() {
    }

    /** The program (EXPR) and the point ({@code --at}); the program is parsed once. */
    static final class ProgramAt {
        @Parameters(index = "0", paramLabel = "EXPR", description = "The program, e.g. 'relu(x) - relu(-x)'.")
        String expression;

        @Option(names = "--at", paramLabel = "POINT",
                description = "The point: NAME=VALUE for every variable, separated by commas (x=0,y=1).")
        List<String> at;

        private Program program;

        /** The parsed program (a syntax error is bad input). */
        Program program() {
            if (program == null) {
                program = Inputs.program(expression);
            }
            return program;
        }

        /** The point: a value for every variable of the program and nothing else. */
        Map<String, Double> point() {
            return Inputs.point(program(), "--at", at);
        }
    }

    /** {@code --policy}. */
    static final class Policy {
        @Option(names = "--policy", paramLabel = "P", defaultValue = "mid",
                description = "Kink policy: mid (default), left, right, pytorch, lambda=V, or overrides FAMILY=V "
                        + "(e.g. relu=0.3, left,abs=0); sqrt0=V sets sqrt'(0).")
        String spec;

        KinkPolicy policy() {
            return Inputs.policy(spec);
        }
    }

    /** {@code --dtype}. */
    static final class Dtype {
        @Option(names = "--dtype", paramLabel = "T", defaultValue = "f64",
                description = "Working precision: f64 (default), f32, bf16, f16 (every op's result rounded).")
        String id;

        DType dtype() {
            return Inputs.dtype(id);
        }
    }

    /** A program evaluated at a point under a policy and a dtype: EXPR, {@code --at}, {@code --policy}, {@code --dtype}. */
    static final class Evaluation {
        @Mixin
        ProgramAt program;

        @Mixin
        Policy policy;

        @Mixin
        Dtype dtype;
    }

    /** {@code --json}. */
    static final class Json {
        @Option(names = "--json", description = "Print one JSON object.")
        boolean on;
    }

    /** The network activations' names, from the family rows (for {@code ${COMPLETION-CANDIDATES}}). */
    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Activation.NAMES.split(", ")).iterator();
        }
    }

    /** The piecewise-linear activations' names (those the exact oracle covers). */
    static final class LinearActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Activation.piecewiseLinearNames().iterator();
        }
    }
}
