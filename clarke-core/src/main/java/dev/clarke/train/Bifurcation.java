package dev.clarke.train;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.data.Batches;
import dev.clarke.data.Dataset;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bifurcation experiment of Bertoin, Bolte, Gerchinovitz and Pauwels (NeurIPS 2021): draw a random
 * initialisation and a random minibatch, run backprop of the mean cross-entropy once with relu′(0) = 0
 * (policy {@code left}) and once with relu′(0) = 1 ({@code right}), in the same dtype, and count the
 * draws whose two gradients differ in any coordinate. Over the reals the set of such draws has measure
 * zero; in floating point a pre-activation is exactly 0 often enough that the count grows as the
 * precision shrinks. The network is an MLP input-width×depth-classes with ReLU, weights from the
 * protocol's {@link Init} and biases drawn uniformly from ±1/√fan_in (as PyTorch's default bias), draw i
 * using seed {@code seed + i} for both the parameters and the order of the samples: a range of draws is a
 * shard of the study, and shards merge with {@link Result#plus}.
 *
 * <p>A draw may look at more than one minibatch ({@link Protocol#batchesPerDraw}): the parameters stay
 * fixed (no training step) and successive minibatches of one shuffled pass are tried until one gives
 * differing gradients. With one pass over the training set this is the protocol of the authors'
 * published notebook ({@code volume_estimation_by_architecture.ipynb}: PyTorch default initialisation,
 * batch 256, a draw counted as soon as some minibatch of the epoch differs), which is why their counts
 * per draw are far higher than the per-minibatch rate.
 */
public final class Bifurcation {

    /**
     * The outcome for one setting.
     *
     * @param width     hidden width
     * @param depth     number of hidden layers
     * @param dtype     the working precision
     * @param draws     draws made
     * @param differing draws whose two gradients differ
     * @param withHits  draws where some ReLU sat exactly on 0
     * @param minibatches minibatches tried over all draws (a draw stops at its first differing one)
     * @serial exclude (shipped between JVMs of one build, not a stored format)
     */
    public record Result(int width, int depth, DType dtype, int draws, int differing, int withHits, long minibatches)
            implements java.io.Serializable {

        /**
         * The counts of this setting's draws and of {@code other}'s, disjoint draws of the same setting: draw i
         * depends only on {@code seed + i}, so {@code run(.., n, .., seed)} equals
         * {@code run(.., k, .., seed).plus(run(.., n - k, .., seed + k))}. Addition of counts: associative,
         * commutative, exact.
         *
         * @param other the counts of other draws of the same width, depth and dtype
         * @return the counts of both
         * @throws IllegalArgumentException if the settings differ
         */
        public Result plus(Result other) {
            if (width != other.width || depth != other.depth || dtype != other.dtype) {
                throw new IllegalArgumentException("bifurcation: cannot merge the counts of different settings");
            }
            return new Result(width, depth, dtype, Math.addExact(draws, other.draws),
                    differing + other.differing, withHits + other.withHits, minibatches + other.minibatches);
        }

        /**
         * The estimated probability that one minibatch gives differing gradients: differing draws over
         * minibatches tried (the maximum-likelihood estimate when each draw tries minibatches until the
         * first difference or its limit).
         *
         * @return the estimate, in [0, 1]
         */
        public double perMinibatch() {
            return (double) differing / minibatches;
        }
    }

    /**
     * How a draw is made.
     *
     * @param batch          minibatch size (capped at the data set's size)
     * @param batchesPerDraw the most minibatches tried per draw (capped at one pass over the data)
     * @param init           the weight initialisation
     */
    public record Protocol(int batch, int batchesPerDraw, Init init) {
        /**
         * Validates.
         *
         * @param batch the minibatch size
         * @param batchesPerDraw the minibatches tried per draw
         * @param init the weight initialisation
         */
        public Protocol {
            if (batch < 1 || batchesPerDraw < 1 || init == null) {
                throw new IllegalArgumentException("bifurcation: batch and batches per draw must be positive");
            }
        }

        /**
         * One minibatch of {@code batch} per draw, He-normal weights.
         *
         * @param batch the minibatch size
         * @return the protocol
         */
        public static Protocol oneBatch(int batch) {
            return new Protocol(batch, 1, Init.HE);
        }
    }

    private Bifurcation() {
    }

    /**
     * Runs {@code draws} draws of the protocol on {@code data}.
     *
     * @param data the samples the minibatches come from
     * @param width the hidden width
     * @param depth the number of hidden layers
     * @param dtype the working precision
     * @param draws the number of draws
     * @param protocol the minibatches and initialisation of a draw
     * @param seed the seed of the first draw
     * @return the counts
     */
    public static Result run(Dataset data, int width, int depth, DType dtype, int draws, Protocol protocol, long seed) {
        return run(data, width, depth, dtype, draws, protocol, seed, done -> { });
    }

    /**
     * {@link #run(Dataset, int, int, DType, int, Protocol, long)}, calling {@code progress} with the draws done after each draw.
     *
     * @param data the samples the minibatches come from
     * @param width the hidden width
     * @param depth the number of hidden layers
     * @param dtype the working precision
     * @param draws the number of draws
     * @param protocol the minibatches and initialisation of a draw
     * @param seed the seed of the first draw
     * @param progress called with the number of draws done
     * @return the counts
     */
    public static Result run(Dataset data, int width, int depth, DType dtype, int draws, Protocol protocol, long seed,
            java.util.function.IntConsumer progress) {
        if (width < 1 || depth < 1 || draws < 1) {
            throw new IllegalArgumentException("bifurcation: width, depth and draws must be positive");
        }
        int[] widths = new int[depth + 2];
        widths[0] = data.featureSize();
        Arrays.fill(widths, 1, depth + 1, width);
        widths[depth + 1] = data.classes();
        Sequential net = Sequential.mlp(widths, Activation.relu(), protocol.init());
        int differing = 0;
        int withHits = 0;
        int b = Math.min(protocol.batch(), data.size());
        int batches = Math.min(protocol.batchesPerDraw(), (data.size() + b - 1) / b);
        long tried = 0;
        for (int i = 0; i < draws; i++) {
            long s = seed + i;
            List<Tensor> params = withBiases(net, net.initialParameters(dtype, s), dtype, s);
            int[] perm = Batches.permutation(data.size(), s, 0);
            boolean hit = false;
            boolean differs = false;
            for (int k = 0; k < batches && !differs; k++) {
                int from = k * b;
                int to = Math.min(from + b, data.size());
                Tensor x = data.batch(perm, from, to, dtype);
                int[] y = data.labels(perm, from, to);
                int[] hits = new int[1];
                double[] g0 = gradient(net, params, x, y, KinkPolicy.left(), dtype, hits);
                double[] g1 = gradient(net, params, x, y, KinkPolicy.right(), dtype, null);
                hit |= hits[0] > 0;
                differs = differ(g0, g1);
                tried++;
            }
            withHits += hit ? 1 : 0;
            differing += differs ? 1 : 0;
            progress.accept(i + 1);
        }
        return new Result(width, depth, dtype, draws, differing, withHits, tried);
    }

    /** Whether some coordinate differs numerically (−0 and +0 are equal). */
    static boolean differ(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return true;
            }
        }
        return false;
    }

    private static List<Tensor> withBiases(Sequential net, List<Tensor> params, DType dtype, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(~seed);
        List<Tensor> out = new ArrayList<>(params);
        for (int k = 1; k < out.size(); k += 2) {
            Tensor w = out.get(k - 1);
            double bound = 1 / Math.sqrt(w.shape().dim(0));
            double[] v = new double[out.get(k).size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = bound * (2 * rng.nextDouble() - 1);
            }
            out.set(k, Tensor.of(dtype, out.get(k).shape(), v));
        }
        return out;
    }

    private static double[] gradient(Sequential net, List<Tensor> params, Tensor x, int[] y, KinkPolicy p, DType dtype, int[] hits) {
        Trace t = new Trace(p, dtype);
        Sequential.Pass pass = net.forward(t, params, x, Layer.Mode.EVAL);
        Var loss = pass.output().crossEntropy(y);
        Gradients g = t.grad(loss, List.of(pass.leaves()), Backward.RELEASE);
        if (hits != null) {
            hits[0] = t.kinks().size();
        }
        int n = 0;
        for (Var leaf : pass.leaves()) {
            n += leaf.value().size();
        }
        double[] out = new double[n];
        int o = 0;
        for (Var leaf : pass.leaves()) {
            Tensor gt = g.of(leaf);
            for (int i = 0; i < gt.size(); i++) {
                out[o++] = gt.get(i);
            }
        }
        return out;
    }
}
