package dev.clarke.absnormal;

/**
 * A program whose abs-normal form would have more than {@link #MAX_SWITCHING} switching variables.
 * Its matrices grow with the square of that number and the certifier's rank and LP work with its
 * cube, so past the budget the form is not built: {@link Certifier#certify} answers
 * {@link dev.clarke.certify.Verdict#UNKNOWN} with this message, and {@code clarke anf} refuses the program.
 */
public final class BudgetExceeded extends IllegalArgumentException {

    /** The most switching variables a form may have. */
    public static final int MAX_SWITCHING = 1000;

    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
        super("budget exceeded: more than " + MAX_SWITCHING + " switching variables (each kink of relu, abs, max, ... is one);"
                + " the abs-normal form is built for at most " + MAX_SWITCHING);
    }
}
