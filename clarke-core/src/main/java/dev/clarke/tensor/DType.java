package dev.clarke.tensor;

import java.util.Locale;

/**
 * Element types of a {@link Tensor}. {@code F64} is stored in {@code double[]}; the others in
 * {@code float[]}, BF16 and F16 being emulated: every value they hold is exactly representable in
 * their format, and every kernel rounds its results to nearest-even in that format.
 */
public enum DType {
    /** IEEE binary64. */
    F64("f64"),
    /** IEEE binary32. */
    F32("f32"),
    /** bfloat16 (8 exponent bits, 7 mantissa bits), emulated in float storage. */
    BF16("bf16"),
    /** IEEE binary16 (5 exponent bits, 10 mantissa bits), emulated in float storage. */
    F16("f16");

    private final String id;

    DType(String id) {
        this.id = id;
    }

    /**
     * Rounds {@code v} to the nearest value of this format, ties to even. F64 is the identity; F32
     * is {@code (double) (float) v}; BF16 and F16 round directly from the double (no double
     * rounding through float), with subnormals, overflow to ±infinity, NaN and -0.0 preserved.
     *
     * @param v any double
     * @return the rounded value
     */
    public double round(double v) {
        switch (this) {
            case F64:
                return v;
            case F32:
                return (float) v;
            case BF16:
                return FloatFormat.round(v, 7, -126, 127);
            default:
                return FloatFormat.round(v, 10, -14, 15);
        }
    }

    /**
     * Rounds {@code v} to this format and returns it as a float (exact for all but F64).
     *
     * @param v the value
     * @return the rounded value
     */
    public float roundToFloat(double v) {
        return (float) round(v);
    }

    /**
     * True for all but F64: values are held in {@code float[]} (BF16 and F16 exactly).
     *
     * @return whether the storage is {@code float[]}
     */
    public boolean usesFloatStorage() {
        return this != F64;
    }

    /**
     * True for the emulated formats (BF16, F16), whose kernels compute in double and round.
     *
     * @return whether the format is emulated
     */
    public boolean isEmulated() {
        return this == BF16 || this == F16;
    }

    /**
     * The lower-case identifier: "f64", "f32", "bf16" or "f16".
     *
     * @return the identifier
     */
    public String id() {
        return id;
    }

    /**
     * Parses an identifier, ignoring case.
     *
     * @param s "f64", "f32", "bf16" or "f16" in any case
     * @return the dtype
     * @throws IllegalArgumentException for any other string
     */
    public static DType parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (DType t : values()) {
            if (t.id.equals(k)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + s + "': expected f64, f32, bf16 or f16");
    }
}
