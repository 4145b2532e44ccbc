package dev.clarke.ad;

/** The tests of the language's {@code if} and of {@code where}: {@code > >= < <=}. */
public enum Comparison {
    /** {@code a > b}. */
    GT(">"),
    /** {@code a >= b}. */
    GE(">="),
    /** {@code a < b}. */
    LT("<"),
    /** {@code a <= b}. */
    LE("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** {@return the operator as written in the language, e.g. {@code >=}} */
    public String symbol() {
        return symbol;
    }

    /**
     * Whether {@code a OP b} holds.
     *
     * @param a the left operand
     * @param b the right operand
     * @return whether {@code a OP b} holds (false if either is NaN)
     */
    public boolean test(double a, double b) {
        switch (this) {
            case GT: return a > b;
            case GE: return a >= b;
            case LT: return a < b;
            default: return a <= b;
        }
    }

    /**
     * The operator for a symbol, or null.
     *
     * @param s the operator as written, one of {@code > >= < <=}
     * @return the comparison, or null if {@code s} is none of them
     */
    public static Comparison bySymbol(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s)) {
                return c;
            }
        }
        return null;
    }
}
