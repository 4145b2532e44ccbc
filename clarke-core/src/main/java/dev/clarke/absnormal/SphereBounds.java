package dev.clarke.absnormal;

import java.util.List;

/**
 * The bounds {@link SphereNorms}' branch and bound puts on F(d) = v·G(d) over one patch of the sphere,
 * G(d) = P_σ(d) + Σ_j w_j·T_jᵀu_j(d) the model's gradient along d and u_j(d) = T_j·d/‖T_j·d‖. The
 * sphere is seen through the 2n faces of the cube [−1, 1]^n: a patch is a box of half-sides s_m in
 * the n − 1 free coordinates of a face (p_i = ±1), its directions d = p/‖p‖. Its lower bound is
 * exact: F at its centre c when c is strictly inside a cell (every |â_k·c| &gt; 10⁻¹²), where G is a
 * limiting gradient. Its upper bound:
 * <ul>
 *   <li><i>Geodesic radius.</i> Any p of the patch has ‖p − p_c‖ ≤ ‖s‖ = √(Σ s_m²), and the distance
 *       from p_c to the line through p is ‖p_c‖·sin θ ≤ ‖p − p_c‖, θ the angle between them;
 *       p·p_c ≥ 1 (a box halved from [−1, 1]^(n−1) keeps each coordinate on its centre's side of 0),
 *       so θ < π/2 and θ ≤ R = asin(min(1, ‖s‖/‖p_c‖)).</li>
 *   <li><i>Norms.</i> F_j(d) = w_j·(T_j·v)·u_j(d) is homogeneous of degree 0 with gradient
 *       w_j·T_jᵀ(I − u_ju_jᵀ)T_j·v/‖T_j·d‖, tangent to the sphere. Along a unit-speed great circle
 *       d(t) = cos t·c + sin t·e, q = T_j·d has q″ = −q; with ρ = ‖q‖ and q′ = ρ′u + p', p' ⊥ u,
 *       u′ = p'/ρ (so |u′| ≤ σ_max/σ_min = κ_j: u_j is κ_j-Lipschitz on the sphere) and
 *       u″ = −(‖p'‖²·u + 2ρ′·p')/ρ² (the terms in u from q″ = −q and from ρ″ cancel), so
 *       |u″|² = ‖p'‖²(‖p'‖² + 4ρ′²)/ρ⁴ ≤ (4/3)·‖q′‖⁴/ρ⁴ (the maximum of a(4Q − 3a) over
 *       a = ‖p'‖² ≤ Q = ‖q′‖² is 4Q²/3). On the patch's great circles from c, within angle R,
 *       ‖q′‖ ≤ σ_max and ρ ≥ max(σ_min, ‖T_j·c‖ − σ_max·R) (‖d − c‖ ≤ R), so |u″| ≤ (2/√3)·σ_max²/ρ_min²
 *       (globally (2/√3)·κ_j², below the 1 + 3κ_j² of {@link PlaneNorms}). So F = Σ F_j satisfies
 *       F(d) ≤ F(c) + ‖∇F(c)‖·θ + M·θ²/2 with M = Σ_j |w_j|·‖T_j·v‖·(2/√3)·σ_max,j²/ρ_min,j², θ ≤ R.
 *       Also, u_j stays within the angle β_j = σ_max·R/ρ_min of u_j(c) (the length of its path), so
 *       F_j ≤ |w_j|·‖T_j·v‖·cos(max(0, α_j − β_j)), α_j the angle between sign(w_j)·T_j·v and u_j(c);
 *       the smaller of the two bounds is used (the second wins on wide patches).</li>
 *   <li><i>Kinks.</i> â_k·p is affine on the box, within ±Σ_{m≠i}|â_k,m|·s_m of its centre value: where
 *       that interval excludes 0 the sign σ_k is fixed, else the patch straddles the hyperplane and
 *       σ_k takes the better sign, v·P_σ ≤ v·g₀ + Σ_fixed σ_k·C_k·(v·â_k) + Σ_straddling |C_k·(v·â_k)|
 *       (a superset of the sign choices that occur, shrinking with the patch).</li>
 * </ul>
 * The slack terms are multiplied by 1 + 10⁻⁹ and 10⁻¹² of the sum of the terms' magnitudes is added,
 * covering rounding (10⁻⁷ is taken off α_j for acos).
 */
final class SphereBounds {

    /** 2/√3, rounded up: |u″| ≤ (2/√3)·‖q′‖²/‖q‖² along a great circle. */
    private static final double BEND = 2 / Math.sqrt(3) * (1 + 1e-12);

    private final Arrangement a;
    private final List<double[][]> ts;
    private final double[] ws;
    private final double[] sigmaMax;    // σ_max of T_j, rounded up
    private final double[] sigmaMin;    // σ_min of T_j, rounded down
    private final int n;
    // per value of v:
    private double base;
    private double[] kink;
    private double[][] tv;
    private double[] reach;             // |w_j|·‖T_j·v‖
    private double magnitude;
    // per patch:
    private double lower;
    private double[] direction;
    private double[] sigma;

