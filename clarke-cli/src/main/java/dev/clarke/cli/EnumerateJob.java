package dev.clarke.cli;

import dev.clarke.certify.Enumerator;
import dev.clarke.certify.Rational;
import dev.clarke.certify.ValueSet;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code clarke enumerate} (the dense network) as a {@link ShardedJob}: the points of Ω in the
 * odometer's order, cut into contiguous index ranges; a shard counts its range with
 * {@link Enumerator#count}, and counts add by {@link Enumerator.Counts#plus}. The job holds the
 * command's options as text and rebuilds the network, the value set and the policies on the worker,
 * with the same parsers as the command.
 */
final class EnumerateJob implements ShardedJob<Enumerator.Counts> {

    private static final long serialVersionUID = 1L;

    private final int[] widths;
    private final String activation;
    private final double slope;
    private final boolean bias;
    private final String values;
    private final String input;
    private final List<String> policies;
    private final boolean certify;
    private final long points;
    private final int shards;

    EnumerateJob(int[] widths, String activation, double slope, boolean bias, String values, String input,
                 List<String> policies, boolean certify, long points, int shards) {
        this.widths = widths.clone();
        this.activation = activation;
        this.slope = slope;
        this.bias = bias;
        this.values = values;
        this.input = input;
        this.policies = new ArrayList<>(policies);
        this.certify = certify;
        this.points = points;
        this.shards = shards;
    }

    /** The enumerator the command runs, rebuilt from the options. */
    Enumerator enumerator() {
        List<KinkPolicy> ps = new ArrayList<>();
        for (String p : policies) {
            ps.add(Inputs.policy(p));
        }
        Sequential net = Sequential.scalarMlp(widths, Activation.parse(activation, slope), bias);
        return new Enumerator(net, new Rational[][] {{Rational.parse(input)}}, ValueSet.parse(values), ps, certify);
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public Enumerator.Counts compute(int shard) {
        return enumerator().count(ShardedJob.start(points, shards, shard), ShardedJob.start(points, shards, shard + 1));
    }

    @Override
    public Enumerator.Counts merge(Enumerator.Counts a, Enumerator.Counts b) {
        return a.plus(b);
    }

    @Override
    public String describe(int shard) {
        return "points " + ShardedJob.start(points, shards, shard) + " to " + (ShardedJob.start(points, shards, shard + 1) - 1);
    }
}
