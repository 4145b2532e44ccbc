package dev.clarke.tensor;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Test oracle for narrow IEEE-style formats, independent of the code under test: decodes every bit
 * pattern from its fields, and rounds an exact {@link BigDecimal} by binary search over the sorted
 * list of all positive finite values, ties going to the pattern with an even mantissa.
 */
final class MinifloatOracle {

    final int ebits;
    final int mbits;
    final int bias;
    /** Positive finite values in increasing order; index == bit pattern (0 = +0). */
    final double[] values;
    final BigDecimal[] exact;
    /** The midpoint between the largest finite value and the next power of two: the overflow threshold. */
    final BigDecimal overflowAt;

    MinifloatOracle(int ebits, int mbits) {
        this.ebits = ebits;
        this.mbits = mbits;
        this.bias = (1 << (ebits - 1)) - 1;
        int finite = ((1 << ebits) - 1) << mbits; // patterns below the all-ones exponent
        values = new double[finite];
        exact = new BigDecimal[finite];
        for (int bits = 0; bits < finite; bits++) {
            values[bits] = decode(bits);
            exact[bits] = new BigDecimal(values[bits]);
        }
        double max = values[finite - 1];
        double ulp = Math.pow(2, (1 << ebits) - 2 - bias - mbits);
        overflowAt = new BigDecimal(max).add(new BigDecimal(ulp / 2));
    }

    /** Decodes a bit pattern {@code sign | exponent | mantissa} (sign in bit ebits+mbits). */
    double decode(int bits) {
        int sign = (bits >>> (ebits + mbits)) & 1;
        int e = (bits >>> mbits) & ((1 << ebits) - 1);
        int mant = bits & ((1 << mbits) - 1);
        double mag;
        if (e == (1 << ebits) - 1) {
            mag = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (e == 0) {
            mag = mant * Math.pow(2, 1 - bias - mbits); // subnormal (or zero)
        } else {
            mag = (1.0 + mant / Math.pow(2, mbits)) * Math.pow(2, e - bias);
        }
        return sign == 1 ? -mag : mag;
    }

    /** Number of bit patterns. */
    int patterns() {
        return 1 << (1 + ebits + mbits);
    }

    /** Nearest-even rounding of an exact double. */
    double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return v;
        }
        return round(new BigDecimal(v), v < 0);
    }

    /** Nearest-even rounding of an exact value; {@code negative} gives the sign of a zero result. */
    double round(BigDecimal v, boolean negative) {
        BigDecimal a = v.abs();
        double r;
        if (a.compareTo(overflowAt) >= 0) {
            r = Double.POSITIVE_INFINITY;
        } else {
            int hi = Arrays.binarySearch(exact, a);
            if (hi >= 0) {
                r = values[hi];
            } else {
                hi = -hi - 1; // first value above a
                if (hi == values.length) {
                    r = values[values.length - 1]; // between max and the overflow threshold
                } else {
                    int lo = hi - 1;
                    int c = a.subtract(exact[lo]).compareTo(exact[hi].subtract(a));
                    r = c < 0 ? values[lo] : c > 0 ? values[hi] : values[(lo & 1) == 0 ? lo : hi];
                }
            }
        }
        return negative ? -r : r;
    }
}
