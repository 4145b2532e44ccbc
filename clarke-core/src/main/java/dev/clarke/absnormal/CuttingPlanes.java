package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Whether a point lies in a compact convex set known only by its exact support function h(v) and,
 * for each v, a point of the set reaching it (a Clarke gradient given by {@link ConeSupport} or a
 * sum of norm balls, {@link NormCertificate}).
 *
 * <p>a is in the set iff v·a ≤ h(v) for every v, and v·a − h(v) is concave: Kelley's cutting planes
 * decide it. Keep points P of the set; one LP finds the v in the box [−1, 1]^n maximising
 * t = min_{p ∈ P} v·(a − p). If t ≤ n·tol, a is in conv P up to tol per coordinate (LP duality), so in
 * the set. Else if v·a − h(v) &gt; n·tol, v separates a from the set; else the point reaching h(v)
 * joins P and the next LP has one more row. The LP's simplex works to about 10⁻⁶ and has answered
 * "inside" with a v that separates a by 10⁻⁴, so "inside" is checked: t is recomputed at its v,
 * and a convex combination q of P, found by non-negative least squares, must lie within
 * max(1.01·n·tol, 10⁻⁶·(1 + ‖a‖)) of a (the LP's own precision, which values on a curved boundary
 * need); otherwise the LP's v, or a − q when that v does not separate, is the next v. Only a value within about tol of the boundary of a
 * curved part can exhaust the {@link #ITERATIONS budget}; past {@link #DIMENSIONS} inputs it is not
 * tried (undecided, the work budget).
 */
final class CuttingPlanes {

    /** Cutting planes before giving up (each adds one point and one LP row). */
    static final int ITERATIONS = 400;
    /** At most this many inputs (each LP has one variable per input, plus one). */
    static final int DIMENSIONS = 16;

    /**
     * The support function of the set: {@code {{h(v)}, a point of the set with v·point = h(v)}}, or,
     * when h is only bracketed, {@code {{lower}, a point reaching it, {upper}}}: the point joins the
     * hull, the upper bound separates.
     */
    interface Support {
        double[][] at(double[] v);
    }

    /** The answer, with the number of cutting planes spent. */
    record Answer(PlaneSupport.Side side, int planes) {
    }

    private CuttingPlanes() {
    }

    /**
     * Decides whether {@code a} lies in the set, starting from the points reaching h(±e_c).
     *
     * @param h the set's support function
     * @param a the point tested
     * @param tol the tolerance per coordinate
     * @return inside, outside, or undecided within {@link #ITERATIONS}
     */
    static Answer decide(Support h, double[] a, double tol) {
        int n = a.length;
        if (n > DIMENSIONS) {
            return new Answer(PlaneSupport.Side.UNDECIDED, 0);
        }
        List<double[]> points = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] v = new double[n];
                v[c] = sign;
                points.add(h.at(v)[1]);
            }
        }
        double slack = n * tol;   // t is measured with v in the box [−1, 1]^n: a per-coordinate tol moves it by up to n·tol
        for (int it = 0; it < ITERATIONS; it++) {
            double[] vt = separate(points, a);
            if (vt == null) {
                return new Answer(PlaneSupport.Side.UNDECIDED, it);
            }
            double[] v = java.util.Arrays.copyOf(vt, n);
            if (vt[n] <= slack) {   // the LP says inside: checked, since its simplex works to about 1e-6
                double[] r = residual(points, a);
                if (gap(points, a, v) <= slack && Math.sqrt(Vectors.dot(r, r)) <= Math.max(1.01 * slack,
                        1e-6 * (1 + Math.sqrt(Vectors.dot(a, a))))) {
                    return new Answer(PlaneSupport.Side.INSIDE, it);
                }
                if (gap(points, a, v) <= slack) {   // its v does not separate, but a − q does
                    double top = 0;
                    for (double x : r) {
                        top = Math.max(top, Math.abs(x));
                    }
                    v = Vectors.scaled(r, 1 / top);
                }
            }
            double[][] hg = h.at(v);
            double top = hg.length > 2 ? hg[2][0] : hg[0][0];   // a bracketed support function separates with its top
            if (Vectors.dot(v, a) - top > slack) {
                return new Answer(PlaneSupport.Side.OUTSIDE, it);
            }
            points.add(hg[1]);
        }
        return new Answer(PlaneSupport.Side.UNDECIDED, ITERATIONS);
    }

    /** min over the points p of v·(a − p), recomputed: the LP's t at its v, without the solver's rounding. */
    private static double gap(List<double[]> points, double[] a, double[] v) {
        double t = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            t = Math.min(t, Vectors.dot(v, a) - Vectors.dot(v, p));
        }
        return t;
    }

    /**
     * a − q for a point q of conv P near a: the projection of (0, 1) onto the cone of the (p − a, 1)
     * (non-negative least squares) gives Σλ·(p − a, 1), and q = a + Σλ·(p − a)/Σλ is a convex
     * combination of the points whatever the solver's accuracy. If some point of conv P lies within
     * ε &lt; 1 of a, the projection's residual, at most ε, bounds both ‖Σλ·(p − a)‖ and |1 − Σλ|, so
     * ‖a − q‖ ≤ ε/(1 − ε).
     */
    private static double[] residual(List<double[]> points, double[] a) {
        int n = a.length;
        List<double[]> q = new ArrayList<>();
        for (double[] p : points) {
            double[] c = new double[n + 1];
            for (int x = 0; x < n; x++) {
                c[x] = p[x] - a[x];
            }
            c[n] = 1;
            q.add(c);
        }
        double[] target = new double[n + 1];
        target[n] = 1;
        double[] pi = Nnls.project(q, target);
        double[] r = new double[n];
        for (int c = 0; c < n; c++) {
            r[c] = pi[n] > 0 ? -pi[c] / pi[n] : 1;
        }
        return r;
    }

    /**
     * The LP max t s.t. v·(a − p) ≥ t for every point p, v ∈ [−1, 1]^n: {v, t} (t ≤ 0 exactly when
     * a ∈ conv P), or null when the solver fails. Every constraint is written as a row ≤ a
     * non-negative bound, so the origin is feasible and the simplex needs no first phase (whose
     * artificial variables, on rows ≥ 0, could end a degenerate problem with "no feasible solution");
     * when Dantzig's rule cycles on the many rows through the origin, Bland's cannot.
     */
    private static double[] separate(List<double[]> points, double[] a) {
        int n = a.length;
        List<LinearConstraint> cs = new ArrayList<>();
        for (double[] p : points) {   // t + v·(p − a) ≤ 0: every row ≤ a non-negative bound, so v = 0, t = 0 is a vertex
            double[] row = new double[n + 1];
            for (int c = 0; c < n; c++) {
                row[c] = p[c] - a[c];
            }
            row[n] = 1;
            cs.add(new LinearConstraint(row, Relationship.LEQ, 0));
        }
        for (int c = 0; c < n; c++) {
            double[] row = new double[n + 1];
            row[c] = 1;
            cs.add(new LinearConstraint(row, Relationship.LEQ, 1));
            double[] minus = new double[n + 1];
            minus[c] = -1;
            cs.add(new LinearConstraint(minus, Relationship.LEQ, 1));
        }
        double[] obj = new double[n + 1];
        obj[n] = 1;
        for (PivotSelectionRule rule : PivotSelectionRule.values()) {   // DANTZIG first; BLAND if that cycles
            try {
                PointValuePair s = new SimplexSolver().optimize(new MaxIter(10_000), new LinearObjectiveFunction(obj, 0),
                        new LinearConstraintSet(cs), GoalType.MAXIMIZE, new NonNegativeConstraint(false), rule);
                return s.getPoint();
            } catch (MathIllegalStateException e) {
                // the next rule, or give up
            }
        }
        return null;
    }
}
