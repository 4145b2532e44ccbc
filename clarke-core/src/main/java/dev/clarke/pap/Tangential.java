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

    /**
     * The equalities of a piece at x: pairs of non-positive constraints h ≤ 0, h' ≤ 0 that both
     * vanish at x with opposite gradients (h' = −h near x), whatever their order or form. Returns one
     * function of each pair.
     */
    static List<Analytic> equalities(Piece p, double[] x) {
        List<Analytic> nonPos = p.set().nonPositive();
        int n = x.length;
        List<Analytic> out = new ArrayList<>();
        boolean[] used = new boolean[nonPos.size()];
        for (int i = 0; i < nonPos.size(); i++) {
            if (used[i] || !nonPos.get(i).inDomain(x) || nonPos.get(i).eval(x) != 0) {
                continue;
            }
            double[] gi = nonPos.get(i).gradient(x, n);
            for (int j = i + 1; j < nonPos.size(); j++) {
                if (used[j] || !nonPos.get(j).inDomain(x) || nonPos.get(j).eval(x) != 0) {
                    continue;
                }
                double[] gj = nonPos.get(j).gradient(x, n);
                boolean opposite = true;
                boolean nonzero = false;
                for (int k = 0; k < n; k++) {
                    opposite &= Math.abs(gi[k] + gj[k]) <= 1e-12 * (1 + Math.abs(gi[k]));
                    nonzero |= gi[k] != 0;
                }
                if (opposite && nonzero) {
                    used[i] = true;
                    used[j] = true;
                    out.add(nonPos.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /** A description of the violation at {@code x}, or null if consistent. */
    static String check(PapRepresentation rep, Piece p, double[] x) {
        int n = x.length;
        if (n < 2) {
            return null;
        }
        List<double[]> normals = new ArrayList<>();
        for (Analytic h : equalities(p, x)) {
            normals.add(h.gradient(x, n));
        }
        if (normals.isEmpty()) {
            return null;
        }
        double[] g = p.branch().gradient(x, n);
        double scale = 0;
        for (double xi : x) {
            scale = Math.max(scale, Math.abs(xi));
        }
        for (double[] v : nullSpace(normals, n)) {
            double h = 1e-6 * (1 + scale);
            double[] up = null;
            double[] down = null;
            for (int halvings = 0; halvings < 60; halvings++, h /= 2) {
                up = x.clone();
                down = x.clone();
                for (int i = 0; i < n; i++) {
                    up[i] += h * v[i];
                    down[i] -= h * v[i];
                }
                if (p.set().contains(up) && p.set().contains(down)) {
                    break;
                }
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
