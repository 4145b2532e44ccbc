package dev.clarke.absnormal;

import java.util.List;
import java.util.PriorityQueue;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Three to {@link #MAX_INPUTS} inputs, several Euclidean norms of full column rank with weights of
 * any sign, and affine kinks: f̂(d) = g₀·d + Σ_k C_k·|â_k·d| + Σ_j w_j·‖T_j·d‖ ({@link PlaneNorms}
 * on the sphere). Along a unit direction d off the kinks' hyperplanes the model's gradient is
 * <pre>
 *   G(d) = P_σ(d) + Σ_j w_j·T_jᵀu_j(d),   u_j(d) = T_j·d/‖T_j·d‖,   P_σ = g₀ + Σ_k C_k·σ_k·â_k
 * </pre>
 * with σ_k = sign(â_k·d), a limiting gradient of f (affine kinks keep the signs of â_k·d along the
 * ray; ker T_j = {0}, so the norms' argument directions converge whatever their curvature), and the
 * Clarke gradient is the closed hull of these values: its support function is h(v) = sup_d v·G(d).
 *
 * <p><b>The bracket.</b> h(v) is bracketed by branch and bound over the sphere, seen through the 2n
 * faces of the cube [−1, 1]^n ({@link SphereBounds} derives the bounds): a patch's lower bound is
 * exact, G at its centre when that is strictly inside a cell, and that G joins the hull; its upper
 * bound adds to the centre's value the tangent gradient times the patch's angular radius and a
 * curvature bound times half its square (or, when smaller, each norm's best over the cone its
 * direction can reach), with the better sign on each kink the patch straddles. The patch with the
 * largest upper bound is halved along its widest coordinate (a child's bound is also capped by its
 * parent's) until the bracket is within n·tol, separates AD's value a (v·a − upper &gt; n·tol), or
 * its best point p lies beyond v·a (v·p &gt; v·a: v no longer separates the hull's points from a,
 * and p cuts it off); or at {@link #PATCHES} patches. The best point is
 * sought also by climbing ({@link SphereAscent}) from the faces' centres and, every
 * {@link #CLIMB_EVERY} patches, from the best direction so far, so that p is usually near a
 * maximiser of v·G (Kelley's method wants maximisers; any point of the set is sound).
 * {@link CuttingPlanes} adds the best points and separates only with the upper bound, so the answer
 * is inside, outside, or undecided (a value within about the bracket of the boundary, more than
 * {@link #WORK} patches or {@link #CALLS} support values in all: the work budget).
 */
final class SphereNorms {

    /** At most this many inputs (a patch's width shrinks by half only every n − 1 splits). */
    static final int MAX_INPUTS = 6;
    /** Patches evaluated for one value of the support function. */
    static final int PATCHES = 200_000;
    /** Patches evaluated for one decision, over all its cutting planes. */
    static final int WORK = 2_000_000;
    /** Values of the support function for one decision (each one more row in the cutting planes' LP). */
    static final int CALLS = 200;
    /** Patches between two climbs from the best direction found. */
    static final int CLIMB_EVERY = 4096;
    /** Norms worse conditioned than this are not bracketed (the curvature bound would be useless). */
    static final double MAX_CONDITION = 1e6;

    private static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Spent() {
            super(null, null, false, false);
        }
    }

    /** A box of half-sides {@code half} around {@code centre} on face {@code face} (axis face/2, sign ±). */
    private record Patch(int face, double[] centre, double[] half, double upper) {
    }

    private final Arrangement a;
    private final List<double[][]> ts;
    private final double[] ws;
    private final SphereBounds bounds;
    private final double[] ad;
    private final double slack;
    private final int n;
    private long spent;
    private int calls;

    private SphereNorms(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol, double[][] sigma) {
        this.a = a;
        this.ts = ts;
        this.ws = ws.stream().mapToDouble(Double::doubleValue).toArray();
        this.ad = ad;
        this.n = ad.length;
        this.slack = n * tol;
        this.bounds = new SphereBounds(a, ts, this.ws, sigma[0], sigma[1]);
    }

    /**
     * Decides {@code ad} against the Clarke gradient of the model.
     *
     * @param a the kinks' arrangement (affine, merged, none nested)
     * @param ts the norms' Jacobians, each of full column rank
     * @param ws their weights
     * @param ad the value tested (3 to {@link #MAX_INPUTS} entries)
     * @param tol the tolerance per coordinate
     * @return inside, outside or undecided (more inputs, a norm conditioned worse than
     *         {@link #MAX_CONDITION}, or the work budget)
     */
    static CuttingPlanes.Answer decide(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol) {
        if (ad.length > MAX_INPUTS) {
            return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, 0);
        }
        double[][] sigma = new double[2][ts.size()];
        for (int j = 0; j < ts.size(); j++) {
            double[] s = new SingularValueDecomposition(MatrixUtils.createRealMatrix(ts.get(j))).getSingularValues();
            if (!(s[0] <= MAX_CONDITION * s[ad.length - 1])) {
                return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, 0);
            }
            sigma[0][j] = s[0] * (1 + 1e-9);
            sigma[1][j] = s[ad.length - 1] * (1 - 1e-9);
        }
        SphereNorms s = new SphereNorms(a, ts, ws, ad, tol, sigma);
        try {
            return CuttingPlanes.decide(s::support, ad, tol);
        } catch (Spent e) {
            return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, s.calls);
        }
    }

    /**
     * Why an undecided answer is undecided: the work budget, in its several forms.
     *
     * @param n the number of inputs
     * @param answer the undecided answer, or null when there are more than {@link #MAX_INPUTS} inputs
     * @return the reason
     */
    static String budget(int n, CuttingPlanes.Answer answer) {
        if (answer == null || n > MAX_INPUTS) {
            return "work budget: the sphere's branch and bound runs for at most " + MAX_INPUTS
                    + " inputs, here " + n;
        }
        return "work budget: the branch and bound over the sphere neither reached nor separated AD's value in "
                + answer.planes() + " cutting planes (within about its bracket of the Clarke gradient's boundary, more than "
                + WORK + " patches or " + CALLS + " support values, or a norm conditioned worse than " + MAX_CONDITION + ")";
    }

    /** {{the best exact value}, its point G(c), {an upper bound of h(v)}}. */
    private double[][] support(double[] v) {
        if (++calls > CALLS) {
            throw new Spent();
        }
        bounds.prepare(v);
        double tau = Vectors.dot(v, ad);
        PriorityQueue<Patch> heap = new PriorityQueue<>((p, q) -> Double.compare(q.upper(), p.upper()));
        double[] best = {Double.NEGATIVE_INFINITY};
        double[][] point = {null, null};   // G at the best direction, and that direction
        for (int face = 0; face < 2 * n; face++) {
            double[] whole = new double[n - 1];
            java.util.Arrays.fill(whole, 1);
            heap.add(evaluate(face, new double[n - 1], whole, Double.POSITIVE_INFINITY, best, point));
            double[] start = new double[n];
            start[face / 2] = face % 2 == 0 ? 1 : -1;
            climb(v, start, best, point);
        }
        int count = 2 * n;
        int climbed = count;
        while (true) {
            if (count - climbed >= CLIMB_EVERY && point[1] != null) {
                climb(v, point[1], best, point);
                climbed = count;
            }
            double upper = heap.isEmpty() ? best[0] : Math.max(best[0], heap.peek().upper());
            if (point[0] != null && (tau - upper > slack || upper - best[0] <= slack || best[0] > tau)) {
                return new double[][] {{best[0]}, point[0], {upper}};
            }
            if (count >= PATCHES || heap.isEmpty()) {
                if (point[0] == null) {
                    throw new Spent();
                }
                return new double[][] {{best[0]}, point[0], {upper}};
            }
            Patch top = heap.poll();
            int wide = 0;
            for (int m = 1; m < n - 1; m++) {
                wide = top.half()[m] > top.half()[wide] ? m : wide;
            }
            double[] half = top.half().clone();
            half[wide] /= 2;
            for (int side = -1; side <= 1; side += 2) {
                double[] centre = top.centre().clone();
                centre[wide] += side * half[wide];
                Patch child = evaluate(top.face(), centre, half, top.upper(), best, point);
                if (child.upper() > best[0]) {
                    heap.add(child);
                }
                count++;
                if (++spent > WORK) {
                    throw new Spent();
                }
            }
        }
    }

    /** Climbs from {@code start} ({@link SphereAscent}) and keeps the result if it beats {@code best}. */
    private void climb(double[] v, double[] start, double[] best, double[][] point) {
        double[][] top = SphereAscent.climb(a, ts, ws, v, start);
        if (top != null && top[0][0] > best[0]) {
            best[0] = top[0][0];
            point[0] = top[1];
            point[1] = top[2];
        }
    }

    /**
     * A patch with its upper bound (capped by {@code cap}, its parent's); when its centre is strictly
     * inside a cell and G there beats {@code best}, that value, point and direction replace them.
     */
    private Patch evaluate(int face, double[] centre, double[] half, double cap, double[] best, double[][] point) {
        double upper = Math.min(cap, bounds.upper(face, centre, half));
        if (bounds.lower() > best[0]) {
            best[0] = bounds.lower();
            point[0] = bounds.point();
            point[1] = bounds.direction();
        }
        return new Patch(face, centre, half, upper);
    }
}
