package dev.clarke.cli;

/** Exit codes of every command. */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** Bad input: syntax error, unknown name, missing value, bad number, domain error. */
    static final int BAD_INPUT = 2;
    /** A bug: reported with a request to file it. */
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
