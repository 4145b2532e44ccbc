package dev.clarke.absnormal;

import java.util.List;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Projection onto a finitely generated cone: min ‖Σ λ_i·q_i − p‖ over λ ≥ 0, by Lawson and
 * Hanson's active-set method (Solving Least Squares Problems, 1974, ch. 23), which ends in finitely
 * many steps: each outer step adds the generator with the largest positive gradient component to the
 * passive set and solves the unconstrained least squares there, stepping back to the feasible
 * boundary when a coefficient would turn negative.
 */
final class Nnls {

    private Nnls() {
    }

    /**
     * The projection of {@code p} onto cone(q), the q's given as columns.
     *
     * @param q the generators, each of the length of {@code p}
     * @param p the point projected
     * @return Σ λ_i·q_i for the minimising λ ≥ 0
     */
    static double[] project(List<double[]> q, double[] p) {
        int k = q.size();
        int r = p.length;
        double[] lambda = new double[k];
        boolean[] passive = new boolean[k];
        double tol = 1e-12 * Math.max(1, Math.sqrt(Vectors.dot(p, p)));
        for (int outer = 0; outer < 3 * k + 3; outer++) {
            double[] residual = residual(q, lambda, p);
            int best = -1;
            double top = tol;
            for (int i = 0; i < k; i++) {
                double gi = Vectors.dot(q.get(i), residual);   // −∂/∂λ_i of ½‖Qλ − p‖²
                if (!passive[i] && gi > top) {
                    top = gi;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            passive[best] = true;
            for (int inner = 0; inner <= k; inner++) {
                double[] z = solve(q, passive, p, r);
                boolean feasible = true;
                for (int i = 0; i < k; i++) {
                    feasible &= !passive[i] || z[i] > 0;
                }
                if (feasible) {
                    lambda = z;
                    break;
                }
                double alpha = 1;
                for (int i = 0; i < k; i++) {
                    if (passive[i] && z[i] <= 0) {
                        alpha = Math.min(alpha, lambda[i] / (lambda[i] - z[i]));
                    }
                }
                for (int i = 0; i < k; i++) {
                    lambda[i] += alpha * (z[i] - lambda[i]);
                    if (passive[i] && lambda[i] <= 1e-15) {
                        passive[i] = false;
                        lambda[i] = 0;
                    }
                }
            }
        }
        double[] out = new double[r];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < r; c++) {
                out[c] += lambda[i] * q.get(i)[c];
            }
        }
        return out;
    }

    private static double[] residual(List<double[]> q, double[] lambda, double[] p) {
        double[] res = p.clone();
        for (int i = 0; i < q.size(); i++) {
            for (int c = 0; c < p.length; c++) {
                res[c] -= lambda[i] * q.get(i)[c];
            }
        }
        return res;
    }

    /** Least squares over the passive columns (minimum-norm, by SVD); zero elsewhere. */
    private static double[] solve(List<double[]> q, boolean[] passive, double[] p, int r) {
        int cols = 0;
        for (boolean b : passive) {
            cols += b ? 1 : 0;
        }
        RealMatrix m = MatrixUtils.createRealMatrix(r, cols);
        int[] index = new int[cols];
        int c = 0;
        for (int i = 0; i < passive.length; i++) {
            if (passive[i]) {
                index[c] = i;
                for (int row = 0; row < r; row++) {
                    m.setEntry(row, c, q.get(i)[row]);
                }
                c++;
            }
        }
        double[] x = new SingularValueDecomposition(m).getSolver().solve(MatrixUtils.createRealVector(p)).toArray();
        double[] z = new double[passive.length];
        for (int j = 0; j < cols; j++) {
            z[index[j]] = x[j];
        }
        return z;
    }
}
