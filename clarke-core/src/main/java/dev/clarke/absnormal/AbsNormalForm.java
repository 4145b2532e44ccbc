package dev.clarke.absnormal;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.List;

/**
 * The abs-normal form of a trace at its point x̊: with Δx = x − x̊,
 * <pre>
 *   z = cz + Z·Δx + L·|z|        (switching rows: Z is s×n, L is s×s strictly lower triangular)
 *   y = cy + J·Δx + Y·|z|        (output rows:    J is m×n, Y is m×s)
 * </pre>
 * Z and J are the partial derivatives by the inputs, L and Y by the absolute values of the
 * switching variables. (ADOL-C's code swaps the letters J and Y; these names are the ADOL-C
 * documentation's.) At Δx = 0 the form reproduces the switching values {@link #z} and the output
 * {@link #y}; for an abs-linear (piecewise-linear) program it is exact near x̊, otherwise its error
 * is O(‖Δx‖²).
 *
 * @param inputs       labels of the n input elements (the columns)
 * @param x            x̊, the input values
 * @param cz           switching offsets (s)
 * @param Z            switching rows by the inputs (s×n)
 * @param L            switching rows by |z| (s×s, strictly lower triangular)
 * @param cy           output offsets (m)
 * @param J            output rows by the inputs (m×n)
 * @param Y            output rows by |z| (m×s)
 * @param z            z̊, the switching values at the point
 * @param y            the output values at the point
 * @param switching    what each switching variable is, and the σ reverse mode uses for it
 * @param notAbsSmooth why the program is not abs-smooth at the point (empty if it is): e.g. sqrt
 *                     at 0, a discontinuous primitive on its jump, an if tested on its boundary
 * @param absLinear    whether every smooth operation was affine in its varying operands, so that
 *                     the form is the program itself near x̊ (not just a first-order model)
 * @param norms        the Euclidean norms at their zero that the form keeps as zero-row switching
 *                     variables (empty for an abs-smooth program)
 */
