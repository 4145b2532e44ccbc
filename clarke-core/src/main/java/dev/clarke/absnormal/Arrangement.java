package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;

/**
 * The piecewise-linear model of a scalar form when no active kink feeds another: then, with the
 * inactive kinks frozen at their signs (exact near the point),
 * <pre>
 *   f̂(x̊ + d) = f(x̊) + g₀·d + Σ_{i ∈ α} c_i·|a_i·d|
 * </pre>
 * where a_i is active kink i's switching gradient and c_i the output's coefficient of |z_i|.
 * Rows that are parallel (a_i = λ_i·â_k) merge into one term C_k·|â_k·d| with C_k = Σ c_i·|λ_i|;
 * zero rows drop out. A sum Σ C_k·|â_k·d| over pairwise non-parallel â_k is linear only if every
 * C_k = 0 (along a generic point of the hyperplane â_k·d = 0 every other term is smooth and the
 * k-th has the jump 2·C_k·â_k in its gradient), so the model is linear, i.e. f is differentiable
 * with derivative g₀, exactly when every merged coefficient vanishes. This ranges over the
 * realisable sign patterns only (the cells of the hyperplane arrangement), with no enumeration.
 *
 * <p>When the merged â_k are linearly independent the Clarke gradient of f̂ at 0 is the box image
 * {@code g₀ + Σ C_k·[−1, 1]·â_k} (in the coordinates u_k = â_k·d the model is separable), and
 * reverse mode's value {@code g₀ + Σ μ_k·â_k}, μ_k = Σ c_i·λ_i·σ_i, is in it iff |μ_k| ≤ |C_k|.
 *
 * @param nested  whether some active kink's argument depends on another active kink's |z| (then
 *                nothing else here is meaningful)
 * @param g0      the gradient with every active term removed
 * @param rows    the merged directions â_k (max-norm 1, first non-zero entry positive)
 * @param coef    the merged coefficients C_k
 * @param adCoef  reverse mode's merged coefficients μ_k, from the form's σᶜ
 * @param kinks   the active kinks before merging (zero rows left out): switching gradients a_i
 * @param kinkCoef the output's coefficient c_i of each, so its term is c_i·|a_i·d|
 */
