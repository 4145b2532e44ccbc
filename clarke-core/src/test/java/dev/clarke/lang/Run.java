package dev.clarke.lang;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: parse, bind scalar inputs, evaluate, differentiate. */
final class Run {

    final Trace trace = new Trace();
    final Map<String, Var> env = new LinkedHashMap<>();
    final Program program;
    private final List<Var> inputs = new ArrayList<>();

    /** {@code bindings} are name, value pairs: {@code "x", 2.0, "y", -1.0}. */
    Run(String source, Object... bindings) {
        program = Program.parse(source);
        for (int i = 0; i < bindings.length; i += 2) {
            Var v = trace.input(((Number) bindings[i + 1]).doubleValue());
            env.put((String) bindings[i], v);
            inputs.add(v);
        }
    }

    Var evaluate() {
        return program.evaluate(trace, env);
    }

    /** The program's (scalar) value. */
    static double value(String source, Object... bindings) {
        return new Run(source, bindings).evaluate().item();
    }

    /** The gradient with respect to each binding, in order. */
    static double[] grad(String source, Object... bindings) {
        Run r = new Run(source, bindings);
        Var y = r.evaluate();
        Gradients g = r.trace.grad(y, r.inputs, Backward.RELEASE);
        double[] out = new double[r.inputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.of(r.inputs.get(i)).item();
        }
        return out;
    }

    /** The AST of {@code source} as an S-expression. */
    static String tree(String source) {
        return Program.parse(source).root().show();
    }
}
