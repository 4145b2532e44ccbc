package dev.clarke.absnormal;

import java.util.List;

/**
 * Two inputs, several Euclidean norms of rank 2 with weights of any sign, and affine kinks:
 * f̂(d) = g₀·d + Σ_k C_k·|â_k·d| + Σ_j w_j·‖T_j·d‖. The kinks' lines cut the circle of directions
 * into arcs (cells); along direction θ inside a cell the model's gradient is
 * G(θ) = P_σ + Σ_j w_j·T_jᵀu_j(θ), u_j = q_j/|q_j| with q_j = T_j·(cos θ, sin θ), a limiting
 * gradient of f (affine kinks; ker T_j = {0}, so the directions of the norms' arguments converge
 * whatever their curvature), and the Clarke gradient is the hull of these curves (with their ends).
 *
 * <p>The support function h(v) = max_θ φ(θ), φ = G(θ)·v, is bracketed on a grid of each cell: the
 * grid's best point is an exact element, and since q″ = −q, |u′| ≤ |q′|/|q| ≤ κ_j and
 * |u″| ≤ 1 + 3κ_j² (κ_j = σ_max/σ_min of T_j), so |φ″| ≤ M = Σ |w_j|·‖T_j·v‖·(1 + 3κ_j²) and on a grid
 * step of width s, φ exceeds the larger end value by at most M·s²/8. {@link CuttingPlanes} adds the
 * grid's best points and separates only with the bracket's top, so a value within about M·s²/8 of
 * the boundary is left undecided (the work budget).
 */
final class PlaneNorms {

    /** Grid steps per cell. */
    static final int STEPS = 2048;

    private final List<PlaneArc> cells;
    private final List<double[][]> ts;
    private final List<Double> ws;
    private final double[] curvature;   // 1 + 3κ_j²

    private PlaneNorms(Arrangement a, List<double[][]> ts, List<Double> ws) {
        this.ts = ts;
        this.ws = ws;
        this.curvature = new double[ts.size()];
        for (int j = 0; j < ts.size(); j++) {
            curvature[j] = curvature(ts.get(j));
        }
        this.cells = PlaneArc.of(a);
    }

    /** {λ_max, λ_min} of TᵀT for a T of two columns: σ_max² and σ_min² of T. */
    static double[] eigen(double[][] t) {
        double[] m = Vectors.gram2(t);
        double mean = (m[0] + m[2]) / 2;
        double spread = Math.sqrt((m[0] - m[2]) * (m[0] - m[2]) / 4 + m[1] * m[1]);
        return new double[] {mean + spread, mean - spread};
    }

    /** The bound 1 + 3κ² of |u″| along the circle for u = T·d/‖T·d‖ (κ = σ_max/σ_min), rounded up. */
    static double curvature(double[][] t) {
        double[] e = eigen(t);
        return 1 + 3 * e[0] / Math.max(e[1], Double.MIN_NORMAL) * (1 + 1e-9);
    }

    /**
     * Decides {@code ad} against the Clarke gradient of the plane model.
     *
     * @param a the kinks' arrangement (affine, merged, none nested)
     * @param ts the norms' Jacobians, each of rank 2 over the two inputs
     * @param ws their weights
     * @param ad the value tested
     * @param tol the tolerance per coordinate
     * @return inside, outside or undecided
     */
    static CuttingPlanes.Answer decide(Arrangement a, List<double[][]> ts, List<Double> ws, double[] ad, double tol) {
        return CuttingPlanes.decide(new PlaneNorms(a, ts, ws)::support, ad, tol);
    }

    /** {{the grid's best value}, its point, {an upper bound of h(v)}}. */
    private double[][] support(double[] v) {
        double m = 0;
        for (int j = 0; j < ts.size(); j++) {
            double[] tv = Vectors.apply(ts.get(j), v);
            m += Math.abs(ws.get(j)) * Math.sqrt(Vectors.dot(tv, tv)) * curvature[j];
        }
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = null;
        double upper = Double.NEGATIVE_INFINITY;
        for (PlaneArc c : cells) {
            double step = (c.to() - c.from()) / STEPS;
            double slack = m * step * step / 8;
            double previous = Double.NaN;
            for (int i = 0; i <= STEPS; i++) {
                double[] g = gradient(c, i == STEPS ? c.to() : c.from() + i * step);
                double h = Vectors.dot(v, g);
                if (h > best) {
                    best = h;
                    arg = g;
                }
                if (i > 0) {
                    upper = Math.max(upper, Math.max(previous, h) + slack);
                }
                previous = h;
            }
        }
        return new double[][] {{best}, arg, {upper}};
    }

    /** G(θ) on arc c: P_σ + Σ w_j·T_jᵀq/|q| at q = T_j·(cos θ, sin θ) (the limit from inside at an end). */
    private double[] gradient(PlaneArc c, double theta) {
        double[] d = {Math.cos(theta), Math.sin(theta)};
        double[] g = c.piece().clone();
        for (int j = 0; j < ts.size(); j++) {
            Vectors.addNormGradient(g, ts.get(j), ws.get(j), d);
        }
        return g;
    }
}
