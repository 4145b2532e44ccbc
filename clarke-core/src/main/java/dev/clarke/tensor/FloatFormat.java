package dev.clarke.tensor;

/**
 * A binary IEEE-754-style floating-point format with a given number of exponent and explicit
 * mantissa bits, used to emulate narrow formats (BF16, F16, small minifloats) in double arithmetic.
 *
 * <p>The format has an implicit leading bit, subnormals, signed zeros, infinities and NaN, and
 * exponent bias {@code 2^(exponentBits-1) - 1}. {@link #round(double)} rounds a double
 * <em>directly</em> to the nearest representable value with ties to even (no intermediate rounding
 * through {@code float}), overflowing to ±infinity as IEEE 754 prescribes.
 *
 * @param exponentBits number of exponent bits, 2 to 10
 * @param mantissaBits number of explicit (stored) mantissa bits, 1 to 51
 */
public record FloatFormat(int exponentBits, int mantissaBits) {

    /** bfloat16: 8 exponent bits, 7 mantissa bits. */
    public static final FloatFormat BF16 = new FloatFormat(8, 7);
    /** IEEE binary16: 5 exponent bits, 10 mantissa bits. */
    public static final FloatFormat F16 = new FloatFormat(5, 10);
    /** IEEE binary32: 8 exponent bits, 23 mantissa bits. */
    public static final FloatFormat F32 = new FloatFormat(8, 23);

    /**
     * Validates the field widths.
     *
     * @param exponentBits the exponent's width
     * @param mantissaBits the mantissa's width
     */
    public FloatFormat {
        if (exponentBits < 2 || exponentBits > 10 || mantissaBits < 1 || mantissaBits > 51) {
            throw new IllegalArgumentException("FloatFormat: need 2..10 exponent bits and 1..51 mantissa bits, got "
                    + exponentBits + " and " + mantissaBits);
        }
    }

    /**
     * The largest unbiased exponent of a finite value.
     *
     * @return the exponent
     */
    public int maxExponent() {
        return (1 << (exponentBits - 1)) - 1;
    }

    /**
     * The smallest unbiased exponent of a normal value.
     *
     * @return the exponent
     */
    public int minExponent() {
        return 1 - maxExponent();
    }

    /**
     * The largest finite value, {@code (2 - 2^-mantissaBits) * 2^maxExponent}.
     *
     * @return the value
     */
    public double maxValue() {
        return Math.scalb(2.0 - Math.scalb(1.0, -mantissaBits), maxExponent());
    }

    /**
     * The smallest positive subnormal value, {@code 2^(minExponent - mantissaBits)}.
     *
     * @return the value
     */
    public double minSubnormal() {
        return Math.scalb(1.0, minExponent() - mantissaBits);
    }

    /**
     * Rounds {@code v} to the nearest value of this format, ties to even. NaN stays NaN, ±0 and
     * ±infinity are kept, values that round beyond the largest finite value become ±infinity, and
     * the sign of a result that rounds to zero is the sign of {@code v}.
     *
     * @param v any double
     * @return the rounded value, exactly representable in this format (and in double)
     */
    public double round(double v) {
        return round(v, mantissaBits, minExponent(), maxExponent());
    }

    /**
     * Rounding kernel: round to a multiple of the quantum {@code q = 2^(max(e, emin) - mant)} where
     * {@code e} is the exponent of {@code |v|}. Adding {@code C = 2^52 q} places {@code |v|} in a
     * binade whose ulp is exactly {@code q}, so the hardware's round-to-nearest-even addition does
     * the rounding; subtracting {@code C} back is exact.
     */
    static double round(double v, int mant, int emin, int emax) {
        double a = Math.abs(v);
        if (!(a > 0) || a == Double.POSITIVE_INFINITY) {
            return v; // NaN, ±0, ±inf
        }
        int e = Math.getExponent(a);
        if (e > emax) {
            return Math.copySign(Double.POSITIVE_INFINITY, v);
        }
        int qExp = Math.max(e, emin) - mant;
        double c = Double.longBitsToDouble((long) (qExp + 52 + 1023) << 52);
        double r = (a + c) - c;
        if (Math.getExponent(r) > emax) {
            r = Double.POSITIVE_INFINITY;
        }
        return Math.copySign(r, v);
    }
}
