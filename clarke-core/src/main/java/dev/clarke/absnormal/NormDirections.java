package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Where a norm's direction u = T·d/‖T·d‖ can point while d stays in one sign pattern's closed cone
 * K_σ, as linear constraints for {@link NormOuterBound}: a polytope around the unit ball
 * ({@link #ballFacets}) and a chord ν·u ≥ μ that keeps u off the origin ({@link #chord}), so the
 * bare piece gradient P_σ is not taken for a limiting gradient. Also the small vector and LP helpers
 * both classes use.
 */
final class NormDirections {

    private NormDirections() {
    }

    /**
     * In two dimensions, the chord that cuts the norm's possible directions u = T·d/‖T·d‖, d in the
     * wedge K_σ, from the origin: the wedge's boundary rays r₁, r₂ map to u₁, u₂, every u lies on
     * the shorter arc between them, and so ν·u ≥ μ with ν = (u₁ + u₂)/‖u₁ + u₂‖ and μ = ν·u₁. Without
     * the cut the polytope would hold u = 0 and with it the bare piece gradient P_σ, which the
     * Clarke gradient need not contain. Returns (ν, μ), or null (more than two dimensions, no kink,
     * or a half-plane, where the chord passes through the origin anyway).
     */
    static double[] chord(List<double[]> cone, double[][] t) {
        if (!cone.isEmpty() && cone.get(0).length != 2) {
            return t.length == 2 ? wedgeChord(cone, t) : cone.get(0).length == 3 ? rayChord(cone, t) : null;
        }
        if (cone.isEmpty()) {
            return null;
        }
        double[] r1 = null;
        double[] r2 = null;
        double widest = -2;
        List<double[]> rays = new ArrayList<>();
        for (double[] c : cone) {
            for (int s = -1; s <= 1; s += 2) {
                double[] r = {-s * c[1], s * c[0]};
                double len = Math.hypot(r[0], r[1]);
                if (len == 0) {
                    continue;
                }
                r[0] /= len;
                r[1] /= len;
                boolean inside = true;
                for (double[] k : cone) {
                    inside &= k[0] * r[0] + k[1] * r[1] >= -1e-12 * Math.hypot(k[0], k[1]);
                }
                if (inside) {
                    rays.add(r);
                }
            }
        }
        for (int i = 0; i < rays.size(); i++) { // the boundary rays are the pair furthest apart
            for (int j = i + 1; j < rays.size(); j++) {
                double cos = -(rays.get(i)[0] * rays.get(j)[0] + rays.get(i)[1] * rays.get(j)[1]);
                if (cos > widest) {
                    widest = cos;
                    r1 = rays.get(i);
                    r2 = rays.get(j);
                }
            }
        }
        if (r1 == null) {
            return null;
        }
        double[] u1 = unitImage(t, r1);
        double[] u2 = unitImage(t, r2);
        if (u1 == null || u2 == null) {
            return null;
        }
        double[] nu = new double[t.length];
        double len = 0;
        for (int i = 0; i < nu.length; i++) {
            nu[i] = u1[i] + u2[i];
            len += nu[i] * nu[i];
        }
        len = Math.sqrt(len);
        if (len < 1e-9) {
            return null;
        }
        double[] out = new double[t.length + 1];
        double mu = 0;
        for (int i = 0; i < nu.length; i++) {
            out[i] = nu[i] / len;
            mu += out[i] * u1[i];
        }
        out[t.length] = mu - 1e-12;
        return out;
    }

    /**
     * The chord for a norm of two rows in any number of inputs: the image cone T·K_σ lies in the
     * plane. An interior direction c = T·e* (e* from an LP with every σ_i·a_i·e ≥ 1) fixes the line
     * c·u = 1, on which the cone is the segment c/‖c‖² + s·c⊥, s from min to max of c⊥·T·e over e in
     * K_σ with c·T·e = 1 (two LPs); its ends are the boundary directions u₁, u₂. Null when the cone
     * has no interior, or is unbounded on that line (a half-plane or more: no cut).
     */
    private static double[] wedgeChord(List<double[]> cone, double[][] t) {
        int n = cone.get(0).length;
        double[] inside = point(cone, null, null);
        if (inside == null) {
            return null;
        }
        double[] c = {dot(t[0], inside), dot(t[1], inside)};
        double cc = c[0] * c[0] + c[1] * c[1];
        if (cc < 1e-18) {
            return null;
        }
        double[] perp = {-c[1], c[0]};
        double[] onLine = new double[n]; // c·T·e as a row over e
        double[] across = new double[n]; // c⊥·T·e
        for (int x = 0; x < n; x++) {
            onLine[x] = c[0] * t[0][x] + c[1] * t[1][x];
            across[x] = perp[0] * t[0][x] + perp[1] * t[1][x];
        }
        double[] lo = point(cone, onLine, scaled(across, -1));
        double[] hi = point(cone, onLine, across);
        if (lo == null || hi == null) {
            return null;
        }
        double[] u1 = unitImage(t, lo);
        double[] u2 = unitImage(t, hi);
        if (u1 == null || u2 == null) {
            return null;
        }
        double[] nu = {u1[0] + u2[0], u1[1] + u2[1]};
        double len = Math.hypot(nu[0], nu[1]);
        if (len < 1e-9) {
            return null;
        }
        nu[0] /= len;
        nu[1] /= len;
        return new double[] {nu[0], nu[1], nu[0] * u1[0] + nu[1] * u1[1] - 1e-9};
    }

    /**
     * The cut for three inputs and a norm of any number of rows: the cell's cone K_σ is generated by
     * its extreme rays r_k (cross products of two constraint normals that satisfy every constraint),
     * so T·K_σ is generated by the T·r_k. With ν the normalised sum of their directions and every
     * ν·T·r_k &gt; 0, the minimum of ν·u over the cone's unit vectors is at an extreme ray (on the
     * section ν·u = 1 the direction's ν-component is 1/‖u‖, least at a vertex), so ν·u ≥ μ =
     * min_k ν·T·r_k/‖T·r_k‖. Null when the cone is not pointed or has no ray with T·r ≠ 0.
     */
    private static double[] rayChord(List<double[]> cone, double[][] t) {
        List<double[]> images = new ArrayList<>();
        int rays = 0;
        for (int i = 0; i < cone.size(); i++) {
            for (int j = i + 1; j < cone.size(); j++) {
                double[] a = cone.get(i);
                double[] b = cone.get(j);
                double[] r = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
                double len = Math.sqrt(dot(r, r));
                if (len < 1e-12) {
                    continue;
                }
                for (int s = -1; s <= 1; s += 2) {
                    boolean in = true;
                    for (double[] c : cone) {
                        in &= s * dot(c, r) >= -1e-12 * len * Math.sqrt(dot(c, c));
                    }
                    if (in) {
                        rays++;
                        double[] u = unitImage(t, scaled(r, s / len));
                        if (u != null) {
                            images.add(u);
                        }
                    }
                }
            }
        }
        if (rays < 2 || images.isEmpty() || cone.size() < 2) {
            return null; // a half-space or a wedge around a line: not pointed
        }
        double[] nu = new double[t.length];
        for (double[] u : images) {
            for (int i = 0; i < nu.length; i++) {
                nu[i] += u[i];
            }
        }
        double len = Math.sqrt(dot(nu, nu));
        if (len < 1e-9) {
            return null;
        }
        double mu = Double.POSITIVE_INFINITY;
        for (double[] u : images) {
            mu = Math.min(mu, dot(nu, u) / len);
        }
        if (!(mu > 0)) {
            return null;
        }
        double[] out = new double[t.length + 1];
        for (int i = 0; i < nu.length; i++) {
            out[i] = nu[i] / len;
        }
        out[t.length] = mu - 1e-9;
        return out;
    }

    /**
     * A point e of the cone {σ_i·a_i·e ≥ 0} by LP: with {@code onLine} null, one with every
     * σ_i·a_i·e ≥ 1 (interior); else one with {@code onLine}·e = 1 maximising {@code objective}·e.
     * Null when infeasible, unbounded, or the solver gives up.
     */
    private static double[] point(List<double[]> cone, double[] onLine, double[] objective) {
        int n = cone.get(0).length;
        List<LinearConstraint> cs = new ArrayList<>();
        for (double[] k : cone) {
            cs.add(new LinearConstraint(k, Relationship.GEQ, onLine == null ? 1 : 0));
        }
        if (onLine != null) {
            cs.add(new LinearConstraint(onLine, Relationship.EQ, 1));
        }
        try {
            double[] x = new SimplexSolver().optimize(new MaxIter(20_000),
                    new LinearObjectiveFunction(free(objective == null ? new double[n] : objective), 0),
                    new LinearConstraintSet(free(cs, n)), GoalType.MAXIMIZE, new NonNegativeConstraint(true)).getPoint();
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = x[i] - x[n + i];
            }
            return e;
        } catch (NoFeasibleSolutionException | org.apache.commons.math3.optim.linear.UnboundedSolutionException
                 | TooManyIterationsException ex) {
            return null;
        }
    }

    /** An objective over e as one over (e⁺, e⁻). */
    private static double[] free(double[] objective) {
        int n = objective.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = objective[i];
            out[n + i] = -objective[i];
        }
        return out;
    }

    private static double[] unitImage(double[][] t, double[] d) {
        double[] u = new double[t.length];
        double len = 0;
        for (int i = 0; i < t.length; i++) {
            u[i] = dot(t[i], d);
            len += u[i] * u[i];
        }
        len = Math.sqrt(len);
        if (len < 1e-12) {
            return null;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] /= len;
        }
        return u;
    }

    /**
     * Unit normals f of a polytope {u : f·u ≤ 1} holding the unit ball of R^r: a regular 64-gon in
     * two dimensions (its vertices within 0.13 % of the circle), else the normalised vectors with
     * entries in {−1, 0, 1} (for r ≤ 4; beyond, those with at most two non-zero entries).
     */
    static List<double[]> ballFacets(int r) {
        List<double[]> out = new ArrayList<>();
        if (r == 2) {
            for (int k = 0; k < 64; k++) {
                double t = 2 * Math.PI * k / 64;
                out.add(new double[] {Math.cos(t), Math.sin(t)});
            }
            return out;
        }
        int[] digits = new int[r];
        long count = 1;
        for (int i = 0; i < r; i++) {
            count *= 3;
        }
        for (long code = 0; code < count && r <= 4; code++) {
            long c = code;
            int nonzero = 0;
            for (int i = 0; i < r; i++) {
                digits[i] = (int) (c % 3) - 1;
                c /= 3;
                nonzero += digits[i] != 0 ? 1 : 0;
            }
            if (nonzero > 0) {
                out.add(normalised(digits));
            }
        }
        for (int i = 0; i < r && r > 4; i++) {
            for (int s = -1; s <= 1; s += 2) {
                int[] d = new int[r];
                d[i] = s;
                out.add(normalised(d));
                for (int k = i + 1; k < r; k++) {
                    for (int s2 = -1; s2 <= 1; s2 += 2) {
                        d[k] = s2;
                        out.add(normalised(d));
                    }
                    d[k] = 0;
                }
            }
        }
        return out;
    }

    private static double[] normalised(int[] d) {
        double norm = 0;
        for (int v : d) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] / norm;
        }
        return out;
    }

    /** Free variables d = d⁺ − d⁻ for the simplex solver's non-negative ones. */
    static List<LinearConstraint> free(List<LinearConstraint> cs, int n) {
        List<LinearConstraint> out = new ArrayList<>();
        for (LinearConstraint c : cs) {
            double[] k = c.getCoefficients().toArray();
            double[] split = new double[2 * n];
            for (int j = 0; j < n; j++) {
                split[j] = k[j];
                split[n + j] = -k[j];
            }
            out.add(new LinearConstraint(split, c.getRelationship(), c.getValue()));
        }
        return out;
    }

    static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int c = 0; c < v.length; c++) {
            out[c] = s * v[c];
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }
}
