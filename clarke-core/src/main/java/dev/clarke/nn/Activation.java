package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.UnaryPiecewise;
import java.util.List;
import java.util.Locale;

/**
 * A pointwise activation ρ with its finite table of kinks: the points where two analytic pieces
 * meet and the one-sided derivatives D⁻, D⁺ there (docs/primitives.md).
 *
 * <table>
 *   <caption>kinks (D⁻, D⁺)</caption>
 *   <tr><td>relu</td><td>0: (0, 1)</td></tr>
 *   <tr><td>leaky_relu(α)</td><td>0: (α, 1)</td></tr>
 *   <tr><td>relu6</td><td>0: (0, 1); 6: (1, 0)</td></tr>
 *   <tr><td>hardtanh</td><td>−1: (0, 1); 1: (1, 0)</td></tr>
 *   <tr><td>hardsigmoid</td><td>−3: (0, 1/6); 3: (1/6, 0)</td></tr>
 *   <tr><td>hardswish</td><td>−3: (0, −1/2); 3: (3/2, 1)</td></tr>
 *   <tr><td>abs</td><td>0: (−1, 1)</td></tr>
 * </table>
 *
 * @param family the primitive family on the trace
 * @param slope  leaky_relu's α (ignored by the others)
 */
public record Activation(Family family, double slope) {

    /** Checks that the family is one of the seven pointwise activations. */
    public Activation {
        switch (family) {
            case RELU: case LEAKY_RELU: case RELU6: case HARDTANH: case HARDSIGMOID: case HARDSWISH: case ABS:
                break;
            default:
                throw new IllegalArgumentException(family.id() + " is not a network activation: use "
                        + NAMES);
        }
        if (family == Family.LEAKY_RELU && !Double.isFinite(slope)) {
            throw new IllegalArgumentException("leaky_relu slope " + slope + " is not finite");
        }
    }

    /** The accepted names. */
    public static final String NAMES = "relu, leaky_relu, relu6, hardtanh, hardsigmoid, hardswish, abs";

    /** max(y, 0). */
    public static Activation relu() { return new Activation(Family.RELU, 0); }
    /** y for y &gt; 0, αy otherwise. */
    public static Activation leakyRelu(double alpha) { return new Activation(Family.LEAKY_RELU, alpha); }
    /** clamp(y, 0, 6). */
    public static Activation relu6() { return new Activation(Family.RELU6, 0); }
    /** clamp(y, −1, 1). */
    public static Activation hardtanh() { return new Activation(Family.HARDTANH, 0); }
    /** clamp(y/6 + ½, 0, 1). */
    public static Activation hardsigmoid() { return new Activation(Family.HARDSIGMOID, 0); }
    /** y · relu6(y + 3) / 6 (piecewise quadratic, not piecewise linear). */
    public static Activation hardswish() { return new Activation(Family.HARDSWISH, 0); }
    /** |y|. */
    public static Activation abs() { return new Activation(Family.ABS, 0); }

    /**
     * The activation named {@code name} (case-insensitive); {@code leakySlope} is used for
     * leaky_relu only.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Activation parse(String name, double leakySlope) {
        switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "relu": return relu();
            case "leaky_relu": case "leakyrelu": return leakyRelu(leakySlope);
            case "relu6": return relu6();
            case "hardtanh": return hardtanh();
            case "hardsigmoid": return hardsigmoid();
            case "hardswish": return hardswish();
            case "abs": return abs();
            default: throw new IllegalArgumentException("unknown activation '" + name + "': use one of " + NAMES);
        }
    }

    /** The name, as in the language and the CLI. */
    public String id() {
        return family.id();
    }

    private double[] params() {
        return family == Family.LEAKY_RELU ? new double[] {slope} : new double[0];
    }

    /** The kinks, ascending, with their one-sided derivatives. */
    public List<Kink> kinks() {
        return family.kinks(params());
    }

    /** Number of kinks, |ndf(ρ)|. */
    public int kinkCount() {
        return kinks().size();
    }

    /** The kink exactly at {@code y}, or null. */
    public Kink kinkAt(double y) {
        return UnaryPiecewise.kinkAt(family, y, params());
    }

    /** ρ(y). */
    public double apply(double y) {
        return UnaryPiecewise.apply(family, y, params());
    }

    /** Whether every piece is affine (all but hardswish): the exact oracle needs this. */
    public boolean isPiecewiseLinear() {
        return family != Family.HARDSWISH;
    }

    /** Applies the activation on the trace (kink hits are logged there). */
    public Var apply(Var y) {
        switch (family) {
            case RELU: return y.relu();
            case LEAKY_RELU: return y.leakyRelu(slope);
            case RELU6: return y.relu6();
            case HARDTANH: return y.hardtanh();
            case HARDSIGMOID: return y.hardsigmoid();
            case HARDSWISH: return y.hardswish();
            default: return y.abs();
        }
    }

    @Override
    public String toString() {
        return family == Family.LEAKY_RELU ? "leaky_relu(" + slope + ")" : id();
    }
}
