package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two inputs, norms at 0 of rank 2 inside (and beside) exact kinks: the support function of the
 * Clarke gradient bracketed on a grid of the circle of directions, for {@link CuttingPlanes}, where
 * {@link NormsInKinks}' inner hull and outer bound leave a value undecided.
 *
 * <p>Along θ, d = (cos θ, sin θ), each active kink's argument z_i(θ) (the recursion's value, a norm's
 * |z| being ‖T·d‖) is Lipschitz with a constant Λ_i: ‖Z_i‖ plus Σ_j |L_ij|·Λ_j, a norm's Λ being
 * σ_max(T) since |d/dθ ‖T·d‖| ≤ ‖T·d′‖. Between grid points θ_k, θ_{k+1} (step s) a kink keeps the
 * sign it has at both ends when |z_i(θ_k)| + |z_i(θ_{k+1})| &gt; Λ_i·s (it cannot reach 0 and come back
 * in between); otherwise both signs are allowed there. For a fixed sign pattern σ the model's
 * gradient G_σ(θ) = P_σ + Σ_j W_σj·T_jᵀu_j(θ) (W_σj the norm's total weight under σ) is smooth, and
 * φ = v·G_σ has |φ″| ≤ M_σ = Σ_j |W_σj|·‖T_j·v‖·(1 + 3κ_j²) (as in {@link PlaneNorms}), so on a
 * step φ exceeds its larger end value by at most M_σ·s²/8. The upper bound of h(v) is the largest
 * of these over every step and every pattern allowed on it; the lower bound is the best G at a grid
 * point off every kink (a limiting gradient: the point lies inside one cell) or at a cell's edge,
 * found by bisection between a grid point inside the cell and one outside (the limit of the cell's
 * gradients there).
 */
final class PlaneKinkedNorms {

    /** Grid steps around the circle. */
    static final int STEPS = 4096;
    /** At most this many active kinks (2^k sign patterns, each a curve of the grid). */
    static final int KINKS = 4;
    /** At most this many switching variables (each grid point is a forward pass of O(s²)). */
    static final int SWITCHING = 64;

    private final AbsNormalForm f;
    private final Map<Integer, EuclideanNorm> norms;
    private final int[] kinks;                // the active kinks (not norms)
    private final double[][] args;            // per grid point, each active kink's argument
    private final int[][] allowed;            // per step, per active kink: +1, −1, or 0 (both)
    private final double[] curvature;         // per switching variable: 1 + 3κ² for a norm, else 0
    private final double[][][] curves;        // per pattern of the active kinks, G_σ at every grid point
    private final double[][] weights;         // per pattern, each norm's total weight W_σj
    private final List<double[]> inner;       // G at the grid points inside one cell: limiting gradients

    private PlaneKinkedNorms(AbsNormalForm f, Map<Integer, EuclideanNorm> norms) {
        this.f = f;
        this.norms = norms;
        List<Integer> k = new ArrayList<>();
        for (int i : f.active()) {
            if (!norms.containsKey(i)) {
                k.add(i);
            }
        }
        this.kinks = k.stream().mapToInt(Integer::intValue).toArray();
        int s = f.s();
        double[] lip = new double[s];
        this.curvature = new double[s];
        for (int i = 0; i < s; i++) {
            EuclideanNorm e = norms.get(i);
            if (e != null) {
                lip[i] = Math.sqrt(PlaneNorms.eigen(e.jacobian())[0]) * (1 + 1e-9);
                curvature[i] = PlaneNorms.curvature(e.jacobian());
                continue;
            }
            double l = Math.sqrt(Vectors.dot(f.Z()[i], f.Z()[i]));
            for (int j = 0; j < i; j++) {
                l += Math.abs(f.L()[i][j]) * lip[j];
            }
            lip[i] = l * (1 + 1e-9);
        }
        this.args = new double[STEPS + 1][];
        for (int g = 0; g <= STEPS; g++) {
            double[] dz = new double[s];
            NormsInKinks.gradientAlong(f, norms, direction(g), null, dz);
            args[g] = new double[kinks.length];
            for (int q = 0; q < kinks.length; q++) {
                args[g][q] = dz[kinks[q]];
            }
        }
        int patterns = 1 << kinks.length;
        this.curves = new double[patterns][STEPS + 1][];
        this.weights = new double[patterns][s];
        for (int bits = 0; bits < patterns; bits++) {
            double[] forced = new double[s];
            java.util.Arrays.fill(forced, Double.NaN);
            double[] sigma = f.signature();
            for (int q = 0; q < kinks.length; q++) {
                forced[kinks[q]] = ((bits >> q) & 1) == 0 ? 1 : -1;
                sigma[kinks[q]] = forced[kinks[q]];
            }
            for (int j : norms.keySet()) {
                weights[bits][j] = NormsInKinks.totalWeight(f, norms, sigma, j);
            }
            for (int g = 0; g <= STEPS; g++) {
                curves[bits][g] = NormsInKinks.gradientAlong(f, norms, direction(g), forced, new double[s]);
            }
        }
        this.inner = new ArrayList<>();
        int[] cell = new int[STEPS + 1];   // the pattern of a grid point strictly inside a cell, −1 on a kink
        for (int g = 0; g <= STEPS; g++) {
            cell[g] = pattern(args[g]);
            if (cell[g] >= 0) {
                inner.add(curves[cell[g]][g]);
            }
        }
        for (int g = 0; g < STEPS; g++) {   // and each cell's ends: the limits of its gradients at its edges
            if (cell[g] >= 0 && cell[g + 1] != cell[g]) {
                inner.add(edge(g, g + 1, cell[g]));
            }
            if (cell[g + 1] >= 0 && cell[g] != cell[g + 1]) {
                inner.add(edge(g + 1, g, cell[g + 1]));
            }
        }
        double step = 2 * Math.PI / STEPS;
        this.allowed = new int[STEPS][kinks.length];
        for (int g = 0; g < STEPS; g++) {
            for (int q = 0; q < kinks.length; q++) {
                double a = args[g][q];
                double b = args[g + 1][q];
                boolean kept = Math.signum(a) == Math.signum(b) && a != 0
                        && Math.abs(a) + Math.abs(b) > lip[kinks[q]] * step * (1 + 1e-6) + 1e-12;
                allowed[g][q] = kept ? (int) Math.signum(a) : 0;
            }
        }
    }

    /**
     * Decides {@code ad} against the Clarke gradient, in two inputs, every norm of rank 2 and every
     * active kink and norm exact, at most {@link #KINKS} active kinks and {@link #SWITCHING} switching
     * variables (the caller checks).
     */
    static CuttingPlanes.Answer decide(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] ad, double tol) {
        PlaneKinkedNorms p = new PlaneKinkedNorms(f, norms);
        boolean whole = true;
        for (double[][] curve : p.curves) {
            for (double[] g : curve) {
                whole &= g != null;
            }
        }
        if (p.inner.isEmpty() || !whole) {
            return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, 0);
        }
        return CuttingPlanes.decide(p::support, ad, tol);
    }

    private static double[] direction(int g) {
        return direction(2 * Math.PI * g / STEPS);
    }

    private static double[] direction(double t) {
        return new double[] {Math.cos(t), Math.sin(t)};
    }

    /** The sign pattern (bit q set: kink q negative) of the arguments when every one is non-zero, else −1. */
    private int pattern(double[] a) {
        int bits = 0;
        for (int q = 0; q < kinks.length; q++) {
            if (!(Math.abs(a[q]) > 0)) {
                return -1;
            }
            bits |= a[q] < 0 ? 1 << q : 0;
        }
        return bits;
    }

    /**
     * G_σ at the edge of the cell of pattern {@code bits} that holds grid point {@code in} and not
     * {@code out}: bisection (60 halvings) keeps one end inside the cell, and G_σ there is the limit
     * of the cell's gradients at its edge, to rounding.
     */
    private double[] edge(int in, int out, int bits) {
        double lo = 2 * Math.PI * in / STEPS;
        double hi = 2 * Math.PI * out / STEPS;
        double[] forced = new double[f.s()];
        java.util.Arrays.fill(forced, Double.NaN);
        for (int q = 0; q < kinks.length; q++) {
            forced[kinks[q]] = ((bits >> q) & 1) == 0 ? 1 : -1;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            double[] dz = new double[f.s()];
            NormsInKinks.gradientAlong(f, norms, direction(mid), null, dz);
            double[] a = new double[kinks.length];
            for (int q = 0; q < kinks.length; q++) {
                a[q] = dz[kinks[q]];
            }
            if (pattern(a) == bits) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return NormsInKinks.gradientAlong(f, norms, direction(lo), forced, new double[f.s()]);
    }

    /** {{the best grid value}, its gradient, {an upper bound of h(v)}}; {{−∞}, null, {+∞}} when nothing is known. */
    private double[][] support(double[] v) {
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = null;
        for (double[] grad : inner) {   // lower: grid points inside one cell
            if (Vectors.dot(v, grad) > best) {
                best = Vectors.dot(v, grad);
                arg = grad;
            }
        }
        double upper = Double.NEGATIVE_INFINITY;
        double step = 2 * Math.PI / STEPS;
        for (int bits = 0; bits < curves.length; bits++) {   // upper: every pattern on the steps that allow it
            double m = 0;
            for (int j : norms.keySet()) {
                double[] tv = Vectors.apply(norms.get(j).jacobian(), v);
                m += Math.abs(weights[bits][j]) * Math.sqrt(Vectors.dot(tv, tv)) * curvature[j];
            }
            double slack = m * step * step / 8;
            double previous = Double.NaN;
            for (int g = 0; g <= STEPS; g++) {
                double h = Vectors.dot(v, curves[bits][g]);
                if (g > 0 && allows(g - 1, bits)) {
                    upper = Math.max(upper, Math.max(previous, h) + slack);
                }
                previous = h;
            }
        }
        return arg == null ? new double[][] {{Double.NEGATIVE_INFINITY}, null, {Double.POSITIVE_INFINITY}}
                : new double[][] {{best}, arg, {upper}};
    }

    private boolean allows(int step, int bits) {
        for (int q = 0; q < kinks.length; q++) {
            int want = ((bits >> q) & 1) == 0 ? 1 : -1;
            if (allowed[step][q] != 0 && allowed[step][q] != want) {
                return false;
            }
        }
        return true;
    }
}
