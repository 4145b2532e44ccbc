package dev.clarke.pap;

import java.util.ArrayList;
import java.util.List;

/**
 * Tangential consistency on a lower-dimensional piece of a multivariate primitive: along every
 * direction tangent to the piece (orthogonal to the gradients of its equalities), the branch's
 * derivative must equal the primitive's. At a tie of max(a, b) the tangent is (1, 1), so the two
 * partials must sum to 1.
 */
final class Tangential {

    private Tangential() {
    }

    /** A description of the violation at {@code x}, or null if consistent. */
    static String check(PapRepresentation rep, Piece p, double[] x) {
        int n = x.length;
        if (n < 2) {
            return null;
        }
        List<double[]> normals = new ArrayList<>();
        List<Analytic> eq = p.set().nonPositive();
        for (int j = 0; j < eq.size(); j += 2) {
            normals.add(eq.get(j).gradient(x, n));
        }
        double[] g = p.branch().gradient(x, n);
        for (double[] v : nullSpace(normals, n)) {
            double scale = 0;
            for (double xi : x) {
                scale = Math.max(scale, Math.abs(xi));
            }
            double h = 1e-6 * (1 + scale);
            double[] up = x.clone();
            double[] down = x.clone();
            for (int i = 0; i < n; i++) {
                up[i] += h * v[i];
                down[i] -= h * v[i];
            }
            double along = (rep.value(up) - rep.value(down)) / (2 * h);
            double branch = 0;
            for (int i = 0; i < n; i++) {
                branch += g[i] * v[i];
            }
            if (!(Math.abs(along - branch) <= 1e-5 * (1 + Math.abs(along)))) {
                return "piece '" + p.label() + "': along the tangent " + java.util.Arrays.toString(v)
                        + " the branch's derivative is " + branch + " but the primitive's is " + along;
            }
        }
        return null;
    }

    /** An orthonormal-free basis of the vectors orthogonal to every row (Gaussian elimination). */
    static List<double[]> nullSpace(List<double[]> rows, int n) {
        double[][] a = rows.toArray(new double[0][]);
        int m = a.length;
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) {
            r[i] = a[i].clone();
        }
        int[] pivotCol = new int[m];
        int rank = 0;
        for (int col = 0; col < n && rank < m; col++) {
            int best = rank;
            for (int i = rank; i < m; i++) {
                if (Math.abs(r[i][col]) > Math.abs(r[best][col])) {
                    best = i;
                }
            }
            if (Math.abs(r[best][col]) < 1e-12) {
                continue;
            }
            double[] t = r[rank];
            r[rank] = r[best];
            r[best] = t;
            double pv = r[rank][col];
            for (int k = 0; k < n; k++) {
                r[rank][k] /= pv;
            }
            for (int i = 0; i < m; i++) {
                if (i != rank && r[i][col] != 0) {
                    double f = r[i][col];
                    for (int k = 0; k < n; k++) {
                        r[i][k] -= f * r[rank][k];
                    }
                }
            }
            pivotCol[rank++] = col;
        }
        boolean[] isPivot = new boolean[n];
        for (int i = 0; i < rank; i++) {
            isPivot[pivotCol[i]] = true;
        }
        List<double[]> basis = new ArrayList<>();
        for (int free = 0; free < n; free++) {
            if (isPivot[free]) {
                continue;
            }
            double[] v = new double[n];
            v[free] = 1;
            for (int i = 0; i < rank; i++) {
                v[pivotCol[i]] = -r[i][free];
            }
            basis.add(v);
        }
        return basis;
    }
}
