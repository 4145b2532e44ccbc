package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * A polytope holding every limiting gradient of f̂(d) = g₀·d + Σ_i c_i·|a_i·d| + Σ_j w_j·‖T_j·d‖ and
 * of f itself (no active kink nested), so that AD's value outside it is not a Clarke subgradient.
 *
 * <p>A limiting gradient is the limit of gradients at x̊ + ε·d_ε with ε → 0 and unit d_ε → d. At such
 * points kink i has some sign σ_i, and since z_i = a_i·Δx + O(‖Δx‖²), the limit direction satisfies
 * σ_i·a_i·d ≥ 0: it lies in the closed cone K_σ (also for a pattern realised only in a cusp between
 * tangent zero sets, whose directions tend to a face). The gradient there is
 * P_σ + Σ_j w_j·T_jᵀu_j with P_σ = g₀ + Σ c_i·σ_i·a_i and u_j = t_j/‖t_j‖ → T_j·d/‖T_j·d‖ when
 * T_j·d ≠ 0. So if K_σ meets ker T_j only at 0, each coordinate of u_j keeps the sign that row i
 * of T_j has on K_σ: u_{j,i} ∈ [0, 1] if t_i·d ≥ 0 on K_σ, [−1, 0] if ≤ 0, else [−1, 1]; otherwise
 * u_j is any unit vector, bounded by the box [−1, 1]^r. Every limiting gradient lies in
 * P_σ + Σ_j w_j·T_jᵀ·U_{σ,j} for some pattern with K_σ ≠ {0}, and the Clarke gradient in the convex
 * hull of their union: one LP over all patterns decides membership. Where the sum rule's bound
 * g₀ + Σ |c_i|·[−1, 1]·a_i + Σ |w_j|·T_jᵀ·[−1, 1]^r cannot see that a norm's gradient turns with the
 * kink's side (‖(x, y)‖ − relu(x): x-components in [−1, 0], not [−2, 1]), this bound does.
 */
final class NormOuterBound {

    /** Up to this many kinks the 2^k patterns are bounded one by one; beyond, every box is [−1, 1]^r. */
    static final int PATTERN_LIMIT = 8;
    /** ... and only while 2^k times the number of inputs stays below this (each pattern's LPs grow with both). */
    static final long PATTERN_WORK = 1024;

    private NormOuterBound() {
    }

