package dev.clarke.ops;

import static dev.clarke.ops.Segment.constant;
import static dev.clarke.ops.Segment.identity;
import static dev.clarke.ops.Segment.times;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The piecewise primitives. A one-input family is defined by its {@link PiecewiseRow} alone — this
 * enum's constant is the whole definition — from which its kinks, one-sided derivatives D⁻ and D⁺,
 * kernels, PAP pieces, abs-normal lowering, exact version and network activation are derived
 * (docs/primitives.md shows them in one table). max/min, the reductions and the periodic floor and
 * round have no row: their kinks are ties or infinitely many, and each consumer treats them apart
 * (floor and round report one representative kink).
 */
public enum Family {
    /** relu(x) = max(x, 0); switching variable x. */
    RELU("relu", "x", fixed(points(Coef.of(0)), List.of(constant(0), identity()), List.of(constant(0)), 1)),
    /** leaky_relu(x; α) = x for x &gt; 0, αx otherwise; switching variable x. */
    LEAKY_RELU("leaky_relu", "x", new PiecewiseRow(List.of("alpha"), new double[] {0.01}, points(Coef.of(0)),
            List.of(times(Coef.param(0)), identity()), List.of(times(Coef.param(0))), new double[] {1})),
    /** abs(x); switching variable x. */
    ABS("abs", "x", new PiecewiseRow(List.of(), new double[0], points(Coef.of(0)),
            List.of(times(Coef.of(-1)), identity()), List.of(constant(0)), new double[] {0.5})),
    /** sign(x) ∈ {−1, 0, 1}; switching variable x; both pieces are constant and 0 jumps. */
    SIGN("sign", "x", new PiecewiseRow(List.of(), new double[0], points(Coef.of(0)),
            List.of(constant(-1), constant(1)), List.of(constant(0)), new double[] {0.5})),
    /** max(a, b); switching variable a − b; derivative (∂a, ∂b) = (D, 1 − D). */
    MAX("max", "a − b", null, 0.5),
    /** min(a, b); switching variable a − b; derivative (∂a, ∂b) = (D, 1 − D). */
    MIN("min", "a − b", null, 0.5),
    /** Reducing max over elements; ties x_i = x_j are kinks (see {@link TieWeights}). */
    REDUCE_MAX("reduce_max", "x_i − x_j", null, 0.5, 0),
    /** Reducing min over elements; ties x_i = x_j are kinks (see {@link TieWeights}). */
    REDUCE_MIN("reduce_min", "x_i − x_j", null, 0.5, 0),
    /** clamp(x, lo, hi); switching variables x − lo and x − hi. */
    CLAMP("clamp", "x − lo, x − hi", new PiecewiseRow(List.of("lo", "hi"), new double[] {0, 1},
            List.of(Coef.param(0), Coef.param(1)),
            List.of(new Segment.Constant(Coef.param(0)), identity(), new Segment.Constant(Coef.param(1))),
            List.of(identity(), identity()), new double[] {0, 1})),
    /**
     * clamp_min(x, lo) = max(x, lo), a clamp with only a lower bound (ONNX Clip without max,
     * {@code torch.clamp(x, min=lo)}); switching variable x − lo.
     */
    CLAMP_MIN("clamp_min", "x − lo", new PiecewiseRow(List.of("lo"), new double[] {0},
            List.of(Coef.param(0)), List.of(new Segment.Constant(Coef.param(0)), identity()),
            List.of(identity()), new double[] {0})),
    /**
     * clamp_max(x, hi) = min(x, hi), a clamp with only an upper bound (ONNX Clip without min,
     * {@code torch.clamp(x, max=hi)}); switching variable x − hi.
     */
    CLAMP_MAX("clamp_max", "x − hi", new PiecewiseRow(List.of("hi"), new double[] {0},
            List.of(Coef.param(0)), List.of(identity(), new Segment.Constant(Coef.param(0))),
            List.of(identity()), new double[] {1})),
    /** hardtanh(x) = clamp(x, −1, 1). */
    HARDTANH("hardtanh", "x + 1, x − 1", middleAtBreaks(points(Coef.of(-1), Coef.of(1)),
            List.of(constant(-1), identity(), constant(1)), 1, 0)),
    /** relu6(x) = clamp(x, 0, 6). */
    RELU6("relu6", "x, x − 6", middleAtBreaks(points(Coef.of(0), Coef.of(6)),
            List.of(constant(0), identity(), constant(6)), 1, 0)),
    /** hardsigmoid(x) = clamp(x/6 + 1/2, 0, 1). */
    HARDSIGMOID("hardsigmoid", "x + 3, x − 3", middleAtBreaks(points(Coef.of(-3), Coef.of(3)),
            List.of(constant(0), new Segment.Linear(Coef.of(1), 6, Coef.of(0.5)), constant(1)), 1, 0)),
    /** hardswish(x) = x · relu6(x + 3) / 6, computed as PyTorch does: 0·x/6, x(x + 3)/6, 6·x/6. */
    HARDSWISH("hardswish", "x + 3, x − 3", middleAtBreaks(points(Coef.of(-3), Coef.of(3)),
            List.of(new Segment.Linear(Coef.of(0), 6, Coef.of(0)), new Segment.Quadratic(3, 6),
                    new Segment.Linear(Coef.of(6), 6, Coef.of(0))), 0, 1)),
    /** softshrink(x; λ) = x − λ above λ, x + λ below −λ, 0 between; switching variables x + λ, x − λ. */
    SOFTSHRINK("softshrink", "x + λ, x − λ", new PiecewiseRow(List.of("lambda"), new double[] {0.5},
            List.of(Coef.param(0, -1), Coef.param(0)),
            List.of(new Segment.Linear(Coef.of(1), 1, Coef.param(0)), constant(0),
                    new Segment.Linear(Coef.of(1), 1, Coef.param(0, -1))),
            List.of(constant(0), constant(0)), new double[] {0, 1})),
    /** hardshrink(x; λ) = x where |x| &gt; λ, else 0: it jumps at ±λ, so it is not abs-smooth there. */
    HARDSHRINK("hardshrink", "x + λ, x − λ", new PiecewiseRow(List.of("lambda"), new double[] {0.5},
            List.of(Coef.param(0, -1), Coef.param(0)), List.of(identity(), constant(0), identity()),
            List.of(constant(0), constant(0)), new double[] {0, 1})),
    /** elu(x; α) = x for x &gt; 0, α(eˣ − 1) otherwise; a kink at 0 unless α = 1 (then C¹). */
    ELU("elu", "x", new PiecewiseRow(List.of("alpha"), new double[] {1}, points(Coef.of(0)),
            List.of(new Segment.Expm1(Coef.param(0)), identity()), List.of(identity()), new double[] {1})),
    /** floor(x); kinks at every integer k, switching variable x − k. */
    FLOOR("floor", "x − k", null, 0.5),
    /** round(x), half to even; kinks at every k + ½, switching variable x − k − ½. */
    ROUND("round", "x − k − ½", null, 0.5);

