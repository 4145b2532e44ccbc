package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;

/**
 * Kinks and norms that all push the same way: no active kink feeds another, and the output's
 * coefficients c_i of the kinks |z_i| and weights w_j of the norms N_j = ‖t_j‖ are all ≥ 0 (or all
 * ≤ 0). Near the point f = φ(x, |z_1(x)|, …, N_1(x), …) with φ smooth, z_i and t_j smooth (the
 * inactive kinks frozen at their signs), and |z_i| and N_j are convex functions of smooth maps, so
 * regular, with ∂|z_i| = [−1, 1]·a_i and ∂N_j = T_jᵀ·B at the point (Clarke, Thm 2.3.10). Every
 * partial of φ along a non-smooth component has one sign, so Clarke's chain rule (Thm 2.3.9 (ii);
 * for ≤ 0 applied to −f, with ∂(−f) = −∂f) holds with equality, whatever the kinks' curvature:
 * <pre>
 *   ∂f(x̊) = g₀ + Σ_i |c_i|·[−1, 1]·a_i + Σ_j |w_j|·T_jᵀ·B
 * </pre>
 * (the sets are symmetric, so the sign does not matter once the weights are one-signed). Its support
 * function v·g₀ + Σ |c_i|·|a_i·v| + Σ |w_j|·‖T_j·v‖ is exact, and {@link CuttingPlanes} decides any
 * value against it. The norms make it curved, and with several norms or curved kinks beside them
 * there is no other exact decision ({@link NormsWithKinks}); without norms the zonotope's vertices
 * are piece gradients of realisable patterns, which {@link Certifier} already compares.
 */
final class OneSigned {

    private OneSigned() {
    }

    /**
     * The decision on {@code ad}, or null when the kinks are nested or the weights have both signs.
     *
     * @param a the arrangement of the active kinks (unmerged kinks and their coefficients are used)
     * @param ts the norms' Jacobians (with non-zero weights)
     * @param ws their weights
     * @param ad the value tested
     * @param tol the tolerance per coordinate
     * @return inside, outside or undecided, or null when this does not apply
     */
    static CuttingPlanes.Answer decide(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol) {
        if (a.nested()) {
            return null;
        }
        int sign = 0;
        List<Double> weights = new ArrayList<>(a.kinkCoef());
        weights.addAll(ws);
        for (double c : weights) {
            if (Math.abs(c) > tol) {
                int s = c > 0 ? 1 : -1;
                if (sign != 0 && s != sign) {
                    return null;
                }
                sign = s;
            }
        }
        return CuttingPlanes.decide(v -> support(a, ts, ws, v), ad, tol);
    }

    /** The support function at v and the point reaching it (the sets' extreme points in direction v). */
    private static double[][] support(Arrangement a, List<double[][]> ts, List<Double> ws, double[] v) {
        double h = Vectors.dot(v, a.g0());
        double[] point = a.g0().clone();
        for (int i = 0; i < a.kinks().size(); i++) {
            double[] k = a.kinks().get(i);
            double c = Math.abs(a.kinkCoef().get(i));
            double side = Vectors.dot(k, v);
            h += c * Math.abs(side);
            double s = c * Math.signum(side);
            for (int x = 0; x < point.length; x++) {
                point[x] += s * k[x];
            }
        }
        h += addBalls(ts, ws, v, point);
        return new double[][] {{h}, point};
    }

    /**
     * The support function of Σ_j |w_j|·T_jᵀ·B at v, Σ_j |w_j|·‖T_j·v‖, with the point reaching it,
     * Σ_j |w_j|·T_jᵀT_j·v/‖T_j·v‖ (a ball with T_j·v = 0 contributes 0), added to {@code point}.
     *
     * @param ts the Jacobians T_j
     * @param ws the weights w_j
     * @param v the direction
     * @param point where the maximiser is added
     * @return the support function's value
     */
    static double addBalls(List<double[][]> ts, List<Double> ws, double[] v, double[] point) {
        double h = 0;
        for (int j = 0; j < ts.size(); j++) {
            double w = Math.abs(ws.get(j));
            h += w * Vectors.addNormGradient(point, ts.get(j), w, v);
        }
        return h;
    }
}
