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
        this(values, p, 0);
    }

    /**
     * Starts at the point of index {@code start} in the odometer's order (digits in base |M|, the last
     * coordinate the least significant).
     */
    ValuePoints(ValueSet values, int p, long start) {
        if (start < 0) {
            throw new IllegalArgumentException("enumerate: a point index is at least 0, got " + start);
        }
        this.values = values;
        this.idx = new int[p];
        this.w = new Rational[p];
        this.wd = new double[p];
        long rest = start;
        for (int k = p - 1; k >= 0; k--) {
            idx[k] = (int) (rest % values.size());
            rest /= values.size();
            w[k] = values.get(idx[k]);
            wd[k] = values.getDouble(idx[k]);
        }
        if (rest != 0) {
            throw new IllegalArgumentException("enumerate: point index " + start + " is past the last point");
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
