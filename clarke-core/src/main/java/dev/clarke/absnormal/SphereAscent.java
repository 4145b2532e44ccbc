package dev.clarke.absnormal;

import java.util.List;

/**
 * Good points for {@link SphereNorms}' cutting planes, found by climbing: from a unit direction d
 * strictly inside a cell, F(d) = v·G(d) = v·P_σ + Σ_j w_j·(T_j·v)·u_j(d) is raised by steps along its
 * tangent gradient Σ_j w_j·T_jᵀ(I − u_ju_jᵀ)T_j·v/‖T_j·d‖, a step kept only when the value at the new
 * direction (also strictly inside a cell, which may be another one) is higher. Every direction
 * visited is off the kinks' hyperplanes, so its G is a limiting gradient whatever the step rule: the
 * climb only makes the branch and bound's lower bound, and the hull's points, better sooner; it
 * bounds nothing. {@link #climb(Objective, double[])} is the climb itself, shared with
 * {@link SphereClimb}.
 */
final class SphereAscent {

    /** Steps tried per climb. */
    static final int STEPS = 200;

    private SphereAscent() {
    }

    /** A function of unit directions to climb: its value at d, its tangent gradient written into {@code slope}. */
    interface Objective {
        /** The value at unit d (NaN where d may not be stepped on), its tangent gradient in {@code slope}. */
        double at(double[] d, double[] slope);
    }

    /**
     * Climbs {@code f} from {@code start}: a step along the tangent gradient is kept when the value at
     * the new unit direction is higher (never when it is NaN), and the step grows by half on success and
     * halves on failure, for at most {@link #STEPS} tries.
     *
     * @param f the function
     * @param start a direction (need not be unit)
     * @return {{the highest value}, the unit direction reaching it}, or null when f is NaN at the start
     */
    static double[][] climb(Objective f, double[] start) {
        int n = start.length;
        double[] d = Vectors.unit(start);
        double[] slope = new double[n];
        double value = f.at(d, slope);
        if (Double.isNaN(value)) {
            return null;
        }
        double step = 0.25;
        for (int it = 0; it < STEPS && step > 1e-10; it++) {
            double len = Math.sqrt(Vectors.dot(slope, slope));
            if (len == 0) {
                break;
            }
            double[] next = d.clone();
            for (int x = 0; x < n; x++) {
                next[x] += step * slope[x] / len;
            }
            next = Vectors.unit(next);
            double[] nextSlope = new double[n];
            double nextValue = f.at(next, nextSlope);
            if (nextValue > value) {   // false for NaN: a hyperplane is never stepped on
                d = next;
                value = nextValue;
                slope = nextSlope;
                step *= 1.5;
            } else {
                step /= 2;
            }
        }
        return new double[][] {{value}, d};
    }

    /**
     * Climbs from {@code start}.
     *
     * @param a the kinks' arrangement
     * @param ts the norms' Jacobians (full column rank)
     * @param ws their weights
     * @param v the direction of the support function
     * @param start a direction (need not be unit)
     * @return {{v·G(d)}, G(d), d} at the highest direction d reached, or null when {@code start} is on
     *         a kink's hyperplane
     */
    static double[][] climb(Arrangement a, List<double[][]> ts, double[] ws, double[] v, double[] start) {
        double[][] top = climb((d, slope) -> value(a, ts, ws, v, d, slope), start);
        if (top == null) {
            return null;
        }
        double[] d = top[1];
        double[] sigma = new double[a.rows().size()];
        for (int k = 0; k < sigma.length; k++) {
            sigma[k] = Math.signum(Vectors.dot(a.rows().get(k), d));
        }
        double[] g = a.pieceGradient(sigma);
        for (int j = 0; j < ts.size(); j++) {
            Vectors.addNormGradient(g, ts.get(j), ws[j], d);
        }
        return new double[][] {top[0], g, d};
    }

    /** v·G(d) with the norms' tangent gradient in {@code grad}, or NaN when d is within 10⁻¹² of a kink's hyperplane. */
    private static double value(Arrangement a, List<double[][]> ts, double[] ws, double[] v, double[] d, double[] grad) {
        double value = Vectors.dot(v, a.g0());
        for (int k = 0; k < a.rows().size(); k++) {
            double[] row = a.rows().get(k);
            double side = Vectors.dot(row, d);
            if (Math.abs(side) <= 1e-12) {
                return Double.NaN;
            }
            value += a.coef().get(k) * Math.signum(side) * Vectors.dot(v, row);
        }
        for (int j = 0; j < ts.size(); j++) {
            value += ws[j] * Vectors.addNormTangent(grad, ts.get(j), ws[j], v, d);
        }
        return value;
    }
}
