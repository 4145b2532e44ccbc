package dev.clarke.absnormal;

/**
 * The local model of one scalar element of a trace: {@code v ≈ value + a·Δx + b·(|z| − |z̊|)}, with
 * {@code a} over the input elements and {@code b} over the switching variables created so far
 * (arrays shorter than n or s mean zeros beyond their end). {@code value} is the recorded value,
 * so the model reproduces the evaluation exactly at Δx = 0.
 *
 * @param value the recorded value of the element
 * @param a     coefficients of the input elements
 * @param b     coefficients of the absolute values of the switching variables
 * @param varies whether the element depends on an input at all (true even where its first-order
 *              coefficients vanish, as x² at 0 does: sqrt(x²) at 0 is still not abs-smooth)
 */
record Affine(double value, double[] a, double[] b, boolean varies) {

    private static final double[] NONE = new double[0];

    /** A constant: no dependence on the inputs or the switching variables. */
    static Affine constant(double value) {
        return new Affine(value, NONE, NONE, false);
    }

    /** Whether the element is a constant: it depends on no input. */
    boolean isConstant() {
        return !varies;
    }

    /** {@code value + Σ k_i·(x_i − x̊_i)}: a linear combination of models with a given recorded value. */
    static Affine combine(double value, double[] k, Affine... xs) {
        int na = 0;
        int nb = 0;
        boolean varies = false;
        for (int i = 0; i < xs.length; i++) {
            varies |= xs[i].varies;
            if (k[i] != 0) {
                na = Math.max(na, xs[i].a.length);
                nb = Math.max(nb, xs[i].b.length);
            }
        }
        double[] a = new double[na];
        double[] b = new double[nb];
        for (int i = 0; i < xs.length; i++) {
            double ki = k[i];
            if (ki == 0) {
                continue;
            }
            double[] xa = xs[i].a;
            for (int j = 0; j < xa.length; j++) {
                a[j] += ki * xa[j];
            }
            double[] xb = xs[i].b;
            for (int j = 0; j < xb.length; j++) {
                b[j] += ki * xb[j];
            }
        }
        return new Affine(value, a, b, varies);
    }

    /** The linearisation {@code φ(x̊) + φ′·(x − x̊)} of a smooth one-argument function. */
    Affine times(double value, double slope) {
        return combine(value, new double[] {slope}, this);
    }

    /** This model shifted by a constant: {@code x − p} for a kink point p. */
    Affine minus(double p) {
        return new Affine(value - p, a, b, varies);
    }

    /** The unit model of an input element: {@code x̊_j + Δx_j}. */
    static Affine input(double value, int j) {
        double[] a = new double[j + 1];
        a[j] = 1;
        return new Affine(value, a, NONE, true);
    }

    /** The model of {@code |z_i|}: the switching variable's absolute value itself. */
    static Affine abs(double z, int i) {
        double[] b = new double[i + 1];
        b[i] = 1;
        return new Affine(Math.abs(z), NONE, b, true);
    }

    /** Coefficient j of {@code a}, 0 beyond its end. */
    double a(int j) {
        return j < a.length ? a[j] : 0;
    }

    /** Coefficient i of {@code b}, 0 beyond its end. */
    double b(int i) {
        return i < b.length ? b[i] : 0;
    }
}
