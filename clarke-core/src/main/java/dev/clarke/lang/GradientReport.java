package dev.clarke.lang;

import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derivative of a {@link Program} at a point: value, gradient (or, with {@code order} k &gt; 1,
 * the k-th derivative of a one-variable program by nested reverse mode), every kink hit with its
 * adjoint, and the policy and dtype that produced them.
 *
 * @param value    the program's value
 * @param gradient variable name → derivative (of the requested order)
 * @param kinks    the kink hits of the evaluation and of the backward passes, in order
 * @param policy   the kink policy
 * @param dtype    the working dtype
 * @param order    the derivative order
 * @param flags    the policy's overrides that are not Clarke subgradients for the program's own
 *                 parameters (see {@link KinkPolicy#flag}), as readable lines
 */
public record GradientReport(double value, Map<String, Double> gradient, List<KinkLog.Hit> kinks,
                             KinkPolicy policy, DType dtype, int order, List<String> flags) {

    /**
     * Evaluates and differentiates {@code program} at {@code at} (a value for every variable).
     *
     * @param program the program
     * @param at a value for every variable
     * @param policy the kink policy
     * @param dtype the working precision
     * @param order the order of the derivative, 1 or 2
     * @return the value, gradient and kink hits
     * @throws IllegalArgumentException if {@code order} &gt; 1 and the program has other than one variable
     * @throws dev.clarke.ad.DomainException if a primitive left its domain on a path the result depends on
     */
    public static GradientReport compute(Program program, Map<String, Double> at, KinkPolicy policy,
                                         DType dtype, int order) {
        checkOrder(order, program.variables().size());
        return of(Recording.of(program, at, policy, dtype), order);
    }

    private static void checkOrder(int order, int variables) {
        if (order < 1) {
            throw new IllegalArgumentException("order must be at least 1, got " + order);
        }
        if (order > 1 && variables != 1) {
            throw new IllegalArgumentException("order " + order + " needs a program of exactly one variable, this one has "
                    + variables);
        }
    }

    /**
     * Differentiates a recorded program (then releases its trace): the recording may have served
     * another analysis first, such as the abs-normal certifier, so the program is recorded once.
     *
     * @param recording the recorded program, with a scalar output
     * @param order the derivative's order: 1 for the gradient; higher orders for one-variable
     *     programs only
     * @return the derivative with the kinks and branches met on the way
     * @throws IllegalArgumentException if the order is below 1, or above 1 for a program of several
     *     variables, or the output is not a scalar
     */
    public static GradientReport of(Recording recording, int order) {
        checkOrder(order, recording.names().size());
        Recording r = recording.requireScalar("a gradient");
        KinkPolicy policy = r.trace().policy();
        DType dtype = r.trace().dtype();
        Trace trace = r.trace();
        Var y = r.output();
        List<Var> inputs = r.inputs();
        double value = y.item();
        Map<String, Double> gradient = new LinkedHashMap<>();
        if (order == 1) {
            double[] g = r.gradient();
            for (int i = 0; i < g.length; i++) {
                gradient.put(r.names().get(i), g[i]);
            }
        } else {
            Var d = y;
            for (int k = 0; k < order; k++) {
                d = trace.gradVars(d, inputs).get(0);
            }
            if (!d.value().allFinite()) {
                throw new dev.clarke.ad.DomainException("the derivative of order " + order + " is not finite: " + d.value());
            }
            gradient.put(r.names().get(0), d.item());
        }
        List<KinkLog.Hit> hits = new ArrayList<>(trace.kinks().hits());
        List<String> flags = r.flags();
        trace.release();
        return new GradientReport(value, Collections.unmodifiableMap(gradient),
                Collections.unmodifiableList(hits), policy, dtype, order, flags);
    }
}
