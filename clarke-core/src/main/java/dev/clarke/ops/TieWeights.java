package dev.clarke.ops;

import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * Reducing max and min along an axis (or over all elements) and the derivative weights of each
 * input element. Off ties the whole weight goes to the extremal element. At a tie among k ≥ 2
 * elements (a kink), with λ from the policy: {@code w = 2·min(λ, 1−λ)·(1/k on each tied element)
 * + max(1−2λ, 0)·e_first + max(2λ−1, 0)·e_last}. So λ = ½ splits evenly (the only
 * permutation-independent choice), λ = 0 gives everything to the first tied element, λ = 1 to the
 * last, the weights always sum to 1 (tangential consistency), and a two-way tie gives (1−λ, λ)
 * exactly as binary max does.
 */
public final class TieWeights {

    /** Result of a reduction: values (reduced shape) and per-input weights (input shape). */
    public record Reduction(Tensor values, Tensor weights) {
    }

    private TieWeights() {
    }

    /**
     * Reduces {@code x} along {@code axis} ({@code null}: all elements). The reduced shape keeps
     * the axis with size 1 if {@code keepDim}. Ties are reported to {@code sink} with the output
     * element index and the tied value.
     *
     * @param family {@link Family#REDUCE_MAX} or {@link Family#REDUCE_MIN}
     * @param x the tensor to reduce, any shape
     * @param axis the axis reduced, 0-based; null for all elements
     * @param keepDim whether the reduced axis stays with length 1 (otherwise it is removed)
     * @param policy gives λ for the weights of tied elements
     * @param sink receives each tie; null for no detection
     * @return the reduced values with the weight of each input element in the derivative
     */
    public static Reduction reduce(Family family, Tensor x, Integer axis, boolean keepDim,
                                   KinkPolicy policy, HitSink sink) {
        boolean max = family == Family.REDUCE_MAX;
        Shape s = x.shape();
        int ax = axis == null ? -1 : s.axis(axis);
        int len = axis == null ? s.size() : s.dim(ax);
        int inner = 1;
        if (axis != null) {
            for (int d = ax + 1; d < s.rank(); d++) {
                inner *= s.dim(d);
            }
        }
        int outer = len == 0 ? 0 : s.size() / (len * inner);
        if (len == 0) {
            throw new IllegalArgumentException(family.id() + ": cannot reduce an empty axis of shape " + s);
        }
        double lambda = policy.lambda(family, axis == null ? 0 : 1);
        double[] vals = new double[outer * inner];
        double[] w = new double[s.size()];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                double best = x.get(base);
                int first = 0;
                int last = 0;
                int ties = 1;
                boolean nan = Double.isNaN(best);
                for (int j = 1; j < len; j++) {
                    double v = x.get(base + j * inner);
                    if (Double.isNaN(v)) {
                        nan = true;
                    }
                    if (max ? v > best : v < best) {
                        best = v;
                        first = j;
                        last = j;
                        ties = 1;
                    } else if (v == best) {
                        last = j;
                        ties++;
                    }
                }
                int outIndex = o * inner + in;
                vals[outIndex] = nan ? Double.NaN : best;
                if (ties == 1) {
                    w[base + first * inner] = 1;
                    continue;
                }
                if (sink != null) {
                    sink.hit(outIndex, best);
                }
                double even = 2 * Math.min(lambda, 1 - lambda) / ties;
                for (int j = first; j <= last; j++) {
                    if (x.get(base + j * inner) == best) {
                        w[base + j * inner] = even;
                    }
                }
                w[base + first * inner] += Math.max(1 - 2 * lambda, 0);
                w[base + last * inner] += Math.max(2 * lambda - 1, 0);
            }
        }
        Shape outShape = axis == null ? (keepDim ? ones(s.rank()) : Shape.SCALAR)
                : keepDim ? s.withDim(ax, 1) : s.withoutAxis(ax);
        return new Reduction(Tensor.of(x.dtype(), outShape, vals), Tensor.of(x.dtype(), s, w));
    }

    private static Shape ones(int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        return Shape.of(d);
    }
}
