package dev.clarke.ops;

/**
 * A number in a piecewise family's row that may be one of the family's parameters: a constant, or
 * {@code factor · params[param]} (clamp's lo is {@code param(0)}, softshrink's −λ is {@code param(0, −1)}).
 *
 * @param constant the value when {@code param} is −1
 * @param param    the parameter's index, or −1
 * @param factor   the parameter's factor (1 or −1 in every row)
 */
public record Coef(double constant, int param, double factor) {

    /** The constant {@code c}. */
    public static Coef of(double c) {
        return new Coef(c, -1, 0);
    }

    /** Parameter {@code i}. */
    public static Coef param(int i) {
        return new Coef(0, i, 1);
    }

    /** {@code factor ·} parameter {@code i}. */
    public static Coef param(int i, double factor) {
        return new Coef(0, i, factor);
    }

    /** The value for these parameters ({@code 1·p} and {@code −1·p} are exact, so a parameter keeps its bits). */
    public double at(double[] params) {
        return param < 0 ? constant : factor * params[param];
    }

    /** Whether this is the constant {@code c}. */
    public boolean is(double c) {
        return param < 0 && constant == c;
    }
}
