package dev.clarke.lang;

/**
 * The program text is not a valid program: a malformed token, a misplaced token, an unknown
 * function, a wrong number of arguments, or an argument that must be a number literal and is not.
 * The message is one line, e.g. {@code 1:9: expected ')' but found 'else'}.
 */
public final class SyntaxError extends ProgramError {

    private static final long serialVersionUID = 1L;

    /** The program text the error is in (part of the serialized form). */
    private final String source;

    /**
     * An error at {@code position} of {@code source}.
     *
     * @param source   the whole program text
     * @param position where the error is
     * @param detail   what is wrong, without the position
     */
    public SyntaxError(String source, Position position, String detail) {
        super(position, detail, null);
        this.source = source;
    }

    /**
     * The program text the error is in.
     *
     * @return the program text
     */
    public String source() {
        return source;
    }

    /**
     * The message, the source line, and a caret under the column: three lines.
     *
     * @return the three lines, joined by newlines
     */
    public String caretMessage() {
        return caretMessage(source);
    }
}
