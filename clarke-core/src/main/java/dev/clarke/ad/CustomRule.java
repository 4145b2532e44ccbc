package dev.clarke.ad;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The rule of a user primitive ({@link Trace#custom}): its vjp and jvp as given, written with
 * differentiable operations so that they can be differentiated again.
 */
record CustomRule(Function<Var, List<Var>> vjp, Function<List<Var>, Var> jvp) implements Node.Rule {

    @Override
    public Var[] vjp(Node n, Var g) {
        return vjp.apply(g).toArray(new Var[0]);
    }

    @Override
    public Var jvp(Node n, Var[] t) {
        return jvp.apply(Arrays.asList(t));
    }
}
