package dev.clarke.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The piecewise primitives. Each declares its switching variable and its kinks with the one-sided
 * derivatives D⁻ and D⁺ of the primary input (docs/primitives.md shows them in one table).
 * Kinks whose position depends on a parameter (clamp bounds, the leaky slope) are produced by
 * {@link #kinks(double...)}; periodic kink sets (floor, round) report one representative kink.
 */
public enum Family {
    /** relu(x) = max(x, 0); switching variable x. */
    RELU("relu", "x"),
    /** leaky_relu(x; α) = x for x &gt; 0, αx otherwise; switching variable x. */
    LEAKY_RELU("leaky_relu", "x"),
    /** abs(x); switching variable x. */
    ABS("abs", "x"),
    /** sign(x) ∈ {−1, 0, 1}; switching variable x; both pieces are constant. */
    SIGN("sign", "x"),
    /** max(a, b); switching variable a − b; derivative (∂a, ∂b) = (D, 1 − D). */
    MAX("max", "a − b"),
    /** min(a, b); switching variable a − b; derivative (∂a, ∂b) = (D, 1 − D). */
    MIN("min", "a − b"),
    /** Reducing max over elements; ties x_i = x_j are kinks (see {@link TieWeights}). */
    REDUCE_MAX("reduce_max", "x_i − x_j"),
    /** Reducing min over elements; ties x_i = x_j are kinks (see {@link TieWeights}). */
    REDUCE_MIN("reduce_min", "x_i − x_j"),
    /** clamp(x, lo, hi); switching variables x − lo and x − hi. */
    CLAMP("clamp", "x − lo, x − hi"),
    /** hardtanh(x) = clamp(x, −1, 1). */
    HARDTANH("hardtanh", "x + 1, x − 1"),
    /** relu6(x) = clamp(x, 0, 6). */
    RELU6("relu6", "x, x − 6"),
    /** hardsigmoid(x) = clamp(x/6 + 1/2, 0, 1). */
    HARDSIGMOID("hardsigmoid", "x + 3, x − 3"),
    /** hardswish(x) = x · relu6(x + 3) / 6. */
    HARDSWISH("hardswish", "x + 3, x − 3"),
    /** floor(x); kinks at every integer k, switching variable x − k. */
    FLOOR("floor", "x − k"),
    /** round(x), half to even; kinks at every k + ½, switching variable x − k − ½. */
    ROUND("round", "x − k − ½");

    private final String id;
    private final String switching;

    Family(String id, String switching) {
        this.id = id;
        this.switching = switching;
    }

    /** The name used in the language, the CLI and policy overrides, e.g. {@code leaky_relu}. */
    public String id() {
        return id;
    }

    /** The switching variable(s), in words. */
    public String switching() {
        return switching;
    }

    /**
     * The kinks, ascending. Parameters: leaky_relu takes α; clamp takes lo and hi; the others none.
     * For max/min the derivatives are those of the first argument; for the reductions, of the
     * first tied element of a two-way tie (for both max and min: the first tied element gets 1 − λ); for floor and round, the kink at 0 (resp. ½) stands for
     * all of them.
     */
    public List<Kink> kinks(double... params) {
        switch (this) {
            case RELU: return List.of(new Kink(0, 0, 0, 1));
            case LEAKY_RELU: return List.of(new Kink(0, 0, param(params, 0, 0.01), 1));
            case ABS: return List.of(new Kink(0, 0, -1, 1));
            case SIGN: return List.of(new Kink(0, 0, 0, 0));
            case MAX: return List.of(new Kink(0, 0, 0, 1));
            case MIN: return List.of(new Kink(0, 0, 1, 0));
            case REDUCE_MAX: return List.of(new Kink(0, 0, 0, 1));
            case REDUCE_MIN: return List.of(new Kink(0, 0, 0, 1));
            case CLAMP: return clampKinks(param(params, 0, 0), param(params, 1, 1));
            case HARDTANH: return clampKinks(-1, 1);
            case RELU6: return clampKinks(0, 6);
            case HARDSIGMOID: return List.of(new Kink(0, -3, 0, 1.0 / 6), new Kink(1, 3, 1.0 / 6, 0));
            case HARDSWISH: return List.of(new Kink(0, -3, 0, -0.5), new Kink(1, 3, 1.5, 1));
            case FLOOR: return List.of(new Kink(0, 0, 0, 0));
            case ROUND: return List.of(new Kink(0, 0.5, 0, 0));
            default: throw new AssertionError(this);
        }
    }

    private static List<Kink> clampKinks(double lo, double hi) {
        if (lo == hi) {
            return List.of(new Kink(0, lo, 0, 0));
        }
        return List.of(new Kink(0, lo, 0, 1), new Kink(1, hi, 1, 0));
    }

    private static double param(double[] params, int i, double fallback) {
        return params.length > i ? params[i] : fallback;
    }

    /** The family with this id, or an {@link IllegalArgumentException} listing the valid ids. */
    public static Family byId(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        for (Family f : values()) {
            if (f.id.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown primitive family '" + id + "': expected one of "
                + String.join(", ", Arrays.stream(values()).map(Family::id).toArray(String[]::new)));
    }
}
