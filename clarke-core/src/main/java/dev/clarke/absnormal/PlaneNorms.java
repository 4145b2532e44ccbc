package dev.clarke.absnormal;

import java.util.ArrayList;
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

    private record Cell(double[] piece, double from, double to) {
    }

    private final List<Cell> cells = new ArrayList<>();
    private final List<double[][]> ts;
    private final List<Double> ws;
    private final double[] curvature;   // 1 + 3κ_j²

    private PlaneNorms(Arrangement a, List<double[][]> ts, List<Double> ws) {
        this.ts = ts;
        this.ws = ws;
        this.curvature = new double[ts.size()];
        for (int j = 0; j < ts.size(); j++) {
            double m00 = 0;
            double m01 = 0;
            double m11 = 0;
            for (double[] row : ts.get(j)) {
                m00 += row[0] * row[0];
                m01 += row[0] * row[1];
                m11 += row[1] * row[1];
            }
            double mean = (m00 + m11) / 2;
            double spread = Math.sqrt((m00 - m11) * (m00 - m11) / 4 + m01 * m01);
            double kappa2 = (mean + spread) / Math.max(mean - spread, Double.MIN_NORMAL);
            curvature[j] = 1 + 3 * kappa2 * (1 + 1e-9);
        }
        List<Double> cuts = new ArrayList<>();
        for (double[] r : a.rows()) {
            double angle = Math.atan2(r[0], -r[1]);   // a direction along the line â·d = 0
            cuts.add(wrap(angle));
            cuts.add(wrap(angle + Math.PI));
        }
        cuts.sort(Double::compare);
        if (cuts.isEmpty()) {
            cells.add(new Cell(a.g0(), 0, 2 * Math.PI));
            return;
        }
        for (int i = 0; i < cuts.size(); i++) {
            double from = cuts.get(i);
            double to = i + 1 < cuts.size() ? cuts.get(i + 1) : cuts.get(0) + 2 * Math.PI;
            if (to - from < 1e-12) {
                continue;
            }
            double mid = (from + to) / 2;
            double[] d = {Math.cos(mid), Math.sin(mid)};
            double[] sigma = new double[a.rows().size()];
            for (int k = 0; k < sigma.length; k++) {
                sigma[k] = Math.signum(Vectors.dot(a.rows().get(k), d));
            }
            cells.add(new Cell(a.pieceGradient(sigma), from, to));
        }
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
            double[] tv = apply(ts.get(j), v[0], v[1]);
            m += Math.abs(ws.get(j)) * Math.sqrt(Vectors.dot(tv, tv)) * curvature[j];
        }
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = null;
        double upper = Double.NEGATIVE_INFINITY;
        for (Cell c : cells) {
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

    /** G(θ) on cell c: P_σ + Σ w_j·T_jᵀq/|q| at q = T_j·(cos θ, sin θ) (the limit from inside at an end). */
    private double[] gradient(Cell c, double theta) {
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double[] g = c.piece().clone();
        for (int j = 0; j < ts.size(); j++) {
            double[][] t = ts.get(j);
            double[] q = apply(t, cos, sin);
            double len = Math.sqrt(Vectors.dot(q, q));
            for (int i = 0; i < t.length; i++) {
                g[0] += ws.get(j) * q[i] / len * t[i][0];
                g[1] += ws.get(j) * q[i] / len * t[i][1];
            }
        }
        return g;
    }

    private static double wrap(double angle) {
        double r = angle % (2 * Math.PI);
        return r < 0 ? r + 2 * Math.PI : r;
    }

    private static double[] apply(double[][] t, double x, double y) {
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i][0] * x + t[i][1] * y;
        }
        return out;
    }
}
