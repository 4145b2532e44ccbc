package dev.clarke.ad;

/**
 * A primitive was evaluated outside its domain on a path the result depends on (log of a
 * non-positive number, sqrt of a negative, division by zero, ...). The message names the op and
 * the value.
 */
public final class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line message naming the op and the offending value.
     *
     * @param message one line naming the op and the offending value, e.g. {@code "log of -1"}
     */
    public DomainException(String message) {
        super(message);
    }
}
