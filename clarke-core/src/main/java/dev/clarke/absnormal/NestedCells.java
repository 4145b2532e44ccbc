package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cells of active kinks that feed each other ({@link NestedNorms}), for {@link ConeSupport}.
 * For a sign pattern σ of the free active kinks the abs-normal recursion is linear:
 * δz_i = Z_i·d + Σ_{j&lt;i} L_ij·c_j·δz_j with c_j = sign(z_j) for an inactive kink and σ_j for an
 * active one, so δz = M_σ·d row by row, and the cell is the closed cone {d : σ_i·(M_σ·d)_i ≥ 0}
 * with piece gradient G(σ). A row that is identically 0 under σ (relu(relu(u) − u) for u &gt; 0:
 * the inner kink's argument vanishes on a whole sector) sets no constraint and its kink's σ is 0
 * in G (|δz_i| = 0 there, and G does not depend on it). A cell counts when its open interior is
 * not empty (one LP); together they cover every direction.
 */
final class NestedCells {

    /** The cells: piece gradients and, for each, its constraints c (c·d ≥ 0). */
    record Cells(List<double[]> pieces, List<List<double[]>> cones) {
    }

    private NestedCells() {
    }

    /**
     * The realisable cells of the free active kinks of {@code f} (norms feeding no kink).
     *
     * @param f the form
     * @param norms the switching variables standing for Euclidean norms (their σ is 0)
     * @param free the active kinks that are not norms, at most {@link NestedNorms#PATTERN_LIMIT}
     * @return the cells
     */
    static Cells of(AbsNormalForm f, Set<Integer> norms, List<Integer> free) {
        int n = f.n();
        int s = f.s();
        double[] z0 = f.z();
        List<double[]> pieces = new ArrayList<>();
        List<List<double[]>> cones = new ArrayList<>();
        for (long bits = 0; bits < (1L << free.size()); bits++) {
            double[] sigma = f.signature();
            for (int k = 0; k < free.size(); k++) {
                sigma[free.get(k)] = ((bits >> k) & 1) == 0 ? 1 : -1;
            }
            double[][] m = new double[s][];
            for (int i = 0; i < s; i++) {
                m[i] = f.Z()[i].clone();
                for (int j = 0; j < i; j++) {
                    double l = f.L()[i][j];
                    double c = z0[j] != 0 ? Math.signum(z0[j]) : norms.contains(j) ? 0 : sigma[j];
                    for (int x = 0; l != 0 && c != 0 && x < n; x++) {
                        m[i][x] += l * c * m[j][x];
                    }
                }
            }
            double[] g = sigma.clone();
            List<double[]> cone = new ArrayList<>();
            for (int i : free) {
                if (isZero(m[i])) {
                    g[i] = 0;
                } else {
                    cone.add(Vectors.scaled(m[i], sigma[i]));
                }
            }
            if (Realisability.feasible(cone)) {
                pieces.add(f.gradient(g)[0]);
                cones.add(cone);
            }
        }
        return new Cells(pieces, cones);
    }

    private static boolean isZero(double[] row) {
        for (double v : row) {
            if (Math.abs(v) > 1e-12) {
                return false;
            }
        }
        return true;
    }
}
