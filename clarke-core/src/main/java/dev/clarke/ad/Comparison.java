package dev.clarke.ad;

/** The tests of the language's {@code if} and of {@code where}: {@code > >= < <=}. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written, e.g. {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code a OP b} holds. */
    public boolean test(double a, double b) {
        switch (this) {
            case GT: return a > b;
            case GE: return a >= b;
            case LT: return a < b;
            default: return a <= b;
        }
    }

    /** The operator for a symbol, or null. */
    public static Comparison bySymbol(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s)) {
                return c;
            }
        }
        return null;
    }
}
