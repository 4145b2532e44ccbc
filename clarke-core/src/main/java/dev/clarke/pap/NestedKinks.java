package dev.clarke.pap;

import java.util.Random;
import java.util.function.Function;

/**
 * A bounded search for derivatives at nested kinks. The frozen branch's gradient is a multilinear
 * function G(θ) of the kink parameters θ (reverse mode multiplies each local partial in at most once
 * per path), so its Jacobian column j at θ is exactly G(θ with θ_j = 1) − G(θ with θ_j = 0). Gauss-Newton
 * steps from a few seeded starts look for θ with G(θ) = g; a θ found is re-checked by evaluating G.
 * Failure proves nothing: the caller reports "undecided" unless {@link #constantComponentMissing} proves "no".
 */
final class NestedKinks {

    /** Gauss-Newton steps in all, over all starts. */
    static final int BUDGET = 400;
    private static final int STEPS_PER_START = 40;

    private NestedKinks() {
    }

    /** At most this many kink parameters for the corner proof (2ᵖ evaluations). */
    static final int MAX_CORNER_PARAMETERS = 10;

    /**
     * A proof that no θ reaches g: some component of G is the same at every corner of {0, 1}ᵖ — a
     * multilinear function equal at all corners has all non-constant coefficients 0 (Möbius inversion),
     * so it is constant on ℝᵖ — and that constant is not g's component. Returns the component, or −1.
     */
    static int constantComponentMissing(Function<double[], double[]> gradient, double[] g, int p) {
        if (p > MAX_CORNER_PARAMETERS) {
            return -1;
        }
        double[] first = gradient.apply(new double[p]);
        boolean[] varies = new boolean[g.length];
        for (int mask = 1; mask < 1 << p; mask++) {
            double[] theta = new double[p];
            for (int j = 0; j < p; j++) {
                theta[j] = (mask >> j) & 1;
            }
            double[] at = gradient.apply(theta);
            for (int i = 0; i < g.length; i++) {
                varies[i] |= !IntensionalChecker.close(new double[] {at[i]}, new double[] {first[i]});
            }
        }
        for (int i = 0; i < g.length; i++) {
            if (!varies[i] && !IntensionalChecker.close(new double[] {g[i]}, new double[] {first[i]})) {
                return i;
            }
        }
        return -1;
    }

    /** Whether some θ ∈ ℝᵖ found within the budget gives {@code gradient.apply(θ)} = g. */
    static boolean search(Function<double[], double[]> gradient, double[] g, int p) {
        int n = g.length;
        Random rnd = new Random(29);
        for (int used = 0; used < BUDGET; used += STEPS_PER_START) {
            double[] theta = new double[p];
            for (int j = 0; j < p; j++) {
                theta[j] = used == 0 ? 0.5 : rnd.nextDouble() * 4 - 2;
            }
            for (int step = 0; step < STEPS_PER_START; step++) {
                double[] at = gradient.apply(theta);
                if (IntensionalChecker.close(at, g)) {
                    return true;
                }
                double[][] cols = new double[p][];
                for (int j = 0; j < p; j++) {
                    double[] one = theta.clone();
                    one[j] = 1;
                    double[] zero = theta.clone();
                    zero[j] = 0;
                    double[] a = gradient.apply(one);
                    double[] b = gradient.apply(zero);
                    cols[j] = new double[n];
                    for (int i = 0; i < n; i++) {
                        cols[j][i] = a[i] - b[i];
                    }
                }
                double[] residual = new double[n];
                for (int i = 0; i < n; i++) {
                    residual[i] = g[i] - at[i];
                }
                double[] delta = LeastSquares.solve(cols, residual, n);
                for (int j = 0; j < p; j++) {
                    theta[j] += delta[j];
                }
            }
        }
        return false;
    }
}
