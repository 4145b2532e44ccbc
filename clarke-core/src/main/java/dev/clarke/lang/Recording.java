package dev.clarke.lang;

import dev.clarke.ad.Attr;
import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Step;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Program} recorded at a point: the one way a program is bound to a trace, shared by the
 * gradient report, the abs-normal certifier and the intensional checker. Each variable becomes a
 * scalar input of the trace, in the order of {@link Program#variables()}.
 *
 * @param trace  the trace (retained: the caller releases it)
 * @param output the program's value
 * @param inputs one scalar input per variable, in order
 * @param names  the variables, in the same order
 */
public record Recording(Trace trace, Var output, List<Var> inputs, List<String> names) {

    /**
     * Records {@code program} with every variable bound to its value in {@code at}.
     *
     * @param program the parsed program
     * @param at the point: a value for every free variable
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the recording, with its trace kept for the analyses
     * @throws IllegalArgumentException if a variable has no value
     * @throws IllegalArgumentException if a variable has no value
     */
    public static Recording of(Program program, Map<String, Double> at, KinkPolicy policy, DType dtype) {
        Trace trace = new Trace(policy, dtype);
        Map<String, Var> env = new LinkedHashMap<>();
        List<Var> inputs = new ArrayList<>();
        for (String name : program.variables()) {
            Double v = at.get(name);
            if (v == null) {
                throw new IllegalArgumentException("variable '" + name + "' has no value");
            }
            Var x = trace.input(Tensor.scalar(v, dtype));
            env.put(name, x);
            inputs.add(x);
        }
        Var y = program.evaluate(trace, env);
        return new Recording(trace, y, List.copyOf(inputs), List.copyOf(program.variables()));
    }

    /**
     * This recording, after checking that the output is a scalar ({@code who} names the caller in
     * the error).
     *
     * @param who names the caller in the error, e.g. {@code "the checker"}
     * @return this recording
     * @throws IllegalArgumentException if the program's value is not a scalar
     */
    public Recording requireScalar(String who) {
        if (output.value().size() != 1) {
            throw new IllegalArgumentException("the program's value has shape " + output.shape() + ": " + who
                    + " needs a scalar, e.g. wrap it in sum(...)");
        }
        return this;
    }

    /** {@return the variables' values, in the program's order} */
    public double[] point() {
        double[] x = new double[inputs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs.get(i).item();
        }
        return x;
    }

    /**
     * The policy's overrides that lie outside [D⁻, D⁺] at a kink of their family, judged with the
     * parameters the program gives that family (leaky_relu's α, clamp's bounds), or with the family's
     * defaults when the program does not use it.
     *
     * @return one readable line per override that is not a Clarke subgradient at a kink the program
     *     can meet; empty if none
     */
    public List<String> flags() {
        KinkPolicy policy = trace.policy();
        Set<String> out = new LinkedHashSet<>();
        Set<Family> used = EnumSet.noneOf(Family.class);
        for (Step s : trace.steps()) {
            if (s.family() != null) {
                used.add(s.family());
                double[] params = s.attr() instanceof Attr.Params p ? p.values() : new double[0];
                policy.flag(s.family(), params).ifPresent(out::add);
            }
        }
        for (Family f : Family.values()) {
            if (!used.contains(f)) {
                policy.flag(f).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@return reverse mode's gradient of the scalar output, one entry per variable; the trace is
     * kept}
     */
    public double[] gradient() {
        Gradients g = trace.grad(output, inputs, Backward.RETAIN);
        double[] d = new double[inputs.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = g.of(inputs.get(i)).item();
        }
        return d;
    }
}
