package dev.clarke.cli;

/** Bad input, reported as one line (plus, for syntax errors, the source line and a caret) and exit code 2. */
final class BadInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String detail;

    BadInput(String message) {
        this(message, null);
    }

    BadInput(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    /** Extra lines shown under the message (source and caret), or null. */
    String detail() {
        return detail;
    }
}
