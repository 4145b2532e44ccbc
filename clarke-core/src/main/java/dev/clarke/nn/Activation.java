package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.PiecewiseFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pointwise activation ρ: a continuous one-input piecewise family with at most two parameters
 * (clamp's lo and hi), whose kinks (the points where two analytic pieces meet, with the one-sided derivatives D⁻, D⁺
 * there) come from the family's row (docs/primitives.md lists them).
 *
 * @param family the primitive family on the trace
 * @param slope  the family's first parameter (leaky_relu's α, softshrink's λ, elu's α, clamp's lo);
 *     ignored by families without parameters
 * @param upper  the family's second parameter (clamp's hi); NaN, and ignored, for the others
 */
public record Activation(Family family, double slope, double upper) {

    /**
     * Checks that the family is a network activation: continuous, with a row of at most two
     * parameters, each finite (and lo ≤ hi for clamp).
     *
     * @param family the primitive family on the trace
     * @param slope the family's first parameter (leaky_relu's α, softshrink's λ, elu's α, clamp's
     *     lo); ignored by families without parameters
     * @param upper the family's second parameter (clamp's hi); ignored by the others
     * @throws IllegalArgumentException if the family is not a network activation, or a parameter
     *     it takes is not finite, or clamp's lo exceeds its hi
     */
    public Activation {
        if (!admissible(family)) {
            throw new IllegalArgumentException(family.id() + " is not a network activation: use " + NAMES);
        }
        List<String> names = family.row().params();
        double[] given = {slope, upper};
        for (int i = 0; i < names.size(); i++) {
            if (!Double.isFinite(given[i])) {
                throw new IllegalArgumentException(family.id() + " " + names.get(i) + " " + given[i] + " is not finite");
            }
        }
        if (names.size() == 2 && !(slope <= upper)) {
            throw new IllegalArgumentException(family.id() + " needs " + names.get(0) + " <= " + names.get(1)
                    + ", got " + slope + ", " + upper);
        }
        if (names.size() < 2) {
            upper = Double.NaN;
        }
    }

    /**
     * An activation of a family with at most one parameter.
     *
     * @param family the primitive family on the trace
     * @param slope the family's one parameter (leaky_relu's α, softshrink's λ, elu's α); ignored by
     *     the others
     * @throws IllegalArgumentException if the family is not a network activation, takes two
     *     parameters, or its parameter is not finite
     */
    public Activation(Family family, double slope) {
        this(family, slope, Double.NaN);
    }

    private static boolean admissible(Family f) {
        return f.row() != null && f.row().params().size() <= 2 && f.at().continuous();
    }

    /** The accepted names. */
    public static final String NAMES = String.join(", ", names(false));

    private static List<String> names(boolean linearOnly) {
        List<String> out = new ArrayList<>();
        for (Family f : Family.values()) {
            if (admissible(f) && (!linearOnly || f.row().piecewiseLinear())) {
                out.add(f.id());
            }
        }
        return out;
    }

    /**
     * {@return the names of the piecewise-linear activations (those the exact oracle handles), as
     * accepted by {@link #parse}}
     */
    public static List<String> piecewiseLinearNames() {
        return names(true);
    }

    /** {@return ReLU, max(y, 0); one kink at 0} */
    public static Activation relu() { return new Activation(Family.RELU, 0); }
    /**
     * y for y &gt; 0, αy otherwise.
     *
     * @param alpha the slope α of the negative side, finite (PyTorch's default is 0.01)
     * @return leaky ReLU: y for y &gt; 0, αy otherwise; a kink at 0 unless α = 1
     */
    public static Activation leakyRelu(double alpha) { return new Activation(Family.LEAKY_RELU, alpha); }
    /** {@return ReLU6, clamp(y, 0, 6); kinks at 0 and 6} */
    public static Activation relu6() { return new Activation(Family.RELU6, 0); }
    /** {@return hardtanh, clamp(y, −1, 1); kinks at ±1} */
    public static Activation hardtanh() { return new Activation(Family.HARDTANH, 0); }
    /** {@return hardsigmoid, clamp(y/6 + ½, 0, 1); kinks at ±3} */
    public static Activation hardsigmoid() { return new Activation(Family.HARDSIGMOID, 0); }
    /**
     * {@return hardswish, y · relu6(y + 3) / 6 (piecewise quadratic, not piecewise linear); kinks
     * at ±3}
     */
    public static Activation hardswish() { return new Activation(Family.HARDSWISH, 0); }
    /**
     * clamp(y, lo, hi) with finite bounds (ONNX's Clip, PyTorch's {@code clamp}); the bounds are
     * taken as exact in the working precision (round them to it first, as ONNX's float bounds are).
     *
     * @param lo the lower bound, finite
     * @param hi the upper bound, finite, ≥ lo
     * @return clamp(y, lo, hi); kinks at lo and hi (one non-differentiable point when lo = hi)
     */
    public static Activation clamp(double lo, double hi) { return new Activation(Family.CLAMP, lo, hi); }
    /**
     * max(y, lo): a clamp with only a lower bound (ONNX's Clip without max).
     *
     * @param lo the lower bound, finite
     * @return clamp_min(y, lo); one kink at lo, flat below it
     */
    public static Activation clampMin(double lo) { return new Activation(Family.CLAMP_MIN, lo); }
    /**
     * min(y, hi): a clamp with only an upper bound (ONNX's Clip without min).
     *
     * @param hi the upper bound, finite
     * @return clamp_max(y, hi); one kink at hi, flat above it
     */
    public static Activation clampMax(double hi) { return new Activation(Family.CLAMP_MAX, hi); }
    /** {@return |y|; one kink at 0} */
    public static Activation abs() { return new Activation(Family.ABS, 0); }
    /**
     * y − λ above λ, y + λ below −λ, 0 between.
     *
     * @param lambda the threshold λ ≥ 0
     * @return softshrink: y − λ above λ, y + λ below −λ, 0 between; kinks at ±λ
     */
    public static Activation softshrink(double lambda) { return new Activation(Family.SOFTSHRINK, lambda); }
    /**
     * y for y &gt; 0, α(eʸ − 1) otherwise (not piecewise linear; a kink unless α = 1).
     *
     * @param alpha the scale α of the negative side, finite (PyTorch's default is 1)
     * @return ELU: y for y &gt; 0, α(eʸ − 1) otherwise (not piecewise linear; a kink at 0 unless α
     *     = 1)
     */
    public static Activation elu(double alpha) { return new Activation(Family.ELU, alpha); }

