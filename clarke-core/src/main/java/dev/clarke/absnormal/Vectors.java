package dev.clarke.absnormal;

/**
 * The few vector operations the certificates share: dot products, scaling, unit vectors, a matrix
 * times a vector, and the gradient of a Euclidean norm ‖T·d‖.
 */
final class Vectors {

    private Vectors() {
    }

    /** {@return Σ a_i·b_i over a's length} */
    static double dot(double[] a, double[] b) {
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }

    /** {@return s·v, a new array} */
    static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s * v[i];
        }
        return out;
    }

    /** {@return v/‖v‖, a new array (v not zero)} */
    static double[] unit(double[] v) {
        return scaled(v, 1 / Math.sqrt(dot(v, v)));
    }

    /** {@return m·d, one entry per row of m} */
    static double[] apply(double[][] m, double[] d) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = dot(m[i], d);
        }
        return out;
    }

    /** {@return the entries {m₀₀, m₀₁, m₁₁} of TᵀT for a T of two columns} */
    static double[] gram2(double[][] t) {
        double m00 = 0;
        double m01 = 0;
        double m11 = 0;
        for (double[] row : t) {
            m00 += row[0] * row[0];
            m01 += row[0] * row[1];
            m11 += row[1] * row[1];
        }
        return new double[] {m00, m01, m11};
    }

    /**
     * Adds w·Tᵀq/‖q‖ with q = T·d — w times the gradient of ‖T·d‖ — to {@code g}, and returns ‖q‖
     * (nothing is added when q = 0).
     *
     * @param g where the gradient is added
     * @param t the norm's Jacobian T
     * @param w its weight
     * @param d the direction
     * @return ‖T·d‖
     */
    static double addNormGradient(double[] g, double[][] t, double w, double[] d) {
        double[] q = apply(t, d);
        double len = Math.sqrt(dot(q, q));
        for (int i = 0; i < t.length && len > 0; i++) {
            double c = w * q[i] / len;
            for (int x = 0; x < g.length; x++) {
                g[x] += c * t[i][x];
            }
        }
        return len;
    }

    /**
     * Adds to {@code grad} the tangent gradient at unit d of w·(T·v)·u, u = T·d/‖T·d‖: the derivative
     * of one norm's term of v·G along the sphere, w·Tᵀ(I − uuᵀ)T·v/‖T·d‖.
     *
     * @param grad the sum, length n
     * @param t the norm's Jacobian
     * @param w its weight
     * @param v the direction of the support function
     * @param d a unit direction off T's kernel
     * @return (T·v)·u, the term's value without its weight
     */
    static double addNormTangent(double[] grad, double[][] t, double w, double[] v, double[] d) {
        double[] q = apply(t, d);
        double[] tv = apply(t, v);
        double rho = Math.sqrt(dot(q, q));
        double along = dot(q, tv) / rho;
        for (int r = 0; r < t.length; r++) {
            double c = w * (tv[r] - q[r] / rho * along) / rho;
            for (int x = 0; x < grad.length; x++) {
                grad[x] += c * t[r][x];
            }
        }
        return along;
    }
}
