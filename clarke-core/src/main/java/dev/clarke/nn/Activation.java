package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.PiecewiseFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pointwise activation ρ: a continuous one-input piecewise family with at most one parameter,
 * whose kinks (the points where two analytic pieces meet, with the one-sided derivatives D⁻, D⁺
 * there) come from the family's row (docs/primitives.md lists them).
 *
 * @param family the primitive family on the trace
 * @param slope  the family's one parameter (leaky_relu's α, softshrink's λ, elu's α); ignored by the others
 */
public record Activation(Family family, double slope) {

    /**
     * Checks that the family is a network activation: continuous, with a row of at most one
     * parameter.
     *
     * @param family the primitive family on the trace
     * @param slope the family's one parameter (leaky_relu's α, softshrink's λ, elu's α); ignored by
     *     the others
     * @throws IllegalArgumentException if the family is not a network activation, or its parameter
     *     is not finite
     */
    public Activation {
        if (!admissible(family)) {
            throw new IllegalArgumentException(family.id() + " is not a network activation: use " + NAMES);
        }
        if (family.row().params().size() == 1 && !Double.isFinite(slope)) {
            throw new IllegalArgumentException(family.id() + " " + family.row().params().get(0) + " " + slope
                    + " is not finite");
        }
    }

    private static boolean admissible(Family f) {
        return f.row() != null && f.row().params().size() <= 1 && f.at().continuous();
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
                double p = f == Family.LEAKY_RELU ? leakySlope
                        : f.row().params().isEmpty() ? 0 : f.row().defaults()[0];
                return new Activation(f, p);
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': use one of " + NAMES);
    }

    /** {@return the name, as in the language and the CLI, e.g. {@code leaky_relu}} */
    public String id() {
        return family.id();
    }

    /** {@return the parameters the family takes: {@code {slope}} or none (a new array)} */
    public double[] params() {
        return family.row().params().isEmpty() ? new double[0] : new double[] {slope};
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
        return params().length == 1 ? id() + "(" + slope + ")" : id();
    }
}
