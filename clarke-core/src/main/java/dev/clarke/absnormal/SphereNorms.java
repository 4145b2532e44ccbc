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
 * faces of the cube [−1, 1]^n: a patch is a box of half-side s in the n − 1 free coordinates of a
 * face (p_i = ±1), its directions d = p/‖p‖. Its lower bound is exact: G at its centre c when c is
 * strictly inside a cell (every |â_k·c| > 10⁻¹²), and that G joins the hull. Its upper bound:
 * <ul>
 *   <li><i>Geodesic radius.</i> Any p of the patch has ‖p − p_c‖ ≤ s·√(n − 1), and the distance from
 *       p_c to the line through p is ‖p_c‖·sin θ ≤ ‖p − p_c‖, θ the angle between them; p·p_c ≥ 1
 *       (a child box's coordinates keep the sign of its centre's), so θ < π/2 and
 *       θ ≤ R = asin(min(1, s·√(n − 1)/‖p_c‖)).</li>
 *   <li><i>Norms.</i> F_j(d) = w_j·(T_j·v)·u_j(d) is homogeneous of degree 0 with gradient
 *       w_j·T_jᵀ(I − u_ju_jᵀ)T_j·v/‖T_j·d‖, tangent to the sphere. Along a unit-speed great circle
 *       d(t) = cos t·c + sin t·e, q = T_j·d has q″ = −q; with ρ = ‖q‖ and q′ = ρ′u + p', p' ⊥ u,
 *       u′ = p'/ρ (so |u′| ≤ σ_max/σ_min = κ_j: u_j is κ_j-Lipschitz on the sphere) and u″ = −(‖p'‖²·u + 2ρ′·p')/ρ² (the terms in u from q″ = −q and from ρ″ cancel),
 *       so |u″|² = ‖p'‖²(‖p'‖² + 4ρ′²)/ρ⁴ ≤ (4/3)·‖q′‖⁴/ρ⁴ (the maximum of a(4Q − 3a) over
 *       a = ‖p'‖² ≤ Q = ‖q′‖² is 4Q²/3). On the patch's great circles from c, within angle R,
 *       ‖q′‖ ≤ σ_max and ρ ≥ max(σ_min, ‖T_j·c‖ − σ_max·R) (‖d − c‖ ≤ R), so |u″| ≤ (2/√3)·σ_max²/ρ_min²
 *       (globally (2/√3)·κ_j², below the 1 + 3κ_j² of {@link PlaneNorms}). So F = Σ F_j satisfies
 *       F(d) ≤ F(c) + ‖∇F(c)‖·θ + M·θ²/2 with M = Σ_j |w_j|·‖T_j·v‖·(2/√3)·σ_max,j²/ρ_min,j², θ ≤ R.</li>
 *   <li><i>Kinks.</i> â_k·p is affine on the box, within ±s·Σ_{m≠i}|â_k,m| of its centre value: where
 *       that interval excludes 0 the sign σ_k is fixed, else the patch straddles the hyperplane and
 *       σ_k takes the better sign, v·P_σ ≤ v·g₀ + Σ_fixed σ_k·C_k·(v·â_k) + Σ_straddling |C_k·(v·â_k)|
 *       (a superset of the sign choices that occur, shrinking with the patch).</li>
 * </ul>
 * The slack terms are multiplied by 1 + 10⁻⁹ and 10⁻¹² of the sum of the terms' magnitudes is added,
 * covering rounding. The patch with the largest upper bound is split into 2^(n−1) halves (a child's
 * bound is also capped by its parent's) until the bracket is within n·tol, separates AD's value a
 * (v·a − upper &gt; n·tol), or its best point p lies beyond v·a (v·p &gt; v·a: v no longer separates
 * the hull's points from a, and p cuts it off); or at {@link #PATCHES} patches. The best point is
 * sought also by climbing ({@link SphereAscent}) from the faces' centres and, every
 * {@link #CLIMB_EVERY} patches, from the best direction so far, so that p is usually near a
 * maximiser of v·G (Kelley's method wants maximisers; any point of the set is sound).
 * {@link CuttingPlanes} adds the best points and separates only with the upper bound, so the answer
 * is inside, outside, or undecided (a value within about the bracket of the boundary, more than
 * {@link #WORK} patches or {@link #CALLS} support values in all: the work budget).
 */
final class SphereNorms {

    /** At most this many inputs (a patch has 2^(n−1) children). */
    static final int MAX_INPUTS = 6;
    /** Patches evaluated for one value of the support function. */
    static final int PATCHES = 200_000;
    /** Patches evaluated for one decision, over all its cutting planes. */
    static final int WORK = 2_000_000;
    /** Values of the support function for one decision (each one more row in the cutting planes' LP). */
    static final int CALLS = 200;
    /** Patches between two climbs from the best direction found. */
    static final int CLIMB_EVERY = 4096;
    /** 2/√3, rounded up: |u″| ≤ (2/√3)·‖q′‖²/‖q‖² along a great circle. */
    private static final double BEND = 2 / Math.sqrt(3) * (1 + 1e-12);
    /** Norms worse conditioned than this are not bracketed (the curvature bound would be useless). */
    static final double MAX_CONDITION = 1e6;

    private static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Spent() {
            super(null, null, false, false);
        }
    }

    /** A box of half-side {@code half} around {@code centre} on face {@code face} (axis face/2, sign ±). */
    private record Patch(int face, double[] centre, double half, double upper) {
    }

    private final Arrangement a;
    private final List<double[][]> ts;
    private final double[] ws;
    private final double[] sigmaMax;    // σ_max of T_j, rounded up
    private final double[] sigmaMin;    // σ_min of T_j, rounded down
    private final double[][] spread;    // Σ_{m≠i}|â_k,m| per kink k and axis i
    private final double[] ad;
    private final double slack;
    private final int n;
    private long spent;
    private int calls;
    // per value of v:
    private double base;
    private double[] kink;
    private double[][] tv;
    private double[] reach;             // |w_j|·‖T_j·v‖
    private double magnitude;

    private SphereNorms(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol, double[][] sigma) {
        this.a = a;
        this.ts = ts;
        this.ws = ws.stream().mapToDouble(Double::doubleValue).toArray();
        this.ad = ad;
        this.n = ad.length;
        this.slack = n * tol;
        this.sigmaMax = sigma[0];
        this.sigmaMin = sigma[1];
        this.spread = new double[a.rows().size()][n];
        for (int k = 0; k < spread.length; k++) {
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < n; m++) {
                    spread[k][i] += m == i ? 0 : Math.abs(a.rows().get(k)[m]);
                }
            }
        }
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
            return "work budget: the sphere's branch and bound (2^(n−1) children a patch) runs for at most " + MAX_INPUTS
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
        prepare(v);
        double tau = Vectors.dot(v, ad);
        PriorityQueue<Patch> heap = new PriorityQueue<>((p, q) -> Double.compare(q.upper(), p.upper()));
        double[] best = {Double.NEGATIVE_INFINITY};
        double[][] point = {null, null};   // G at the best direction, and that direction
        for (int face = 0; face < 2 * n; face++) {
            heap.add(evaluate(face, new double[n - 1], 1, Double.POSITIVE_INFINITY, best, point));
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
            double half = top.half() / 2;
            for (int mask = 0; mask < 1 << (n - 1); mask++) {
                double[] centre = top.centre().clone();
                for (int m = 0; m < n - 1; m++) {
                    centre[m] += (mask >> m & 1) == 0 ? -half : half;
                }
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

    /** The terms of the bounds that depend only on v. */
    private void prepare(double[] v) {
        base = Vectors.dot(v, a.g0());
        magnitude = Math.abs(base);
        kink = new double[a.rows().size()];
        for (int k = 0; k < kink.length; k++) {
            kink[k] = a.coef().get(k) * Vectors.dot(v, a.rows().get(k));
            magnitude += Math.abs(kink[k]);
        }
        tv = new double[ts.size()][];
        reach = new double[ts.size()];
        for (int j = 0; j < ts.size(); j++) {
            tv[j] = Vectors.apply(ts.get(j), v);
            reach[j] = Math.abs(ws[j]) * Math.sqrt(Vectors.dot(tv[j], tv[j]));
            magnitude += reach[j];
        }
    }

    /**
     * Bounds v·G over one patch: its upper bound (capped by {@code cap}, its parent's); when its
     * centre is strictly inside a cell and G there beats {@code best}, that value and point replace them.
     */
    private Patch evaluate(int face, double[] centre, double half, double cap, double[] best, double[][] point) {
        int axis = face / 2;
        double[] p = new double[n];
        p[axis] = face % 2 == 0 ? 1 : -1;
        for (int m = 0, c = 0; m < n; m++) {
            if (m != axis) {
                p[m] = centre[c++];
            }
        }
        double length = Math.sqrt(Vectors.dot(p, p));
        double[] d = Vectors.scaled(p, 1 / length);
        double upper = base;
        double lower = base;
        boolean inCell = true;
        double[] sigma = new double[kink.length];
        for (int k = 0; k < kink.length; k++) {
            double side = Vectors.dot(a.rows().get(k), p);
            sigma[k] = Math.signum(side);
            upper += Math.abs(side) > half * spread[k][axis] * (1 + 1e-12) ? sigma[k] * kink[k] : Math.abs(kink[k]);
            inCell &= Math.abs(side) > 1e-12 * length;
            lower += sigma[k] * kink[k];
        }
        double radius = Math.asin(Math.min(1, half * Math.sqrt(n - 1) / length)) * (1 + 1e-9);
        double value = 0;
        double bendM = 0;
        double[] grad = new double[n];
        for (int j = 0; j < ts.size(); j++) {
            double[][] t = ts.get(j);
            double[] q = Vectors.apply(t, d);
            double rho = Math.sqrt(Vectors.dot(q, q));
            double along = Vectors.dot(q, tv[j]) / rho;
            value += ws[j] * along;
            double near = Math.max(sigmaMin[j], rho - sigmaMax[j] * radius) * (1 - 1e-9);   // ‖T_j·d‖ within angle R
            bendM += reach[j] * BEND * sigmaMax[j] * sigmaMax[j] / (near * near);
            for (int r = 0; r < t.length; r++) {
                double c = ws[j] * (tv[j][r] - q[r] / rho * along) / rho;
                for (int x = 0; x < n; x++) {
                    grad[x] += c * t[r][x];
                }
            }
        }
        double bend = (Math.sqrt(Vectors.dot(grad, grad)) * radius + bendM * radius * radius / 2) * (1 + 1e-9);
        upper = Math.min(cap, upper + value + bend + 1e-12 * magnitude);
        if (inCell && lower + value > best[0]) {
            best[0] = lower + value;
            double[] g = a.pieceGradient(sigma);
            for (int j = 0; j < ts.size(); j++) {
                Vectors.addNormGradient(g, ts.get(j), ws[j], d);
            }
            point[0] = g;
            point[1] = d;
        }
        return new Patch(face, centre, half, upper);
    }
}
