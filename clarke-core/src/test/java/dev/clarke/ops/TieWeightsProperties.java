package dev.clarke.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Reducing max/min weights. Properties that hold by mathematics whatever the policy: the weights of
 * each reduced slice are non-negative, vanish off the extremal value, sum to 1 (tangential
 * consistency on the tie set), are the indicator of the unique extremum off ties, are symmetric
 * under λ = ½, go to the first tied element at λ = 0 and the last at λ = 1, and a two-way tie
 * gives (1 − λ, λ) exactly like binary max.
 */
class TieWeightsProperties {

    /** Small integers make ties frequent. */
    private static double[] values(List<Integer> ints) {
        double[] v = new double[ints.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ints.get(i);
        }
        return v;
    }

    private static List<Integer> extremalIndices(double[] v, boolean max) {
        double best = v[0];
        for (double x : v) {
            best = max ? Math.max(best, x) : Math.min(best, x);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == best) {
                out.add(i);
            }
        }
        return out;
    }

    @Property(tries = 400)
    void fullReductionWeightsAreAConvexCombinationOfTheExtremalElements(
            @ForAll @Size(min = 1, max = 7) List<@IntRange(min = -2, max = 2) Integer> ints,
            @ForAll @DoubleRange(min = 0, max = 1) double lambda, @ForAll boolean max) {
        double[] v = values(ints);
        Family f = max ? Family.REDUCE_MAX : Family.REDUCE_MIN;
        List<Integer> hits = new ArrayList<>();
        TieWeights.Reduction r = TieWeights.reduce(f, Tensor.of(DType.F64, Shape.of(v.length), v), null, false,
                KinkPolicy.lambda(lambda), (element, point) -> hits.add(element));
        List<Integer> ext = extremalIndices(v, max);
        assertEquals(v[ext.get(0)], r.values().item());
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double w = r.weights().get(i);
            assertTrue(w >= 0, "non-negative");
            if (!ext.contains(i)) {
                assertEquals(0.0, w, "no weight off the extremum");
            }
            sum += w;
        }
        assertEquals(1.0, sum, 1e-12, "weights sum to 1");
        int k = ext.size();
        int first = ext.get(0);
        int last = ext.get(k - 1);
        assertEquals(k > 1 ? 1 : 0, hits.size(), "a tie is one hit of the reduced element");
        if (k == 1) {
            assertEquals(1.0, r.weights().get(first));
        } else if (k == 2) {
            assertEquals(1 - lambda, r.weights().get(first), 1e-12);
            assertEquals(lambda, r.weights().get(last), 1e-12);
        }
        if (lambda == 0.5) {
            for (int i : ext) {
                assertEquals(1.0 / k, r.weights().get(i), 1e-12, "even split");
            }
        }
    }

    @Property(tries = 200)
    void extremeLambdasPickTheFirstOrLastTiedElement(
            @ForAll @Size(min = 2, max = 7) List<@IntRange(min = 0, max = 1) Integer> ints, @ForAll boolean max) {
        double[] v = values(ints);
        Family f = max ? Family.REDUCE_MAX : Family.REDUCE_MIN;
        Tensor x = Tensor.of(DType.F64, Shape.of(v.length), v);
        List<Integer> ext = extremalIndices(v, max);
        Tensor right = TieWeights.reduce(f, x, null, false, KinkPolicy.right(), null).weights();
        Tensor left = TieWeights.reduce(f, x, null, false, KinkPolicy.left(), null).weights();
        for (int i = 0; i < v.length; i++) {
            assertEquals(i == ext.get(0) ? 1.0 : 0.0, right.get(i), "right (λ=0): the first tied element");
            assertEquals(i == ext.get(ext.size() - 1) ? 1.0 : 0.0, left.get(i), "left (λ=1): the last tied element");
        }
    }

    @Property(tries = 200)
    void axisReductionWeightsSumToOnePerSlice(
            @ForAll @Size(12) List<@IntRange(min = 0, max = 2) Integer> ints,
            @ForAll @IntRange(min = 0, max = 2) int axis, @ForAll boolean keepDim,
            @ForAll @DoubleRange(min = 0, max = 1) double lambda) {
        // shape [2, 3, 2]; reduce along `axis`, then check each slice independently
        int[] dims = {2, 3, 2};
        double[] v = values(ints);
        TieWeights.Reduction r = TieWeights.reduce(Family.REDUCE_MAX, Tensor.of(DType.F64, Shape.of(dims), v), axis, keepDim,
                KinkPolicy.lambda(lambda), null);
        int[] outDims = keepDim ? new int[] {2, 3, 2} : new int[2];
        if (keepDim) {
            outDims[axis] = 1;
        } else {
            for (int d = 0, j = 0; d < 3; d++) {
                if (d != axis) {
                    outDims[j++] = dims[d];
                }
            }
        }
        assertEquals(Shape.of(outDims), r.values().shape());
        double[] sums = new double[12 / dims[axis]];
        double[] best = new double[sums.length];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < 12; i++) {
            int[] idx = {i / 6, (i / 2) % 3, i % 2};
            int slice = 0;
            for (int d = 0; d < 3; d++) {
                if (d != axis) {
                    slice = slice * dims[d] + idx[d];
                }
            }
            sums[slice] += r.weights().get(i);
            best[slice] = Math.max(best[slice], v[i]);
            assertTrue(r.weights().get(i) >= 0);
        }
        for (int s = 0; s < sums.length; s++) {
            assertEquals(1.0, sums[s], 1e-12, "slice " + s);
            assertEquals(best[s], r.values().get(s), "slice maximum " + s);
        }
    }
}
