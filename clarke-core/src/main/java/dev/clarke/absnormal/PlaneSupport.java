package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact decision for two inputs, one Euclidean norm and affine kinks:
 * f̂(d) = g₀·d + Σ_k C_k·|â_k·d| + w·‖T·d‖ on the plane. The kinks' lines cut the plane into
 * wedges (cells); on a cell σ the gradient along direction d is P_σ + w·Tᵀu with u = T·d/‖T·d‖, and u
 * runs over the arc from u₁ to u₂, the images of the cell's boundary rays. The Clarke gradient is the
 * convex hull of these arcs, whose support function is exact:
 * <pre>
 *   h(v) = max_σ [ v·P_σ + w·ext_{u ∈ arc σ} (T·v)·u ]
 * </pre>
 * with the extreme value of a linear function over an arc taken at its endpoints, or at ±T·v/‖T·v‖
 * when that lies on the arc. AD's value a is in the hull iff φ(v) = v·a − h(v) ≤ 0 for every unit v.
 * φ is Lipschitz in the angle of v with constant L = ‖a‖ + max‖g‖ (a support function is Lipschitz
 * with the set's radius), so a branch and bound over angle intervals decides it rigorously: an
 * angle with φ &gt; tol proves a is outside (a separating direction), and φ(mid) + L·width/2 ≤ tol on
 * every interval proves it inside. Only when the bound cannot separate within the subdivision
 * budget (a within about 10⁻⁹·L of the boundary) is there no answer.
 */
final class PlaneSupport {

    /** Interval-cell evaluations the branch and bound may spend before it gives up (4·10⁶ intervals at 4 cells). */
    static final long BUDGET = 16_000_000L;

    /**
     * One cell: its piece gradient P_σ and the arc of the norm's directions over it, from angle
     * {@code from} turning by {@code turn} (signed: T may reverse orientation; |turn| ≤ π).
     */
    private record Cell(double[] piece, double[] u1, double[] u2, double from, double turn) {
    }

    /** The answer: inside, outside, or undecided. */
    enum Side { INSIDE, OUTSIDE, UNDECIDED }

    private final List<Cell> cells = new ArrayList<>();
    private final double w;
    private final double[][] t;
    private final double radius;

    private PlaneSupport(Arrangement a, double[][] t, double w) {
        this.t = t;
        this.w = w;
        double[] gram = Vectors.gram2(t);
        double far = 0;
        for (PlaneArc arc : PlaneArc.of(a)) {
            double mid = (arc.from() + arc.to()) / 2;
            double[] p = arc.piece();
            double[] u1 = Vectors.unit(Vectors.apply(t, arc.start()));
            double[] u2 = Vectors.unit(Vectors.apply(t, arc.end()));
            double[] um = Vectors.unit(Vectors.apply(t, new double[] {Math.cos(mid), Math.sin(mid)}));
            double from = Math.atan2(u1[1], u1[0]);
            double turn = wrap(Math.atan2(um[1], um[0]) - from) + wrap(Math.atan2(u2[1], u2[0]) - Math.atan2(um[1], um[0]));
            cells.add(new Cell(p, u1, u2, from, turn));
            far = Math.max(far, Math.hypot(p[0], p[1]) + Math.abs(w) * Math.sqrt(gram[0] + gram[2]));
        }
        this.radius = far;
    }

    /**
     * Whether {@code ad} lies in the Clarke gradient of the plane model, or null when the model is
     * not of this form (other than two inputs, one norm of rank 2, at least one kink).
     *
     * @param a the kinks' arrangement (affine kinks, merged)
     * @param t the norm's Jacobian T (rank 2)
     * @param w its weight
     * @param ad the value tested
     * @param tol the tolerance, relative to the Lipschitz constant (at least 1)
     * @return the side, or null
     */
    static Side decide(Arrangement a, double[][] t, double w, double[] ad, double tol) {
        if (ad.length != 2 || a.rows().isEmpty() || ExactRank.rank(t) != 2) {
            return null;
        }
        return new PlaneSupport(a, t.length == 2 ? t : square(t), w).side(ad, tol);
    }

    /**
     * A 2 × 2 R with RᵀR = TᵀT (Cholesky) for a rank-2 T of more than two rows: ‖T·d‖ = ‖R·d‖ for
     * every d, so the norm, its gradient w·TᵀT·d/‖T·d‖ and the arcs are the same with R.
     */
    static double[][] square(double[][] t) {
        double[] m = Vectors.gram2(t);
        double r00 = Math.sqrt(m[0]);
        double r01 = m[1] / r00;
        return new double[][] {{r00, r01}, {0, Math.sqrt(Math.max(0, m[2] - r01 * r01))}};
    }

    private Side side(double[] ad, double relTol) {
        double lip = Math.hypot(ad[0], ad[1]) + radius;
        double tol = relTol * Math.max(1, lip);
        List<double[]> points = arcPoints();
        if (Realisability.inHull(points, ad, Certifier.tolerance(points, ad))) {
            return Side.INSIDE; // on a vertex or a chord, where the bound below would subdivide forever
        }
        java.util.ArrayDeque<double[]> todo = new java.util.ArrayDeque<>();
        int pieces = 64;
        for (int i = 0; i < pieces; i++) {
            todo.add(new double[] {2 * Math.PI * i / pieces, 2 * Math.PI * (i + 1) / pieces});
        }
        long examined = 0;
        while (!todo.isEmpty()) {
            double[] iv = todo.pop();
            double mid = (iv[0] + iv[1]) / 2;
            double phi = phi(ad, mid);
            if (phi > tol) {
                return Side.OUTSIDE;
            }
            if (phi + lip * (iv[1] - iv[0]) / 2 <= tol) {
                continue;
            }
            if (++examined * cells.size() > BUDGET) {
                return Side.UNDECIDED;
            }
            todo.push(new double[] {mid, iv[1]});
            todo.push(new double[] {iv[0], mid});
        }
        return Side.INSIDE;
    }

    /** Points of the cells' arcs, exact limiting gradients P_σ + w·Tᵀu: both ends and 16 between, per cell. */
    private List<double[]> arcPoints() {
        List<double[]> out = new ArrayList<>();
        for (Cell c : cells) {
            for (int k = 0; k <= ARC_POINTS; k++) {
                double angle = c.from() + c.turn() * k / ARC_POINTS;
                double[] u = k == 0 ? c.u1() : k == ARC_POINTS ? c.u2() : new double[] {Math.cos(angle), Math.sin(angle)};
                double[] g = c.piece().clone();
                for (int i = 0; i < t.length; i++) {
                    g[0] += w * t[i][0] * u[i];
                    g[1] += w * t[i][1] * u[i];
                }
                out.add(g);
            }
        }
        return out;
    }

    private static final int ARC_POINTS = 17;

    /** φ(v) = v·a − h(v) at the angle θ of v. */
    private double phi(double[] ad, double theta) {
        double[] v = {Math.cos(theta), Math.sin(theta)};
        double[] tv = Vectors.apply(t, v); // the norm's gradient w·Tᵀu pairs with v as w·(T·v)·u
        double h = Double.NEGATIVE_INFINITY;
        for (Cell c : cells) {
            double e1 = Vectors.dot(tv, c.u1());
            double e2 = Vectors.dot(tv, c.u2());
            double ext = w > 0 ? Math.max(e1, e2) : Math.min(e1, e2);
            double len = Math.sqrt(Vectors.dot(tv, tv));
            if (len > 0) {
                double[] toward = Vectors.scaled(tv, (w > 0 ? 1 : -1) / len);
                if (onArc(toward, c)) {
                    ext = w > 0 ? len : -len;
                }
            }
            h = Math.max(h, v[0] * c.piece()[0] + v[1] * c.piece()[1] + w * ext);
        }
        return v[0] * ad[0] + v[1] * ad[1] - h;
    }

    /** Whether unit x lies on the cell's arc: its angle, measured from the arc's start the way the arc turns, is within the turn. */
    private static boolean onArc(double[] x, Cell c) {
        double along = Math.atan2(x[1], x[0]) - c.from();
        along = c.turn() >= 0 ? along : -along;
        along = ((along % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        return along <= Math.abs(c.turn());
    }

    /** An angle difference in (−π, π]. */
    private static double wrap(double a) {
        double r = ((a + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
        return r == -Math.PI ? Math.PI : r;
    }
}
