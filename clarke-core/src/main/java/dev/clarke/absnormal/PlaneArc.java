package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;

/**
 * One arc of directions in the plane between the kinks' lines â_k·d = 0, with the piece gradient
 * P_σ of its cell (σ read at the arc's middle direction). The arcs of an arrangement with rows run
 * once around the circle, from ray {@code start} at angle {@code from} to ray {@code end} at angle
 * {@code to} (to − from ∈ (0, π]); without rows there is one arc, the whole circle, with g₀.
 *
 * @param piece the cell's piece gradient
 * @param start the arc's first ray, along a kink's line (exact: (−â₁, â₀) or its negative)
 * @param end the arc's last ray
 * @param from the angle of {@code start}
 * @param to the angle of {@code end}, above {@code from}
 */
record PlaneArc(double[] piece, double[] start, double[] end, double from, double to) {

    /** {@return the arcs of the two-input arrangement {@code a}, in increasing angle} */
    static List<PlaneArc> of(Arrangement a) {
        List<PlaneArc> arcs = new ArrayList<>();
        if (a.rows().isEmpty()) {
            arcs.add(new PlaneArc(a.g0(), new double[] {1, 0}, new double[] {1, 0}, 0, 2 * Math.PI));
            return arcs;
        }
        List<double[]> rays = new ArrayList<>();
        for (double[] r : a.rows()) {
            rays.add(new double[] {-r[1], r[0]});
            rays.add(new double[] {r[1], -r[0]});
        }
        rays.sort((p, q) -> Double.compare(Math.atan2(p[1], p[0]), Math.atan2(q[1], q[0])));
        for (int i = 0; i < rays.size(); i++) {
            double[] r1 = rays.get(i);
            double[] r2 = rays.get((i + 1) % rays.size());
            double a1 = Math.atan2(r1[1], r1[0]);
            double a2 = Math.atan2(r2[1], r2[0]) + (i + 1 == rays.size() ? 2 * Math.PI : 0);
            if (a2 - a1 < 1e-12) {
                continue; // two rows on one line
            }
            double mid = (a1 + a2) / 2;
            double[] d = {Math.cos(mid), Math.sin(mid)};
            double[] sigma = new double[a.rows().size()];
            for (int k = 0; k < sigma.length; k++) {
                sigma[k] = Math.signum(Vectors.dot(a.rows().get(k), d));
            }
            arcs.add(new PlaneArc(a.pieceGradient(sigma), r1, r2, a1, a2));
        }
        return arcs;
    }
}
