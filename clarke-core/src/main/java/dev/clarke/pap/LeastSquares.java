package dev.clarke.pap;

/** A minimum-residual solution of a small dense linear system by the normal equations with a ridge. */
final class LeastSquares {

    private LeastSquares() {
    }

    /** θ minimising ‖Σ_j θ_j·cols[j] − target‖ (columns of length n), tiny ridge for rank deficiency. */
    static double[] solve(double[][] cols, double[] target, int n) {
        int p = cols.length;
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += cols[i][k] * cols[j][k];
                }
                a[i][j] = s + (i == j ? 1e-12 : 0);
            }
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += cols[i][k] * target[k];
            }
            a[i][p] = s;
        }
        for (int c = 0; c < p; c++) {
            int best = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[best][c])) {
                    best = r;
                }
            }
            double[] t = a[c];
            a[c] = a[best];
            a[best] = t;
            if (Math.abs(a[c][c]) < 1e-300) {
                continue;
            }
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[p];
        for (int i = 0; i < p; i++) {
            x[i] = Math.abs(a[i][i]) < 1e-300 ? 0 : a[i][p] / a[i][i];
        }
        return x;
    }
}
