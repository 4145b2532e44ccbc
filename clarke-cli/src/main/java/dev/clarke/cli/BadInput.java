package dev.clarke.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Bad input, reported as one line of at most {@link Messages#MAX_LINE} characters (plus, for syntax
 * errors, the source line, cut to a window around the spot, and a caret) and exit code 2.
 */
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

    /**
     * Runs a command's body: exit code 0, or for bad input {@code clarke NAME: message} (and the
     * detail lines) on the command's error stream and exit code 2.
     */
    static int reported(CommandSpec spec, Runnable body) {
        try {
            body.run();
            return ExitCodes.OK;
        } catch (BadInput e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(Messages.line("clarke " + spec.name() + ": " + e.getMessage()));
            if (e.detail() != null) {
                err.println(e.detail());
            }
            return ExitCodes.BAD_INPUT;
        }
    }
}