    /**
     * The activation named {@code name} (case-insensitive); {@code leakySlope} is leaky_relu's α,
     * the other parameterised activations take their row's default.
     *
     * @param name an activation's id, e.g. {@code relu} or {@code leaky_relu} ({@code leakyrelu}
     *     too), in any case
     * @param leakySlope leaky_relu's α; ignored by the other activations
     * @return the activation, with leaky_relu's α or the family's default parameter
     * @throws IllegalArgumentException for an unknown name
     */
    public static Activation parse(String name, double leakySlope) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("leakyrelu")) {
            key = Family.LEAKY_RELU.id();
        }
        for (Family f : Family.values()) {
            if (f.id().equals(key) && admissible(f)) {
                double[] d = f.row().defaults();
                double p = f == Family.LEAKY_RELU ? leakySlope : d.length == 0 ? 0 : d[0];
                return new Activation(f, p, d.length > 1 ? d[1] : Double.NaN);
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': use one of " + NAMES);
    }

    /** {@return the name, as in the language and the CLI, e.g. {@code leaky_relu}} */
    public String id() {
        return family.id();
    }

    /** {@return the parameters the family takes: none, {@code {slope}} or {@code {slope, upper}} (a new array)} */
    public double[] params() {
        switch (family.row().params().size()) {
            case 0: return new double[0];
            case 1: return new double[] {slope};
            default: return new double[] {slope, upper};
        }
    }

    private PiecewiseFunction function() {
        return family.at(params());
    }

    /** {@return the kinks, ascending, with their one-sided derivatives} */
    public List<Kink> kinks() {
        return function().kinks();
    }

    /** {@return the number of kinks, |ndf(ρ)|} */
    public int kinkCount() {
        return kinks().size();
    }

    /**
     * The kink exactly at {@code y}, or null.
     *
     * @param y a pre-activation value
     * @return the kink exactly at {@code y}, or null when ρ is analytic there
     */
    public Kink kinkAt(double y) {
        return function().kinkAt(y);
    }

    /**
     * Whether {@code y} is a degenerate kink: breakpoints of the row coincide there (a zero-width
     * piece, e.g. softshrink with λ = 0, clamp with lo = hi) but D⁻ = D⁺, so ρ is differentiable at
     * {@code y} with derivative D⁻ even though a policy may assign the zero-width piece's slope.
     *
     * @param y a pre-activation value
     * @return whether ρ has a listed kink at {@code y} whose one-sided derivatives are equal
     */
    public boolean degenerateKinkAt(double y) {
        Kink k = kinkAt(y);
        return k != null && k.dMinus() == k.dPlus();
    }

    /**
     * The derivative AD uses at {@code y}: the piece's slope off the kinks, the policy's value on
     * one.
     *
     * @param y a pre-activation value
     * @param policy the trace's kink policy
     * @return AD's slope of ρ at {@code y} under {@code policy}
     */
    public double slope(double y, dev.clarke.ops.KinkPolicy policy) {
        return function().slope(y, family, policy);
    }

    /**
     * ρ(y).
     *
     * @param y a pre-activation value
     * @return ρ(y)
     */
    public double apply(double y) {
        return function().value(y);
    }

    /**
     * {@return whether every piece is affine (not hardswish, not elu): the exact oracle needs this}
     */
    public boolean isPiecewiseLinear() {
        return family.row().piecewiseLinear();
    }

    /**
     * Applies the activation on the trace (kink hits are logged there).
     *
     * @param y the pre-activations, any shape
     * @return ρ(y) elementwise, recorded on {@code y}'s trace with its kink hits
     */
    public Var apply(Var y) {
        return y.piecewise(family, params());
    }

    @Override
    public String toString() {
        double[] p = params();
        return p.length == 0 ? id() : p.length == 1 ? id() + "(" + slope + ")" : id() + "(" + slope + ", " + upper + ")";
    }
}
