package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Which sign patterns τ ∈ {±1}^α of the active kinks the piecewise-linear model realises, and
 * convex-hull membership, by linear programs (Commons Math's {@link SimplexSolver}).
 *
 * <p>τ is realisable when some direction d gives every active switching variable the sign τ_i:
 * with {@code A_τ = [(I − LΣ_τ)⁻¹Z]_α}, the LP {@code τ_i·(A_τ d)_i ≥ 1} (homogeneous, so ≥ 1 is
 * as good as &gt; 0) is feasible. A row that is identically zero (every entry at most
 * {@link #ZERO_ROW} times the largest entry of Z) is "don't care": that z_i stays 0 along every
 * direction, its σ_i multiplies a zero row in G(σ), and it is fixed to +1. Row i depends only on
 * τ_j for j &lt; i, so patterns are enumerated depth first in kink order, pruning every infeasible
 * prefix.
 */
public final class Realisability {

    /** Relative size below which a switching row counts as identically zero. */
    public static final double ZERO_ROW = 1e-12;

    private Realisability() {
    }

    /**
     * The realisable full signatures: σ̊ off the active kinks and τ on them (+1 where don't care),
     * in depth-first order (+1 before −1).
     *
     * @param f the abs-normal form
     * @return the realisable signatures, each of length s
     */
    public static List<double[]> enumerate(AbsNormalForm f) {
        int[] alpha = f.active();
        double scale = 0;
        for (double[] row : f.Z()) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        List<double[]> out = new ArrayList<>();
        dfs(f, alpha, 0, f.signature(), new ArrayList<>(), ZERO_ROW * Math.max(scale, 1), out);
        return out;
    }

    private static void dfs(AbsNormalForm f, int[] alpha, int k, double[] sigma, List<double[]> constraints,
                            double tol, List<double[]> out) {
        if (k == alpha.length) {
            out.add(sigma.clone());
            return;
        }
        int i = alpha[k];
        double[] row = f.rows(sigma)[i];
        if (isZero(row, tol)) {
            sigma[i] = 1;
            dfs(f, alpha, k + 1, sigma, constraints, tol, out);
            sigma[i] = 0;
            return;
        }
        for (double t : new double[] {1, -1}) {
            double[] c = new double[row.length];
            for (int j = 0; j < c.length; j++) {
                c[j] = t * row[j];
            }
            constraints.add(c);
            if (feasible(constraints)) {
                sigma[i] = t;
                dfs(f, alpha, k + 1, sigma, constraints, tol, out);
                sigma[i] = 0;
            }
            constraints.remove(constraints.size() - 1);
        }
    }

    private static boolean isZero(double[] row, double tol) {
        for (double v : row) {
            if (Math.abs(v) > tol) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every signature with τ ∈ {±1}^α (realisable or not): 2^|α| of them.
     *
     * @param f the abs-normal form
     * @return the 2^|α| signatures, each of length s
     */
    public static List<double[]> all(AbsNormalForm f) {
        int[] alpha = f.active();
        List<double[]> out = new ArrayList<>();
        for (long bits = 0; bits < (1L << alpha.length); bits++) {
            double[] s = f.signature();
            for (int k = 0; k < alpha.length; k++) {
                s[alpha[k]] = ((bits >> k) & 1) == 0 ? 1 : -1;
            }
            out.add(s);
        }
        return out;
    }

    /** Whether some d satisfies {@code c·d ≥ 1} for every row c (each row scaled to max-norm 1). */
    static boolean feasible(List<double[]> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        int n = rows.get(0).length;
        List<LinearConstraint> cs = new ArrayList<>();
        for (double[] r : rows) {
            double m = 0;
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                c[j] = r[j] / m;
            }
            cs.add(new LinearConstraint(c, Relationship.GEQ, 1));
        }
        return solvable(new LinearObjectiveFunction(new double[n], 0), cs, false);
    }

    /**
     * Whether {@code g} lies in the convex hull of {@code points}: μ ≥ 0, Σμ = 1, and
     * |Σ μ_k·p_k − g| ≤ tol in every coordinate.
     *
     * @param points the points p_k, each of length d
     * @param g the point tested, length d
     * @param tol the tolerance per coordinate, ≥ 0
     * @return whether {@code g} is in the hull of {@code points} up to {@code tol}
     */
    public static boolean inHull(List<double[]> points, double[] g, double tol) {
        int k = points.size();
        int n = g.length;
        List<LinearConstraint> cs = new ArrayList<>();
        double[] ones = new double[k];
        Arrays.fill(ones, 1);
        cs.add(new LinearConstraint(ones, Relationship.EQ, 1));
        for (int c = 0; c < n; c++) {
            double[] row = new double[k];
            for (int j = 0; j < k; j++) {
                row[j] = points.get(j)[c];
            }
            cs.add(new LinearConstraint(row, Relationship.LEQ, g[c] + tol));
            cs.add(new LinearConstraint(row, Relationship.GEQ, g[c] - tol));
        }
        return solvable(new LinearObjectiveFunction(new double[k], 0), cs, true);
    }

    /**
     * Whether {@code g} lies in conv(points) + Σ t_i·gen_i with t_i ∈ [−1, 1], up to {@code tol}
     * per coordinate: one LP in the hull weights μ ≥ 0 (Σ μ = 1) and s_i = t_i + 1 ∈ [0, 2].
     *
     * @param points the points of the hull, each of length d
     * @param generators the zonotope's generators, each of length d
     * @param g the point tested
     * @param tol the tolerance per coordinate
     * @return whether {@code g} is in the sum up to {@code tol}
     */
    public static boolean inHullPlusZonotope(List<double[]> points, List<double[]> generators, double[] g, double tol) {
        int k = points.size();
        int q = generators.size();
        int n = g.length;
        List<LinearConstraint> cs = new ArrayList<>();
        double[] ones = new double[k + q];
        Arrays.fill(ones, 0, k, 1);
        cs.add(new LinearConstraint(ones, Relationship.EQ, 1));
        for (int c = 0; c < n; c++) {
            double[] row = new double[k + q];
            double shift = 0;
            for (int j = 0; j < k; j++) {
                row[j] = points.get(j)[c];
            }
            for (int i = 0; i < q; i++) {
                row[k + i] = generators.get(i)[c];
                shift -= generators.get(i)[c]; // t = s − 1
            }
            cs.add(new LinearConstraint(row, Relationship.LEQ, g[c] - shift + tol));
            cs.add(new LinearConstraint(row, Relationship.GEQ, g[c] - shift - tol));
        }
        for (int i = 0; i < q; i++) {
            double[] unit = new double[k + q];
            unit[k + i] = 1;
            cs.add(new LinearConstraint(unit, Relationship.LEQ, 2));
        }
        return solvable(new LinearObjectiveFunction(new double[k + q], 0), cs, true);
    }

    /**
     * Whether the constraints are feasible (the objective is 0). Dantzig's pivoting first, Bland's
     * if that runs out of iterations; when both do, the question is left open ({@link Undecided}),
     * since here either answer could turn into a wrong verdict.
     */
    private static boolean solvable(LinearObjectiveFunction f, List<LinearConstraint> cs, boolean nonNegative) {
        for (PivotSelectionRule rule : PivotSelectionRule.values()) {
            try {
                new SimplexSolver().optimize(new MaxIter(20_000), f, new LinearConstraintSet(cs),
                        GoalType.MINIMIZE, new NonNegativeConstraint(nonNegative), rule);
                return true;
            } catch (NoFeasibleSolutionException e) {
                return false;
            } catch (UnboundedSolutionException e) {
                return true; // a zero objective is never unbounded once feasible: phase 1 found a point
            } catch (TooManyIterationsException e) {
                // the other rule, then give up
            }
        }
        throw new Undecided("a linear program of " + cs.size() + " constraints did not finish within 20,000 pivots");
    }

    /** A linear program the solver could not finish: the certifier answers UNKNOWN with this reason. */
    static final class Undecided extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undecided(String message) {
            super(message);
        }
    }
}