    /**
     * The bounds for one model.
     *
     * @param a the kinks' arrangement (affine, merged)
     * @param ts the norms' Jacobians, of full column rank
     * @param ws their weights
     * @param sigmaMax each T_j's largest singular value, rounded up
     * @param sigmaMin each T_j's smallest singular value, rounded down
     */
    SphereBounds(Arrangement a, List<double[][]> ts, double[] ws, double[] sigmaMax, double[] sigmaMin) {
        this.a = a;
        this.ts = ts;
        this.ws = ws;
        this.sigmaMax = sigmaMax;
        this.sigmaMin = sigmaMin;
        this.n = a.g0().length;
    }

    /**
     * Sets v: the terms of the bounds that depend only on it.
     *
     * @param v the direction of the support function
     */
    void prepare(double[] v) {
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
     * The point of the cube's face {@code face} (axis face/2, sign + for even faces) whose other
     * coordinates are {@code centre}: a patch's centre before it is projected onto the sphere.
     *
     * @param face the face
     * @param centre the other n − 1 coordinates
     * @param n the dimension
     * @return the point, of length at least 1
     */
    static double[] onFace(int face, double[] centre, int n) {
        int axis = face / 2;
        double[] p = new double[n];
        p[axis] = face % 2 == 0 ? 1 : -1;
        for (int m = 0, c = 0; m < n; m++) {
            if (m != axis) {
                p[m] = centre[c++];
            }
        }
        return p;
    }

    /**
     * The upper bound of F over one patch, for the v last {@link #prepare prepared}; afterwards
     * {@link #lower()} is F at the patch's centre, or −∞ when that is not strictly inside a cell.
     *
     * @param face the cube's face: axis face/2, sign + for even faces
     * @param centre the box's centre in the face's other coordinates
     * @param half the box's half-sides
     * @return the upper bound
     */
    double upper(int face, double[] centre, double[] half) {
        int axis = face / 2;
        double[] p = onFace(face, centre, n);
        double length = Math.sqrt(Vectors.dot(p, p));
        double[] d = Vectors.scaled(p, 1 / length);
        double upper = base;
        double lower = base;
        boolean inCell = true;
        double[] sigma = new double[kink.length];
        for (int k = 0; k < kink.length; k++) {
            double[] row = a.rows().get(k);
            double side = Vectors.dot(row, p);
            double spread = 0;   // Σ_{m≠i} |â_k,m|·s_m: how far â_k·p moves over the box
            for (int m = 0, c = 0; m < n; m++) {
                spread += m == axis ? 0 : Math.abs(row[m]) * half[c++];
            }
            sigma[k] = Math.signum(side);
            upper += Math.abs(side) > spread * (1 + 1e-12) ? sigma[k] * kink[k] : Math.abs(kink[k]);
            inCell &= Math.abs(side) > 1e-12 * length;
            lower += sigma[k] * kink[k];
        }
        double radius = Math.asin(Math.min(1, Math.sqrt(Vectors.dot(half, half)) / length)) * (1 + 1e-9);
        double value = 0;
        double bendM = 0;
        double caps = 0;
        double[] grad = new double[n];
        for (int j = 0; j < ts.size(); j++) {
            double[][] t = ts.get(j);
            double[] q = Vectors.apply(t, d);
            double rho = Math.sqrt(Vectors.dot(q, q));
            double along = Vectors.dot(q, tv[j]) / rho;
            value += ws[j] * along;
            double near = Math.max(sigmaMin[j], rho - sigmaMax[j] * radius) * (1 - 1e-9);   // ‖T_j·d‖ within angle R
            bendM += reach[j] * BEND * sigmaMax[j] * sigmaMax[j] / (near * near);
            double angle = reach[j] == 0 ? 0 : Math.acos(Math.max(-1, Math.min(1, ws[j] * along / reach[j])));
            caps += reach[j] * Math.cos(Math.max(0, angle - sigmaMax[j] * radius / near - 1e-7));
            for (int r = 0; r < t.length; r++) {
                double c = ws[j] * (tv[j][r] - q[r] / rho * along) / rho;
                for (int x = 0; x < n; x++) {
                    grad[x] += c * t[r][x];
                }
            }
        }
        double bend = (Math.sqrt(Vectors.dot(grad, grad)) * radius + bendM * radius * radius / 2) * (1 + 1e-9);
        this.lower = inCell ? lower + value : Double.NEGATIVE_INFINITY;
        this.direction = d;
        this.sigma = sigma;
        return upper + Math.min(value + bend, caps) + 1e-12 * magnitude;
    }

    /** {@return F at the last patch's centre, or −∞ when it is not strictly inside a cell} */
    double lower() {
        return lower;
    }

    /** {@return the last patch's centre, a unit direction} */
    double[] direction() {
        return direction;
    }

    /** {@return G at the last patch's centre: P_σ + Σ_j w_j·T_jᵀu_j, a limiting gradient when {@link #lower()} is finite} */
    double[] point() {
        double[] g = a.pieceGradient(sigma);
        for (int j = 0; j < ts.size(); j++) {
            Vectors.addNormGradient(g, ts.get(j), ws[j], direction);
        }
        return g;
    }
}