record Arrangement(boolean nested, double[] g0, List<double[]> rows, List<Double> coef, List<Double> adCoef,
                   List<double[]> kinks, List<Double> kinkCoef) {

    /** The arrangement of the scalar form {@code f} at its point. */
    static Arrangement of(AbsNormalForm f) {
        return of(f, expanded(f));
    }

    /** The output row over [Δx, |z_α|], the inactive kinks substituted away: g₀, then the c_i. */
    static double[] outputRow(AbsNormalForm f) {
        return expanded(f)[f.s()];
    }

    /**
     * The switching rows (s of them) and, last, the output row, each over [Δx, |z_α|] with the
     * inactive kinks substituted away; plus, at the end, a one-element row holding 1 when some
     * active kink's argument depends on another active |z| (nesting), else 0.
     */
    private static double[][] expanded(AbsNormalForm f) {
        int n = f.n();
        int[] alpha = f.active();
        int[] pos = new int[f.s()];
        java.util.Arrays.fill(pos, -1);
        for (int k = 0; k < alpha.length; k++) {
            pos[alpha[k]] = k;
        }
        double[] sigma = f.signature();
        double[][] e = new double[f.s()][];
        boolean nested = false;
        for (int i = 0; i < f.s(); i++) {
            e[i] = expand(f.Z()[i], f.L()[i], i, e, pos, sigma, n, alpha.length);
            if (pos[i] >= 0) {
                for (int k = n; k < e[i].length; k++) {
                    nested |= e[i][k] != 0;
                }
            }
        }
        double[][] out = java.util.Arrays.copyOf(e, f.s() + 2);
        out[f.s()] = expand(f.J()[0], f.Y()[0], f.s(), e, pos, sigma, n, alpha.length);
        out[f.s() + 1] = new double[] {nested ? 1 : 0};
        return out;
    }

    private static Arrangement of(AbsNormalForm f, double[][] e) {
        int n = f.n();
        int[] alpha = f.active();
        boolean nested = e[f.s() + 1][0] != 0;
        double[] y = e[f.s()];
        double[] g0 = java.util.Arrays.copyOf(y, n);
        double[] adSigma = f.adSignature();
        double scale = 1;
        for (int i : alpha) {
            for (int c = 0; c < n; c++) {
                scale = Math.max(scale, Math.abs(e[i][c]));
            }
        }
        List<double[]> rows = new ArrayList<>();
        List<Double> coef = new ArrayList<>();
        List<Double> ad = new ArrayList<>();
        List<double[]> kinks = new ArrayList<>();
        List<Double> kinkCoef = new ArrayList<>();
        for (int k = 0; k < alpha.length; k++) {
            double[] a = java.util.Arrays.copyOf(e[alpha[k]], n);
            double[] raw = a.clone(); // before direction() normalises a
            double lambda = direction(a, Realisability.ZERO_ROW * scale);
            if (lambda == 0) {
                continue; // z_i stays 0 along every direction: no term
            }
            int g = find(rows, a);
            if (g < 0) {
                rows.add(a);
                coef.add(0.0);
                ad.add(0.0);
                g = rows.size() - 1;
            }
            double c = y[n + k];
            coef.set(g, coef.get(g) + c * Math.abs(lambda));
            ad.set(g, ad.get(g) + c * lambda * adSigma[alpha[k]]);
            kinks.add(raw);
            kinkCoef.add(c);
        }
        return new Arrangement(nested, g0, rows, coef, ad, kinks, kinkCoef);
    }

    /** Row over [d, |z_α|] of a switching or output row, inactive kinks substituted by σ̊_j·z_j. */
    private static double[] expand(double[] z, double[] l, int upTo, double[][] e, int[] pos, double[] sigma,
                                   int n, int k) {
        double[] r = new double[n + k];
        System.arraycopy(z, 0, r, 0, n);
        for (int j = 0; j < upTo; j++) {
            double w = l[j];
            if (w == 0) {
                continue;
            }
            if (pos[j] >= 0) {
                r[n + pos[j]] += w;
            } else {
                for (int c = 0; c < r.length; c++) {
                    r[c] += w * sigma[j] * e[j][c];
                }
            }
        }
        return r;
    }

    /** Scales {@code a} in place to max-norm 1 with its first non-zero entry positive; returns λ (a = λ·â), 0 for a zero row. */
    private static double direction(double[] a, double tol) {
        double m = 0;
        int first = -1;
        for (int c = 0; c < a.length; c++) {
            if (Math.abs(a[c]) > tol && first < 0) {
                first = c;
            }
            m = Math.max(m, Math.abs(a[c]));
        }
        if (first < 0) {
            return 0;
        }
        double lambda = Math.signum(a[first]) * m;
        for (int c = 0; c < a.length; c++) {
            a[c] /= lambda;
        }
        return lambda;
    }

    private static int find(List<double[]> rows, double[] a) {
        for (int g = 0; g < rows.size(); g++) {
            if (Certifier.agree(rows.get(g), a)) {
                return g;
            }
        }
        return -1;
    }

    /** Whether every merged coefficient vanishes (relative to the largest |c_i|): f is differentiable. */
    boolean linear(double tol) {
        for (double c : coef) {
            if (Math.abs(c) > tol) {
                return false;
            }
        }
        return true;
    }

    /** Whether the merged directions are linearly independent (numeric rank). */
    boolean independent() {
        return ExactRank.numericRank(rows.toArray(new double[0][]), Likq.TOLERANCE) == rows.size();
    }

    /** Reverse mode's value as this model predicts it: g₀ + Σ μ_k·â_k. */
    double[] adGradient() {
        double[] g = g0.clone();
        for (int k = 0; k < rows.size(); k++) {
            for (int c = 0; c < g.length; c++) {
                g[c] += adCoef.get(k) * rows.get(k)[c];
            }
        }
        return g;
    }

    /**
     * The realisable sign patterns σ of the merged directions (the open cells σ_k·â_k·d &gt; 0 of the
     * central arrangement), by depth-first search with one LP per partial pattern, so an empty
     * partial cell prunes its subtree. Call only with at most {@link Certifier#ENUMERATION_LIMIT} rows.
     *
     * @return each realisable σ ∈ {±1}^rows
     */
    List<double[]> realisablePatterns() {
        List<double[]> out = new ArrayList<>();
        cells(0, new double[rows.size()], new ArrayList<>(), out);
        return out;
    }

    private void cells(int k, double[] sigma, List<double[]> constraints, List<double[]> out) {
        if (k == rows.size()) {
            out.add(sigma.clone());
            return;
        }
        for (int s = 1; s >= -1; s -= 2) {
            double[] c = rows.get(k).clone();
            for (int j = 0; j < c.length; j++) {
                c[j] *= s;
            }
            constraints.add(c);
            if (Realisability.feasible(constraints)) {
                sigma[k] = s;
                cells(k + 1, sigma, constraints, out);
            }
            constraints.remove(constraints.size() - 1);
        }
    }

    /** {@return the piece gradient g₀ + Σ C_k·σ_k·â_k of the cell σ} */
    double[] pieceGradient(double[] sigma) {
        double[] g = g0.clone();
        for (int k = 0; k < rows.size(); k++) {
            for (int c = 0; c < g.length; c++) {
                g[c] += coef.get(k) * sigma[k] * rows.get(k)[c];
            }
        }
        return g;
    }

    /** Under {@link #independent()}: whether |μ_k| ≤ |C_k| + tol for every k. */
    boolean adInBox(double tol) {
        for (int k = 0; k < rows.size(); k++) {
            if (Math.abs(adCoef.get(k)) > Math.abs(coef.get(k)) + tol) {
                return false;
            }
        }
        return true;
    }
}
