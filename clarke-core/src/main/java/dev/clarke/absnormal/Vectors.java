package dev.clarke.absnormal;

/** The few vector operations the certificates share: dot products, scaling, unit vectors. */
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
}
