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

    /**
     * The constant {@code c}.
     *
     * @param c the constant
     * @return the coefficient c, independent of the parameters
     */
    public static Coef of(double c) {
        return new Coef(c, -1, 0);
    }

    /**
     * Parameter {@code i}.
     *
     * @param i the parameter's index in the family's row
     * @return the coefficient equal to parameter i
     */
    public static Coef param(int i) {
        return new Coef(0, i, 1);
    }

    /**
     * {@code factor ·} parameter {@code i}.
     *
     * @param i the parameter's index in the family's row
     * @param factor the constant factor
     * @return the coefficient factor · parameter i
     */
    public static Coef param(int i, double factor) {
        return new Coef(0, i, factor);
    }

    /**
     * The value for these parameters ({@code 1·p} and {@code −1·p} are exact, so a parameter keeps
     * its bits).
     *
     * @param params the family's parameters, defaults filled in
     * @return the coefficient's value
     */
    public double at(double[] params) {
        return param < 0 ? constant : factor * params[param];
    }

    /**
     * Whether this is the constant {@code c}.
     *
     * @param c the constant to compare with
     * @return whether this coefficient is the constant {@code c}, independent of the parameters
     */
    public boolean is(double c) {
        return param < 0 && constant == c;
    }
}
