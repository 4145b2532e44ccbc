package dev.clarke.lang;

/**
 * An error in a program, at a {@link Position}: either its text is wrong ({@link SyntaxError}) or
 * running it on the given inputs failed ({@link EvaluationError}). The message is one line,
 * {@code line:column: detail}; {@link #caretMessage(String)} adds the source line and a caret.
 */
public abstract sealed class ProgramError extends RuntimeException permits SyntaxError, EvaluationError {

    private static final long serialVersionUID = 1L;

    /** Where the error is (part of the serialized form). */
    private final Position position;
    /** The message without its position (part of the serialized form). */
    private final String detail;

    ProgramError(Position position, String detail, Throwable cause) {
        super(position + ": " + detail, cause);
        this.position = position;
        this.detail = detail;
    }

    /**
     * Where the error is.
     *
     * @return the error's line and column
     */
    public Position position() {
        return position;
    }

    /**
     * The message without its position, e.g. {@code expected ')' but found 'else'}.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }

    /**
     * Three lines: the one-line message, the source line the error is on, and a caret under the
     * column.
     *
     * @param source the program's source text
     * @return the three lines, joined by newlines
     */
    public String caretMessage(String source) {
        return getMessage() + "\n" + position.pointAt(source);
    }
}
