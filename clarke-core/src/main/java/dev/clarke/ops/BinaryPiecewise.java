package dev.clarke.ops;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * Binary max and min, broadcasting. The switching variable is a − b; a tie a == b is a kink, where
 * the policy gives ∂a = D and ∂b = 1 − D, so the two partials always sum to 1 (tangential
 * consistency on the tie set a = b).
 */
public final class BinaryPiecewise {

    private BinaryPiecewise() {
    }

    /**
     * max(a, b) ({@code family == MAX}) or min(a, b), reporting ties to {@code sink} (null: none).
     *
     * @param family {@link Family#MAX} or {@link Family#MIN}
     * @param a the first operand
     * @param b the second operand, broadcast against {@code a}
     * @param sink receives each tie (element index in the output, tied value); null for no
     *     detection
     * @return the elementwise max or min, in the broadcast shape
     */
    public static Tensor value(Family family, Tensor a, Tensor b, HitSink sink) {
        if (a.rank() == 0 && b.rank() == 0) { // scalar programs: no array but the result's
            double x = a.item(), y = b.item();
            if (sink != null && x == y) {
                sink.hit(0, x);
            }
            return Tensor.scalar(apply(family == Family.MAX, x, y), a.dtype());
        }
        Shape out = a.shape().broadcastWith(b.shape());
        Tensor ab = Kernels.get().broadcastTo(a, out);
        Tensor bb = Kernels.get().broadcastTo(b, out);
        int n = out.size();
        double[] v = new double[n];
        boolean max = family == Family.MAX;
        for (int i = 0; i < n; i++) {
            double x = ab.get(i);
            double y = bb.get(i);
            v[i] = apply(max, x, y);
            if (sink != null && x == y) {
                sink.hit(i, x);
            }
        }
        return Tensor.of(a.dtype(), out, v);
    }

    /** max(x, y) or min(x, y); NaN if either is NaN; on a tie, x. */
    private static double apply(boolean max, double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        return max ? (x >= y ? x : y) : (x <= y ? x : y);
    }

    /**
     * ∂/∂a of each element (∂/∂b is one minus this), in the broadcast shape.
     *
     * @param family {@link Family#MAX} or {@link Family#MIN}
     * @param a the first operand
     * @param b the second operand, broadcast against {@code a}
     * @param policy gives the derivative at ties
     * @return ∂/∂a per element: 1 where {@code a} wins, 0 where {@code b} does, the policy's value
     *     at ties
     */
    public static Tensor slopeA(Family family, Tensor a, Tensor b, KinkPolicy policy) {
        Shape out = a.shape().broadcastWith(b.shape());
        Tensor ab = Kernels.get().broadcastTo(a, out);
        Tensor bb = Kernels.get().broadcastTo(b, out);
        Kink k = family.kinks().get(0);
        double atTie = policy.derivative(family, k);
        boolean max = family == Family.MAX;
        int n = out.size();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double x = ab.get(i);
            double y = bb.get(i);
            s[i] = x == y ? atTie : (x > y) == max ? 1 : 0;
        }
        return Tensor.of(a.dtype(), out, s);
    }
}
