package dev.clarke.lang;

import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
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
 */
public record GradientReport(double value, Map<String, Double> gradient, List<KinkLog.Hit> kinks,
                             KinkPolicy policy, DType dtype, int order) {

    /**
     * Evaluates and differentiates {@code program} at {@code at} (a value for every variable).
     *
     * @throws IllegalArgumentException if {@code order} &gt; 1 and the program has other than one variable
     * @throws dev.clarke.ad.DomainException if a primitive left its domain on a path the result depends on
     * @param program the program
     * @param at a value for every variable
     * @param policy the kink policy
     * @param dtype the working precision
     * @param order the order of the derivative, 1 or 2
     * @return the value, gradient and kink hits
     */
    public static GradientReport compute(Program program, Map<String, Double> at, KinkPolicy policy,
                                         DType dtype, int order) {
        if (order < 1) {
            throw new IllegalArgumentException("order must be at least 1, got " + order);
        }
        if (order > 1 && program.variables().size() != 1) {
            throw new IllegalArgumentException("order " + order + " needs a program of exactly one variable, this one has "
                    + program.variables().size());
        }
        Trace trace = new Trace(policy, dtype);
        Map<String, Var> env = new LinkedHashMap<>();
        List<Var> inputs = new ArrayList<>();
        for (String name : program.variables()) {
            Var v = trace.input(Tensor.scalar(at.get(name), dtype));
            env.put(name, v);
            inputs.add(v);
        }
        Var y = program.evaluate(trace, env);
        if (y.value().size() != 1) {
            throw new IllegalArgumentException("the program's value has shape " + y.shape()
                    + ": gradients need a scalar, e.g. wrap it in sum(...)");
        }
        double value = y.item();
        Map<String, Double> gradient = new LinkedHashMap<>();
        if (order == 1) {
            var g = trace.grad(y, inputs, dev.clarke.ad.Backward.RETAIN);
            int i = 0;
            for (String name : program.variables()) {
                gradient.put(name, g.of(inputs.get(i++)).item());
            }
        } else {
            Var d = y;
            for (int k = 0; k < order; k++) {
                d = trace.gradVars(d, inputs).get(0);
            }
            if (!d.value().allFinite()) {
                throw new dev.clarke.ad.DomainException("the derivative of order " + order + " is not finite: " + d.value());
            }
            gradient.put(program.variables().iterator().next(), d.item());
        }
        List<KinkLog.Hit> hits = new ArrayList<>(trace.kinks().hits());
        trace.release();
        return new GradientReport(value, Collections.unmodifiableMap(gradient),
                Collections.unmodifiableList(hits), policy, dtype, order);
    }
}
