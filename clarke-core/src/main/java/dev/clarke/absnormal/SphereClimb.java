package dev.clarke.absnormal;

import java.util.List;
import java.util.Map;

/**
 * The best point {@link SphereKinkedNorms} has found for one direction v of the support function, and
 * the climb that improves it. A unit direction d is strictly inside a cell when every active kink's
 * argument z_i(d) exceeds 10⁻⁹ (and 10⁻¹²·Λ_i) in size: then forward mode along the recursion with the
 * real signs gives G(d), a limiting gradient of f, and v·G(d) an exact lower bound of h(v). The climb
 * raises F(d) = v·G(d) by steps along the tangent gradient of the cell's
 * Σ_j W_σj·(T_j·v)·u_j(d), Σ_j W_σj·T_jᵀ(I − u_ju_jᵀ)T_j·v/‖T_j·d‖, a step kept only when the new
 * direction is strictly inside a cell (perhaps another) and F is higher there. Every point kept is
 * such a G, whatever the steps: the climb only makes the lower bound, and the hull's points, better
 * sooner; it bounds nothing.
 */
final class SphereClimb {

    /** The work budget is spent: unwinds the branch and bound. */
    static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Spent() {
            super(null, null, false, false);
        }
    }

    private final AbsNormalForm f;
    private final Map<Integer, EuclideanNorm> norms;
    private final int[] kinks;
    private final double[] lip;
    private final List<double[][]> ts;
    private final double[][] weights;
    private final double[] v;
    private double value = Double.NEGATIVE_INFINITY;
    private double[] point;
    private double[] direction;

    /**
     * The best point for {@code v}, none yet.
     *
     * @param f the form
     * @param norms its norms at 0, by switching index
     * @param kinks the active kinks (not norms)
     * @param lip each switching variable's Lipschitz constant Λ_i
     * @param ts the norms' Jacobians in the order of their indices
     * @param weights per sign pattern (bit q set: kink q negative), the norms' weights W_σj in that order
     * @param v the direction of the support function
     */
    SphereClimb(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, int[] kinks, double[] lip, List<double[][]> ts,
                double[][] weights, double[] v) {
        this.f = f;
        this.norms = norms;
        this.kinks = kinks;
        this.lip = lip;
        this.ts = ts;
        this.weights = weights;
        this.v = v;
    }

    /** {@return the best value v·G found, −∞ before any} */
    double value() {
        return value;
    }

    /** {@return G at the best direction, a limiting gradient, or null} */
    double[] point() {
        return point;
    }

    /** {@return the best direction, or null} */
    double[] direction() {
        return direction;
    }

    /** The pattern (bit q set: kink q negative) of the cell strictly holding unit d, or −1. */
    private int cell(double[] d, double[] dz) {
        int bits = 0;
        for (int q = 0; q < kinks.length; q++) {
            double z = dz[kinks[q]];
            if (!(Math.abs(z) > Math.max(1e-9, 1e-12 * lip[kinks[q]]))) {
                return -1;
            }
            bits |= z < 0 ? 1 << q : 0;
        }
        return bits;
    }

    /** {v·G(d), its cell's pattern}, with G(d) in {@code g}; {NaN, −1} when unit d is not strictly inside a cell. */
    private double[] at(double[] d, double[][] g) {
        double[] dz = new double[f.s()];
        g[0] = NormsInKinks.gradientAlong(f, norms, d, null, dz);
        int bits = g[0] == null ? -1 : cell(d, dz);
        return bits < 0 ? new double[] {Double.NaN, -1} : new double[] {Vectors.dot(v, g[0]), bits};
    }

    /**
     * Offers G at unit direction d (kept when d is strictly inside a cell and v·G beats the best).
     *
     * @param d a unit direction
     */
    void offer(double[] d) {
        double[][] g = new double[1][];
        double[] a = at(d, g);
        if (a[0] > value) {   // false for NaN
            value = a[0];
            point = g[0];
            direction = d;
        }
    }

    /**
     * Climbs from {@code start} ({@link SphereAscent#climb(SphereAscent.Objective, double[])}), keeping
     * the highest point reached.
     *
     * @param start a direction (need not be unit)
     */
    void climb(double[] start) {
        double[][] top = SphereAscent.climb((d, slope) -> {
            double[][] g = new double[1][];
            double[] a = at(d, g);
            if (!Double.isNaN(a[0])) {
                slope(slope, d, (int) a[1]);
            }
            return a[0];
        }, start);
        if (top != null) {
            offer(top[1]);
        }
    }

    /** Adds the tangent gradient of Σ_j W_σj·(T_j·v)·u_j at unit d, for the cell of pattern {@code bits}, to {@code grad}. */
    private void slope(double[] grad, double[] d, int bits) {
        for (int j = 0; j < ts.size(); j++) {
            Vectors.addNormTangent(grad, ts.get(j), weights[bits][j], v, d);
        }
    }
}
