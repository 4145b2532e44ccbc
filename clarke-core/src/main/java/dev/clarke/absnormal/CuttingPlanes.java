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
 * joins P and the next LP has one more row. Only a value within about tol of the boundary of a
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
            if (vt[n] <= slack) {
                return new Answer(PlaneSupport.Side.INSIDE, it);
            }
            double[] v = java.util.Arrays.copyOf(vt, n);
            double[][] hg = h.at(v);
            double top = hg.length > 2 ? hg[2][0] : hg[0][0];   // a bracketed support function separates with its top
            if (Vectors.dot(v, a) - top > slack) {
                return new Answer(PlaneSupport.Side.OUTSIDE, it);
            }
            points.add(hg[1]);
        }
        return new Answer(PlaneSupport.Side.UNDECIDED, ITERATIONS);
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
