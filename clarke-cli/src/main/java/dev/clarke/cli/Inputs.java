package dev.clarke.cli;

import dev.clarke.ad.DomainException;
import dev.clarke.lang.EvaluationError;
import dev.clarke.lang.Program;
import dev.clarke.lang.SyntaxError;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Turns option strings into library values, reporting bad ones as {@link BadInput}. */
final class Inputs {

    private Inputs() {
    }

    static KinkPolicy policy(String spec) {
        return policy(spec, "--policy");
    }

    /** The policies of a repeatable --policy, or {@code defaults} when none is given. */
    static java.util.List<KinkPolicy> policies(java.util.List<String> specs, java.util.List<String> defaults) {
        java.util.List<KinkPolicy> out = new java.util.ArrayList<>();
        for (String p : specs == null || specs.isEmpty() ? defaults : specs) {
            out.add(policy(p));
        }
        return out;
    }

    /** The kink policy {@code spec} given by {@code where} (an option, or a field of an input file). */
    static KinkPolicy policy(String spec, String where) {
        try {
            return KinkPolicy.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new BadInput(where + ": " + e.getMessage());
        }
    }

    static DType dtype(String id) {
        try {
            return DType.parse(id);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--dtype: " + e.getMessage());
        }
    }

    static dev.clarke.nn.Init init(String id) {
        try {
            return dev.clarke.nn.Init.parse(id);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--init: " + e.getMessage());
        }
    }

    static Program program(String source) {
        try {
            return Program.parse(source);
        } catch (SyntaxError e) {
            throw new BadInput(e.getMessage(), e.position().pointAt(e.source()));
        }
    }

    /** {@code option NAME=VALUE,...}: a value for every variable of the program and nothing else. */
    static Map<String, Double> point(Program program, String option, List<String> specs) {
        Map<String, Double> point = Assignments.parse(option, specs);
        Assignments.check(option, point, program.variables());
        return point;
    }

    /**
     * Runs library work on {@code source}, reporting what the input got wrong as {@link BadInput}:
     * syntax and evaluation errors with a caret under the spot, domain errors, refused arguments and
     * operations the library does not support with their message.
     */
    static <T> T run(String source, Supplier<T> work) {
        try {
            return work.get();
        } catch (SyntaxError e) {
            throw new BadInput(e.getMessage(), e.position().pointAt(e.source()));
        } catch (EvaluationError e) {
            throw new BadInput(e.getMessage(), e.position().pointAt(source));
        } catch (DomainException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new BadInput(e.getMessage());
        }
    }
}