    private final String id;
    private final String switching;
    private final PiecewiseRow row;
    private final double[] pytorch;
    /** The last instantiation, reused while the parameters repeat (a scalar program calls a family millions of times). */
    private volatile PiecewiseFunction last;

    Family(String id, String switching, PiecewiseRow row, double... pytorch) {
        this.id = id;
        this.switching = switching;
        this.row = row;
        this.pytorch = row != null ? row.pytorch() : pytorch;
    }

    private static List<Coef> points(Coef... c) {
        return List.of(c);
    }

    /** A row without parameters. */
    private static PiecewiseRow fixed(List<Coef> points, List<Segment> pieces, List<Segment> atBreak, double... pytorch) {
        return new PiecewiseRow(List.of(), new double[0], points, pieces, atBreak, pytorch);
    }

    /** A row without parameters with two breakpoints, where the value is the middle piece's. */
    private static PiecewiseRow middleAtBreaks(List<Coef> points, List<Segment> pieces, double... pytorch) {
        return fixed(points, pieces, List.of(pieces.get(1), pieces.get(1)), pytorch);
    }

    /**
     * {@return the name used in the language, the CLI and policy overrides, e.g.
     * {@code leaky_relu}}
     */
    public String id() {
        return id;
    }

    /** {@return the switching variable(s), in words, e.g. {@code x} or {@code a − b}} */
    public String switching() {
        return switching;
    }

    /** {@return the family's row, or null for max/min, the reductions, floor and round} */
    public PiecewiseRow row() {
        return row;
    }

    /** PyTorch 1.13's λ at each kink, as measured (for the reductions: full reduction, then along an axis). */
    double[] pytorchLambdas() {
        return pytorch.clone();
    }

    /**
     * The kinks, ascending. Parameters as in the family's row (leaky_relu takes α; clamp takes lo and
     * hi); missing ones take their defaults. For max/min the derivatives are those of the first
     * argument; for the reductions, of the first tied element of a two-way tie (for both max and min:
     * the first tied element gets 1 − λ); for floor and round, the kink at 0 (resp. ½) stands for all
     * of them.
     *
     * @param params the family's parameters; fewer than the row's take the defaults
     * @return the kinks in ascending order, each with its one-sided derivatives
     */
    public List<Kink> kinks(double... params) {
        if (row != null) {
            return at(params).kinks();
        }
        switch (this) {
            case MAX: case REDUCE_MAX: case REDUCE_MIN: return List.of(new Kink(0, 0, 0, 1));
            case MIN: return List.of(new Kink(0, 0, 1, 0));
            case FLOOR: return List.of(new Kink(0, 0, 0, 0));
            case ROUND: return List.of(new Kink(0, 0.5, 0, 0));
            default: throw new AssertionError(this);
        }
    }

    /**
     * The family at these parameters; an {@link IllegalArgumentException} for a family without a
     * row.
     *
     * @param params the family's parameters; fewer than the row's take the defaults
     * @return the piecewise function with these parameters
     * @throws IllegalArgumentException for a family without a row, or parameters that put the
     *     breakpoints out of order or are not finite
     */
    public PiecewiseFunction at(double... params) {
        if (row == null) {
            throw new IllegalArgumentException(id + " is not a one-input piecewise family with finitely many kinks");
        }
        PiecewiseFunction f = last;
        if (f == null || !f.hasParams(params)) {
            try {
                f = row.at(params);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
            }
            last = f;
        }
        return f;
    }

    /**
     * The family with this id, or an {@link IllegalArgumentException} listing the valid ids.
     *
     * @param id a family's id, e.g. {@code relu}
     * @return the family with that id
     * @throws IllegalArgumentException if no family has it, listing the valid ids
     */
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
