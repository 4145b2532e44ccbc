package dev.clarke.cli;

import dev.clarke.certify.NetworkEnumerator;
import dev.clarke.certify.ValueSet;
import dev.clarke.nn.Activation;

/**
 * {@code clarke enumerate --arch conv...} under one policy as a {@link ShardedJob}: the points cut into
 * contiguous index ranges, each counted by {@link NetworkEnumerator#run(long, long)}, the counts added
 * by {@link NetworkEnumerator.Result#plus}. The network, samples, value set and policy are rebuilt on
 * the worker from the command's options.
 */
final class ConvEnumerateJob implements ShardedJob<NetworkEnumerator.Result> {

    private static final long serialVersionUID = 1L;

    private final String arch;
    private final String image;
    private final String input;
    private final String activation;
    private final double slope;
    private final String values;
    private final String policy;
    private final long points;
    private final int shards;

    ConvEnumerateJob(String arch, String image, String input, String activation, double slope, String values,
                     String policy, long points, int shards) {
        this.arch = arch;
        this.image = image;
        this.input = input;
        this.activation = activation;
        this.slope = slope;
        this.values = values;
        this.policy = policy;
        this.points = points;
        this.shards = shards;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public NetworkEnumerator.Result compute(int shard) {
        ConvEnumeration conv = ConvEnumeration.parse(arch, image, input, Activation.parse(activation, slope));
        return conv.enumerator(ValueSet.parse(values), Inputs.policy(policy))
                .run(ShardedJob.start(points, shards, shard), ShardedJob.start(points, shards, shard + 1));
    }

    @Override
    public NetworkEnumerator.Result merge(NetworkEnumerator.Result a, NetworkEnumerator.Result b) {
        return a.plus(b);
    }

    @Override
    public String describe(int shard) {
        return "points " + ShardedJob.start(points, shards, shard) + " to "
                + (ShardedJob.start(points, shards, shard + 1) - 1) + ", policy " + policy;
    }
}
