package dev.clarke.absnormal;

import java.util.List;

/**
 * Good points for {@link SphereNorms}' cutting planes, found by climbing: from a unit direction d
 * strictly inside a cell, F(d) = v·G(d) = v·P_σ + Σ_j w_j·(T_j·v)·u_j(d) is raised by steps along its
 * tangent gradient Σ_j w_j·T_jᵀ(I − u_ju_jᵀ)T_j·v/‖T_j·d‖, a step kept only when the value at the new
 * direction (also strictly inside a cell, which may be another one) is higher. Every direction
 * visited is off the kinks' hyperplanes, so its G is a limiting gradient whatever the step rule: the
 * climb only makes the branch and bound's lower bound, and the hull's points, better sooner; it
 * bounds nothing.
 */
final class SphereAscent {

    /** Steps tried per climb. */
    static final int STEPS = 200;

    private SphereAscent() {
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
        int n = v.length;
        double[] d = Vectors.unit(start);
        double[] grad = new double[n];
        double value = value(a, ts, ws, v, d, grad);
        if (Double.isNaN(value)) {
            return null;
        }
        double step = 0.25;
        for (int it = 0; it < STEPS && step > 1e-10; it++) {
            double len = Math.sqrt(Vectors.dot(grad, grad));
            if (len == 0) {
                break;
            }
            double[] next = d.clone();
            for (int x = 0; x < n; x++) {
                next[x] += step * grad[x] / len;
            }
            next = Vectors.unit(next);
            double[] nextGrad = new double[n];
            double nextValue = value(a, ts, ws, v, next, nextGrad);
            if (nextValue > value) {   // false for NaN: a hyperplane is never stepped on
                d = next;
                value = nextValue;
                grad = nextGrad;
                step *= 1.5;
            } else {
                step /= 2;
            }
        }
        double[] sigma = new double[a.rows().size()];
        for (int k = 0; k < sigma.length; k++) {
            sigma[k] = Math.signum(Vectors.dot(a.rows().get(k), d));
        }
        double[] g = a.pieceGradient(sigma);
        for (int j = 0; j < ts.size(); j++) {
            Vectors.addNormGradient(g, ts.get(j), ws[j], d);
        }
        return new double[][] {{value}, g, d};
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
            double[][] t = ts.get(j);
            double[] q = Vectors.apply(t, d);
            double[] tv = Vectors.apply(t, v);
            double rho = Math.sqrt(Vectors.dot(q, q));
            double along = Vectors.dot(q, tv) / rho;
            value += ws[j] * along;
            for (int r = 0; r < t.length; r++) {
                double c = ws[j] * (tv[r] - q[r] / rho * along) / rho;
                for (int x = 0; x < grad.length; x++) {
                    grad[x] += c * t[r][x];
                }
            }
        }
        return value;
    }
}
