package dev.clarke.certify;

/**
 * An odometer over Ω = M^p: the current point exactly ({@link #exact}) and as doubles
 * ({@link #doubles}), the last coordinate turning fastest.
 */
final class ValuePoints {

    private final ValueSet values;
    private final int[] idx;
    private final Rational[] w;
    private final double[] wd;

    ValuePoints(ValueSet values, int p) {
        this.values = values;
        this.idx = new int[p];
        this.w = new Rational[p];
        this.wd = new double[p];
        for (int k = 0; k < p; k++) {
            w[k] = values.get(0);
            wd[k] = values.getDouble(0);
        }
    }

    /** The current point (shared; do not modify). */
    Rational[] exact() {
        return w;
    }

    /** The current point as doubles (shared; do not modify). */
    double[] doubles() {
        return wd;
    }

    /** Moves to the next point; false after the last. */
    boolean next() {
        for (int k = idx.length - 1; k >= 0; k--) {
            boolean carry = ++idx[k] == values.size();
            if (carry) {
                idx[k] = 0;
            }
            w[k] = values.get(idx[k]);
            wd[k] = values.getDouble(idx[k]);
            if (!carry) {
                return true;
            }
        }
        return false;
    }
}