    /**
     * Whether {@code ad} lies in the bound, up to {@code tol} per coordinate.
     *
     * @param a the kinks' arrangement (g₀ and the unmerged kinks)
     * @param ts the norms' Jacobians T_j
     * @param ws their weights w_j
     * @param ad the value tested
     * @param tol the tolerance per coordinate
     * @param exactKinks whether every kink's switching variable is affine near the point
     *                   ({@link Switching#exact}): then only the merged kinks' patterns occur
     * @param exactNorms per norm, whether its arguments are affine ({@link EuclideanNorm#exact}):
     *                   then with exact kinks its direction always lies in T_j·K_σ, even where K_σ
     *                   meets ker T_j (a cell point x̊ + d has direction T_j·d/‖T_j·d‖ exactly)
     * @return false only if {@code ad} is certainly no limiting-gradient combination
     */
    static boolean contains(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol,
                            boolean exactKinks, boolean[] exactNorms) {
        int n = ad.length;
        List<double[]> kinks = exactKinks ? a.rows() : a.kinks(); // affine kinks: no cusp, parallel ones merge
        List<Double> coef = exactKinks ? a.coef() : a.kinkCoef();
        int m = kinks.size();
        boolean perPattern = m <= PATTERN_LIMIT && (1L << m) * n <= PATTERN_WORK;
        List<Block> blocks = new ArrayList<>();
        for (long bits = 0; bits < (perPattern ? 1L << m : 1); bits++) {
            double[] sigma = new double[m];
            List<double[]> cone = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                sigma[i] = ((bits >> i) & 1) == 0 ? 1 : -1;
                cone.add(scaled(kinks.get(i), sigma[i]));
            }
            if (perPattern && !nonZero(cone, List.of())) {
                continue;
            }
            double[] p = a.g0().clone();
            for (int i = 0; i < m && perPattern; i++) { // without patterns: the centre g₀, each kink a generator
                for (int x = 0; x < n; x++) {
                    p[x] += coef.get(i) * sigma[i] * kinks.get(i)[x];
                }
            }
            boolean[] tied = new boolean[ts.size()];
            for (int j = 0; j < ts.size(); j++) {
                tied[j] = perPattern && (exactKinks && exactNorms[j] || !nonZero(cone, List.<double[][]>of(ts.get(j))));
            }
            blocks.add(new Block(p, perPattern ? cone : List.of(), tied));
        }
        return !blocks.isEmpty() && solve(a, ts, ws, blocks, perPattern, ad, tol);
    }

    /**
     * One sign pattern's share of the hull: its piece gradient, its closed cone, and for each norm
     * whether its direction is tied to the cone (the cone meets ker T_j only at 0) or free.
     */
    private record Block(double[] piece, List<double[]> cone, boolean[] tied) {
    }

    /**
     * The hull LP, homogenised by each block's weight λ ≥ 0 (Σ λ = 1): a tied norm contributes
     * w_j·T_jᵀT_j·e with e in the cone and T_j·e in λ·(the polytope around the unit ball), a free
     * one w_j·T_jᵀu with u in λ·(that polytope); without patterns, each kink adds t_i·|c_i|·a_i with
     * t_i ∈ [−1, 1].
     */
    private static boolean solve(Arrangement a, List<double[][]> ts, List<Double> ws, List<Block> blocks,
                                 boolean perPattern, double[] ad, double tol) {
        int n = ad.length;
        int[] width = new int[ts.size()]; // variables per norm and block: e (n) when tied, u (r) when free
        List<List<double[]>> facets = new ArrayList<>();
        for (double[][] t : ts) {
            facets.add(ballFacets(t.length));
        }
        List<int[]> starts = new ArrayList<>();
        int vars = 0;
        for (Block b : blocks) {
            int[] at = new int[ts.size() + 1];
            at[0] = vars++;
            for (int j = 0; j < ts.size(); j++) {
                width[j] = b.tied()[j] ? n : ts.get(j).length;
                at[j + 1] = vars;
                vars += width[j];
            }
            starts.add(at);
        }
        int extra = perPattern ? 0 : a.kinks().size();
        int kinkVars = vars;
        vars += extra;
        List<LinearConstraint> cs = new ArrayList<>();
        double[] sum = new double[vars];
        double[][] total = new double[n][vars];
        for (int q = 0; q < blocks.size(); q++) {
            Block b = blocks.get(q);
            int[] at = starts.get(q);
            sum[at[0]] = 1;
            cs.add(new LinearConstraint(unit(vars, at[0], 1), Relationship.GEQ, 0));
            for (int x = 0; x < n; x++) {
                total[x][at[0]] = b.piece()[x];
            }
            for (int j = 0; j < ts.size(); j++) {
                double[][] t = ts.get(j);
                int v0 = at[j + 1];
                if (b.tied()[j]) {
                    for (double[] c : b.cone()) { // e in the cone
                        double[] row = new double[vars];
                        System.arraycopy(c, 0, row, v0, n);
                        cs.add(new LinearConstraint(row, Relationship.GEQ, 0));
                    }
                    for (double[] f : facets.get(j)) { // f·(T·e) ≤ λ
                        double[] row = new double[vars];
                        for (int i = 0; i < t.length; i++) {
                            for (int x = 0; x < n; x++) {
                                row[v0 + x] += f[i] * t[i][x];
                            }
                        }
                        row[at[0]] = -1;
                        cs.add(new LinearConstraint(row, Relationship.LEQ, 0));
                    }
                    double[] cut = chord(b.cone(), t);
                    if (cut != null) { // ν·(T·e) ≥ μ·λ: beyond the chord of the arc
                        double[] row = new double[vars];
                        for (int i = 0; i < t.length; i++) {
                            for (int x = 0; x < n; x++) {
                                row[v0 + x] += cut[i] * t[i][x];
                            }
                        }
                        row[at[0]] = -cut[t.length];
                        cs.add(new LinearConstraint(row, Relationship.GEQ, 0));
                    }
                    for (int i = 0; i < t.length; i++) { // w·Tᵀ(T·e)
                        for (int x = 0; x < n; x++) {
                            for (int y = 0; y < n; y++) {
                                total[x][v0 + y] += ws.get(j) * t[i][x] * t[i][y];
                            }
                        }
                    }
                } else {
                    for (double[] f : facets.get(j)) { // f·u ≤ λ
                        double[] row = new double[vars];
                        System.arraycopy(f, 0, row, v0, t.length);
                        row[at[0]] = -1;
                        cs.add(new LinearConstraint(row, Relationship.LEQ, 0));
                    }
                    for (int i = 0; i < t.length; i++) { // w·Tᵀu
                        for (int x = 0; x < n; x++) {
                            total[x][v0 + i] += ws.get(j) * t[i][x];
                        }
                    }
                }
            }
        }
        cs.add(new LinearConstraint(sum, Relationship.EQ, 1));
        for (int e = 0; e < extra; e++) {
            cs.add(new LinearConstraint(unit(vars, kinkVars + e, 1), Relationship.LEQ, 1));
            cs.add(new LinearConstraint(unit(vars, kinkVars + e, 1), Relationship.GEQ, -1));
            for (int x = 0; x < n; x++) {
                total[x][kinkVars + e] = Math.abs(a.kinkCoef().get(e)) * a.kinks().get(e)[x];
            }
        }
        for (int x = 0; x < n; x++) {
            cs.add(new LinearConstraint(total[x], Relationship.LEQ, ad[x] + tol));
            cs.add(new LinearConstraint(total[x], Relationship.GEQ, ad[x] - tol));
        }
        return solvable(vars, cs, false);
    }

    /**
     * In two dimensions, the chord that cuts the norm's possible directions u = T·d/‖T·d‖, d in the
     * wedge K_σ, from the origin: the wedge's boundary rays r₁, r₂ map to u₁, u₂, every u lies on
     * the shorter arc between them, and so ν·u ≥ μ with ν = (u₁ + u₂)/‖u₁ + u₂‖ and μ = ν·u₁. Without
     * the cut the polytope would hold u = 0 and with it the bare piece gradient P_σ, which the
     * Clarke gradient need not contain. Returns (ν, μ), or null (more than two dimensions, no kink,
     * or a half-plane, where the chord passes through the origin anyway).
     */
    private static double[] chord(List<double[]> cone, double[][] t) {
        if (!cone.isEmpty() && cone.get(0).length != 2) {
            return t.length == 2 ? wedgeChord(cone, t) : cone.get(0).length == 3 ? rayChord(cone, t) : null;
        }
        if (cone.isEmpty()) {
            return null;
        }
        double[] r1 = null;
        double[] r2 = null;
        double widest = -2;
        List<double[]> rays = new ArrayList<>();
        for (double[] c : cone) {
            for (int s = -1; s <= 1; s += 2) {
                double[] r = {-s * c[1], s * c[0]};
                double len = Math.hypot(r[0], r[1]);
                if (len == 0) {
                    continue;
                }
                r[0] /= len;
                r[1] /= len;
                boolean inside = true;
                for (double[] k : cone) {
                    inside &= k[0] * r[0] + k[1] * r[1] >= -1e-12 * Math.hypot(k[0], k[1]);
                }
                if (inside) {
                    rays.add(r);
                }
            }
        }
        for (int i = 0; i < rays.size(); i++) { // the boundary rays are the pair furthest apart
            for (int j = i + 1; j < rays.size(); j++) {
                double cos = -(rays.get(i)[0] * rays.get(j)[0] + rays.get(i)[1] * rays.get(j)[1]);
                if (cos > widest) {
                    widest = cos;
                    r1 = rays.get(i);
                    r2 = rays.get(j);
                }
            }
        }
        if (r1 == null) {
            return null;
        }
        double[] u1 = unitImage(t, r1);
        double[] u2 = unitImage(t, r2);
        if (u1 == null || u2 == null) {
            return null;
        }
        double[] nu = new double[t.length];
        double len = 0;
        for (int i = 0; i < nu.length; i++) {
            nu[i] = u1[i] + u2[i];
            len += nu[i] * nu[i];
        }
        len = Math.sqrt(len);
        if (len < 1e-9) {
            return null;
        }
        double[] out = new double[t.length + 1];
        double mu = 0;
        for (int i = 0; i < nu.length; i++) {
            out[i] = nu[i] / len;
            mu += out[i] * u1[i];
        }
        out[t.length] = mu - 1e-12;
        return out;
    }

    /**
     * The chord for a norm of two rows in any number of inputs: the image cone T·K_σ lies in the
     * plane. An interior direction c = T·e* (e* from an LP with every σ_i·a_i·e ≥ 1) fixes the line
     * c·u = 1, on which the cone is the segment c/‖c‖² + s·c⊥, s from min to max of c⊥·T·e over e in
     * K_σ with c·T·e = 1 (two LPs); its ends are the boundary directions u₁, u₂. Null when the cone
     * has no interior, or is unbounded on that line (a half-plane or more: no cut).
     */
    private static double[] wedgeChord(List<double[]> cone, double[][] t) {
        int n = cone.get(0).length;
        double[] inside = point(cone, null, null);
        if (inside == null) {
            return null;
        }
        double[] c = {dot(t[0], inside), dot(t[1], inside)};
        double cc = c[0] * c[0] + c[1] * c[1];
        if (cc < 1e-18) {
            return null;
        }
        double[] perp = {-c[1], c[0]};
        double[] onLine = new double[n]; // c·T·e as a row over e
        double[] across = new double[n]; // c⊥·T·e
        for (int x = 0; x < n; x++) {
            onLine[x] = c[0] * t[0][x] + c[1] * t[1][x];
            across[x] = perp[0] * t[0][x] + perp[1] * t[1][x];
        }
        double[] lo = point(cone, onLine, scaled(across, -1));
        double[] hi = point(cone, onLine, across);
        if (lo == null || hi == null) {
            return null;
        }
        double[] u1 = unitImage(t, lo);
        double[] u2 = unitImage(t, hi);
        if (u1 == null || u2 == null) {
            return null;
        }
        double[] nu = {u1[0] + u2[0], u1[1] + u2[1]};
        double len = Math.hypot(nu[0], nu[1]);
        if (len < 1e-9) {
            return null;
        }
        nu[0] /= len;
        nu[1] /= len;
        return new double[] {nu[0], nu[1], nu[0] * u1[0] + nu[1] * u1[1] - 1e-9};
    }

    /**
     * The cut for three inputs and a norm of any number of rows: the cell's cone K_σ is generated by
     * its extreme rays r_k (cross products of two constraint normals that satisfy every constraint),
     * so T·K_σ is generated by the T·r_k. With ν the normalised sum of their directions and every
     * ν·T·r_k &gt; 0, the minimum of ν·u over the cone's unit vectors is at an extreme ray (on the
     * section ν·u = 1 the direction's ν-component is 1/‖u‖, least at a vertex), so ν·u ≥ μ =
     * min_k ν·T·r_k/‖T·r_k‖. Null when the cone is not pointed or has no ray with T·r ≠ 0.
     */
    private static double[] rayChord(List<double[]> cone, double[][] t) {
        List<double[]> images = new ArrayList<>();
        int rays = 0;
        for (int i = 0; i < cone.size(); i++) {
            for (int j = i + 1; j < cone.size(); j++) {
                double[] a = cone.get(i);
                double[] b = cone.get(j);
                double[] r = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
                double len = Math.sqrt(dot(r, r));
                if (len < 1e-12) {
                    continue;
                }
                for (int s = -1; s <= 1; s += 2) {
                    boolean in = true;
                    for (double[] c : cone) {
                        in &= s * dot(c, r) >= -1e-12 * len * Math.sqrt(dot(c, c));
                    }
                    if (in) {
                        rays++;
                        double[] u = unitImage(t, scaled(r, s / len));
                        if (u != null) {
                            images.add(u);
                        }
                    }
                }
            }
        }
        if (rays < 2 || images.isEmpty() || cone.size() < 2) {
            return null; // a half-space or a wedge around a line: not pointed
        }
        double[] nu = new double[t.length];
        for (double[] u : images) {
            for (int i = 0; i < nu.length; i++) {
                nu[i] += u[i];
            }
        }
        double len = Math.sqrt(dot(nu, nu));
        if (len < 1e-9) {
            return null;
        }
        double mu = Double.POSITIVE_INFINITY;
        for (double[] u : images) {
            mu = Math.min(mu, dot(nu, u) / len);
        }
        if (!(mu > 0)) {
            return null;
        }
        double[] out = new double[t.length + 1];
        for (int i = 0; i < nu.length; i++) {
            out[i] = nu[i] / len;
        }
        out[t.length] = mu - 1e-9;
        return out;
    }

    /**
     * A point e of the cone {σ_i·a_i·e ≥ 0} by LP: with {@code onLine} null, one with every
     * σ_i·a_i·e ≥ 1 (interior); else one with {@code onLine}·e = 1 maximising {@code objective}·e.
     * Null when infeasible, unbounded, or the solver gives up.
     */
    private static double[] point(List<double[]> cone, double[] onLine, double[] objective) {
        int n = cone.get(0).length;
        List<LinearConstraint> cs = new ArrayList<>();
        for (double[] k : cone) {
            cs.add(new LinearConstraint(k, Relationship.GEQ, onLine == null ? 1 : 0));
        }
        if (onLine != null) {
            cs.add(new LinearConstraint(onLine, Relationship.EQ, 1));
        }
        try {
            double[] x = new SimplexSolver().optimize(new MaxIter(20_000),
                    new LinearObjectiveFunction(free(objective == null ? new double[n] : objective), 0),
                    new LinearConstraintSet(free(cs, n)), GoalType.MAXIMIZE, new NonNegativeConstraint(true)).getPoint();
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = x[i] - x[n + i];
            }
            return e;
        } catch (NoFeasibleSolutionException | org.apache.commons.math3.optim.linear.UnboundedSolutionException
                 | TooManyIterationsException ex) {
            return null;
        }
    }

    /** An objective over e as one over (e⁺, e⁻). */
    private static double[] free(double[] objective) {
        int n = objective.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = objective[i];
            out[n + i] = -objective[i];
        }
        return out;
    }

    private static double[] unitImage(double[][] t, double[] d) {
        double[] u = new double[t.length];
        double len = 0;
        for (int i = 0; i < t.length; i++) {
            u[i] = dot(t[i], d);
            len += u[i] * u[i];
        }
        len = Math.sqrt(len);
        if (len < 1e-12) {
            return null;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] /= len;
        }
        return u;
    }

    /**
     * Unit normals f of a polytope {u : f·u ≤ 1} holding the unit ball of R^r: a regular 64-gon in
     * two dimensions (its vertices within 0.13 % of the circle), else the normalised vectors with
     * entries in {−1, 0, 1} (for r ≤ 4; beyond, those with at most two non-zero entries).
     */
    static List<double[]> ballFacets(int r) {
        List<double[]> out = new ArrayList<>();
        if (r == 2) {
            for (int k = 0; k < 64; k++) {
                double t = 2 * Math.PI * k / 64;
                out.add(new double[] {Math.cos(t), Math.sin(t)});
            }
            return out;
        }
        int[] digits = new int[r];
        long count = 1;
        for (int i = 0; i < r; i++) {
            count *= 3;
        }
        for (long code = 0; code < count && r <= 4; code++) {
            long c = code;
            int nonzero = 0;
            for (int i = 0; i < r; i++) {
                digits[i] = (int) (c % 3) - 1;
                c /= 3;
                nonzero += digits[i] != 0 ? 1 : 0;
            }
            if (nonzero > 0) {
                out.add(normalised(digits));
            }
        }
        for (int i = 0; i < r && r > 4; i++) {
            for (int s = -1; s <= 1; s += 2) {
                int[] d = new int[r];
                d[i] = s;
                out.add(normalised(d));
                for (int k = i + 1; k < r; k++) {
                    for (int s2 = -1; s2 <= 1; s2 += 2) {
                        d[k] = s2;
                        out.add(normalised(d));
                    }
                    d[k] = 0;
                }
            }
        }
        return out;
    }

    private static double[] normalised(int[] d) {
        double norm = 0;
        for (int v : d) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] / norm;
        }
        return out;
    }

    /** Whether the cone {d : c·d ≥ 0 for c in geq, T·d = 0 for T in eqs} holds some d ≠ 0. */
    private static boolean nonZero(List<double[]> geq, List<double[][]> eqs) {
        if (geq.isEmpty() && eqs.isEmpty()) {
            return true;
        }
        int n = dimension(geq, eqs);
        for (int c = 0; c < n; c++) {
            for (int s = -1; s <= 1; s += 2) {
                List<LinearConstraint> cs = cone(geq, eqs);
                cs.add(new LinearConstraint(unit(n, c, s), Relationship.GEQ, 1));
                if (solvable(n, cs, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<LinearConstraint> cone(List<double[]> geq, List<double[][]> eqs) {
        List<LinearConstraint> cs = new ArrayList<>();
        for (double[] c : geq) {
            cs.add(new LinearConstraint(c, Relationship.GEQ, 0));
        }
        for (double[][] t : eqs) {
            for (double[] row : t) {
                cs.add(new LinearConstraint(row, Relationship.EQ, 0));
            }
        }
        return cs;
    }

    /** Free variables d = d⁺ − d⁻ for the simplex solver's non-negative ones. */
    private static List<LinearConstraint> free(List<LinearConstraint> cs, int n) {
        List<LinearConstraint> out = new ArrayList<>();
        for (LinearConstraint c : cs) {
            double[] k = c.getCoefficients().toArray();
            double[] split = new double[2 * n];
            for (int j = 0; j < n; j++) {
                split[j] = k[j];
                split[n + j] = -k[j];
            }
            out.add(new LinearConstraint(split, c.getRelationship(), c.getValue()));
        }
        return out;
    }

    /**
     * Whether the constraints have a solution, free variables (when {@code nonNegative} is false)
     * split into two non-negative ones: the solver's own free-variable shift misjudged some of
     * these problems. Dantzig's pivoting first, Bland's (which cannot cycle) if that runs out of
     * iterations; a solver that gives up on both counts as a solution: the bound then refutes
     * nothing, which is sound.
     */
    private static boolean solvable(int vars, List<LinearConstraint> cs, boolean nonNegative) {
        List<LinearConstraint> posed = nonNegative ? cs : free(cs, vars);
        int width = posed.isEmpty() ? vars : posed.get(0).getCoefficients().getDimension();
        for (PivotSelectionRule rule : PivotSelectionRule.values()) {
            try {
                new SimplexSolver().optimize(new MaxIter(20_000), new LinearObjectiveFunction(new double[width], 0),
                        new LinearConstraintSet(posed), GoalType.MINIMIZE, new NonNegativeConstraint(true), rule);
                return true;
            } catch (NoFeasibleSolutionException e) {
                return false;
            } catch (org.apache.commons.math3.optim.linear.UnboundedSolutionException e) {
                return true; // a zero objective: phase 1 found a feasible point
            } catch (TooManyIterationsException e) {
                // the other rule, then give up
            }
        }
        return true;
    }

    private static int dimension(List<double[]> geq, List<double[][]> eqs) {
        return !geq.isEmpty() ? geq.get(0).length : eqs.get(0)[0].length;
    }

    private static double[] unit(int n, int at, double v) {
        double[] u = new double[n];
        u[at] = v;
        return u;
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int c = 0; c < v.length; c++) {
            out[c] = s * v[c];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }
}
