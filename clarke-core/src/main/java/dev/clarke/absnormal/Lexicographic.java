package dev.clarke.absnormal;

/**
 * Lexicographic differentiation of the piecewise-linear model (Nesterov 2005; Khan and Barton
 * 2013, 2015): vector forward mode with a direction matrix M (n×p), each switching variable
 * carrying its value z̊_j and a tangent row T_j, and the abs rule {@code |z|′ = fsign(z̊, T)·T},
 * where fsign is the sign of the first non-zero of (z̊_j, T_j1, …, T_jp) — an exact test, −0.0
 * counting as 0 — and 0 if there is none:
 * <pre>
 *   T_i = Z_i·M + Σ_j L_ij·fsign_j·T_j,        output tangents J·M + Σ_j Y_j·fsign_j·T_j
 * </pre>
 * With M = I the output tangents are the LD-derivative, an element of the Bouligand (limiting)
 * subdifferential and so of the Clarke gradient; its cost is (1 + n) forward evaluations of the
 * model. The directional active gradient uses the columns [d, e₁ … eₙ], reads σ_j = fsign_j and
 * returns G(σ), with σ_j = +1 ("don't care") where the whole row is zero: such a z_j stays 0 along
 * every direction and cannot influence G (the relu(relu(x)) at 0 in direction −1 case, where
 * ADOL-C's version gives up).
 */
public final class Lexicographic {

    private Lexicographic() {
    }

    /**
     * The signs fsign_j of every switching variable along the columns of M (n×p).
     *
     * @param f the abs-normal form
     * @param m the directions, n×p (n the form's inputs)
     * @return fsign_j ∈ {−1, 0, 1} for each switching variable j
     */
    public static double[] signs(AbsNormalForm f, double[][] m) {
        int s = f.s();
        int n = f.n();
        int p = n == 0 ? 0 : m[0].length;
        double[][] t = new double[s][p];
        double[] sign = new double[s];
        for (int i = 0; i < s; i++) {
            double[] ti = t[i];
            for (int c = 0; c < n; c++) {
                double z = f.Z()[i][c];
                if (z != 0) {
                    for (int q = 0; q < p; q++) {
                        ti[q] += z * m[c][q];
                    }
                }
            }
            for (int j = 0; j < i; j++) {
                double k = f.L()[i][j] * sign[j];
                if (k != 0) {
                    for (int q = 0; q < p; q++) {
                        ti[q] += k * t[j][q];
                    }
                }
            }
            sign[i] = fsign(f.z()[i], ti);
        }
        return sign;
    }

    /** The sign of the first non-zero of (v, t₁, …), 0 if all are zero (exact: −0.0 is 0). */
    static double fsign(double v, double[] t) {
        if (v != 0) {
            return Math.signum(v);
        }
        for (double x : t) {
            if (x != 0) {
                return Math.signum(x);
            }
        }
        return 0;
    }

    /**
     * The LD-derivative with M = I (m×n): J + Σ_j Y_j·fsign_j·T_j. Equal to G(σ) for the
     * lexicographic signature σ (a zero fsign multiplies a zero tangent row).
     *
     * @param f the abs-normal form
     * @return the m×n LD-derivative
     */
    public static double[][] derivative(AbsNormalForm f) {
        int n = f.n();
        double[][] identity = new double[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }
        return f.gradient(signs(f, identity));
    }

    /**
     * The directional active gradient for direction d: G(σ), σ = fsign along [d, e₁ … eₙ], don't
     * care → +1.
     *
     * @param f the abs-normal form
     * @param d the direction, length n
     * @return the m×n gradient G(σ)
     */
    public static double[][] directionalActiveGradient(AbsNormalForm f, double[] d) {
        int n = f.n();
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            m[i][0] = d[i];
            m[i][i + 1] = 1;
        }
        double[] sigma = signs(f, m);
        for (int i = 0; i < sigma.length; i++) {
            if (sigma[i] == 0) {
                sigma[i] = 1;
            }
        }
        return f.gradient(sigma);
    }
}
