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
    /**
     * ... and while the hull LP's dense tableau (rows × variables over all patterns) stays below this:
     * three norms beside three kinks made a 1,500 × 130 LP that took seconds; past it the sum rule's
     * zonotope (one block) bounds the gradients instead.
     */
    static final long LP_CELLS = 60_000;

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
                            boolean exactKinks, List<Boolean> exactNorms) {
        int n = ad.length;
        List<double[]> kinks = exactKinks ? a.rows() : a.kinks(); // affine kinks: no cusp, parallel ones merge
        List<Double> coef = exactKinks ? a.coef() : a.kinkCoef();
        int m = kinks.size();
        long rows = 0;   // the hull LP's rows per block: one per facet of each norm's ball polytope
        long width = 1;  // and its variables per block
        for (double[][] t : ts) {
            rows += NormDirections.ballFacets(t.length).size();
            width += Math.max(n, t.length);
        }
        boolean perPattern = m <= PATTERN_LIMIT && (1L << m) * n <= PATTERN_WORK
                && (1L << m) * rows * (1L << m) * width <= LP_CELLS;
        List<Block> blocks = new ArrayList<>();
        for (long bits = 0; bits < (perPattern ? 1L << m : 1); bits++) {
            double[] sigma = new double[m];
            List<double[]> cone = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                sigma[i] = ((bits >> i) & 1) == 0 ? 1 : -1;
                cone.add(Vectors.scaled(kinks.get(i), sigma[i]));
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
                tied[j] = perPattern && (exactKinks && exactNorms.get(j) || !nonZero(cone, List.<double[][]>of(ts.get(j))));
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
            facets.add(NormDirections.ballFacets(t.length));
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
                    double[] cut = NormDirections.chord(b.cone(), t);
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


    /**
     * Whether the constraints have a solution, free variables (when {@code nonNegative} is false)
     * split into two non-negative ones: the solver's own free-variable shift misjudged some of
     * these problems. Dantzig's pivoting first, Bland's (which cannot cycle) if that runs out of
     * iterations; a solver that gives up on both counts as a solution: the bound then refutes
     * nothing, which is sound.
     */
    private static boolean solvable(int vars, List<LinearConstraint> cs, boolean nonNegative) {
        List<LinearConstraint> posed = nonNegative ? cs : NormDirections.free(cs, vars);
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


}