public record AbsNormalForm(List<String> inputs, double[] x, double[] cz, double[][] Z, double[][] L,
                            double[] cy, double[][] J, double[][] Y, double[] z, double[] y,
                            List<Switching> switching, List<String> notAbsSmooth, boolean absLinear,
                            List<EuclideanNorm> norms) {

    /**
     * A form without Euclidean norms.
     *
     * @param inputs       labels of the n input elements (the columns)
     * @param x            x̊, the input values
     * @param cz           switching offsets (s)
     * @param Z            switching rows by the inputs (s×n)
     * @param L            switching rows by |z| (s×s, strictly lower triangular)
     * @param cy           output offsets (m)
     * @param J            output rows by the inputs (m×n)
     * @param Y            output rows by |z| (m×s)
     * @param z            z̊, the switching values at the point
     * @param y            the output values at the point
     * @param switching    what each switching variable is, and the σ reverse mode uses for it
     * @param notAbsSmooth why the program is not abs-smooth at the point (empty if it is)
     * @param absLinear    whether the form is the program itself near x̊
     */
    public AbsNormalForm(List<String> inputs, double[] x, double[] cz, double[][] Z, double[][] L,
                         double[] cy, double[][] J, double[][] Y, double[] z, double[] y,
                         List<Switching> switching, List<String> notAbsSmooth, boolean absLinear) {
        this(inputs, x, cz, Z, L, cy, J, Y, z, y, switching, notAbsSmooth, absLinear, List.of());
    }

    /**
     * The form of {@code output} at the point recorded on {@code trace}; the columns are every
     * input element of the trace in recording order, labelled by {@code labels} (one label per
     * input element; null: {@code x0, x1, ...}). Read it before a backward pass that releases the
     * trace.
     *
     * @param trace the trace holding the point, not yet released
     * @param output the output, any shape (its elements are the rows)
     * @param labels one label per input element, or null for {@code x0, x1, ...}
     * @return the abs-normal form at the recorded point
     */
    public static AbsNormalForm of(Trace trace, Var output, List<String> labels) {
        return new AnfBuilder(trace).build(output, labels);
    }

    /** {@return n, the number of input elements (the columns)} */
    public int n() {
        return x.length;
    }

    /** {@return s, the number of switching variables} */
    public int s() {
        return z.length;
    }

    /** {@return m, the number of output elements} */
    public int m() {
        return y.length;
    }

    /** {@return the active kinks α = {i : z̊_i = 0}, ascending} */
    public int[] active() {
        return java.util.stream.IntStream.range(0, s()).filter(i -> z[i] == 0).toArray();
    }

    /** {@return σ̊ = sign z̊ (0 on active kinks), one entry per switching variable} */
    public double[] signature() {
        double[] s = new double[s()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.signum(z[i]) + 0.0;
        }
        return s;
    }

    /**
     * {@return σᶜ: the signature under which {@link #gradient} reproduces reverse mode under the
     * trace's policy}
     */
    public double[] adSignature() {
        double[] s = new double[s()];
        for (int i = 0; i < s.length; i++) {
            s[i] = switching.get(i).adSigma();
        }
        return s;
    }

    /**
     * The switching gradients with the signs frozen at σ: R = (I − LΣ)⁻¹Z by forward substitution,
     * row i being R_i = Z_i + Σ_{j&lt;i} L_ij·σ_j·R_j.
     *
     * @param sigma one sign (or weight) per switching variable, length s
     * @return the s×n matrix R, row i the gradient of switching variable i with the signs frozen at
     *     σ
     */
    public double[][] rows(double[] sigma) {
        int s = s();
        int n = n();
        double[][] r = new double[s][];
        for (int i = 0; i < s; i++) {
            double[] ri = Z[i].clone();
            for (int j = 0; j < i; j++) {
                double k = L[i][j] * sigma[j];
                if (k != 0) {
                    for (int c = 0; c < n; c++) {
                        ri[c] += k * r[j][c];
                    }
                }
            }
            r[i] = ri;
        }
        return r;
    }

    /**
     * The signature gradient G(σ) = J + YΣ(I − LΣ)⁻¹Z (m×n), for any σ (usually in [−1, 1]^s).
     *
     * @param sigma one sign (or weight) per switching variable, length s
     * @return the m×n matrix G(σ)
     */
    public double[][] gradient(double[] sigma) {
        double[][] r = rows(sigma);
        double[][] g = new double[m()][];
        for (int k = 0; k < g.length; k++) {
            double[] gk = J[k].clone();
            for (int j = 0; j < s(); j++) {
                double w = Y[k][j] * sigma[j];
                if (w != 0) {
                    for (int c = 0; c < n(); c++) {
                        gk[c] += w * r[j][c];
                    }
                }
            }
            g[k] = gk;
        }
        return g;
    }

    /**
     * The switching values of the piecewise-linear model at x̊ + Δx (forward substitution).
     *
     * @param dx the step Δx from the point, length n
     * @return the s switching values of the piecewise-linear model at x̊ + Δx
     */
    public double[] switchingAt(double[] dx) {
        double[] zz = new double[s()];
        for (int i = 0; i < zz.length; i++) {
            double v = cz[i] + Vectors.dot(Z[i], dx);
            for (int j = 0; j < i; j++) {
                v += L[i][j] * Math.abs(zz[j]);
            }
            zz[i] = v;
        }
        return zz;
    }

    /**
     * The piecewise-linear model's output at x̊ + Δx.
     *
     * @param dx the step Δx from the point, length n
     * @return the m outputs of the piecewise-linear model at x̊ + Δx
     */
    public double[] evaluate(double[] dx) {
        double[] zz = switchingAt(dx);
        double[] out = new double[m()];
        for (int k = 0; k < out.length; k++) {
            double v = cy[k] + Vectors.dot(J[k], dx);
            for (int j = 0; j < zz.length; j++) {
                v += Y[k][j] * Math.abs(zz[j]);
            }
            out[k] = v;
        }
        return out;
    }
}
