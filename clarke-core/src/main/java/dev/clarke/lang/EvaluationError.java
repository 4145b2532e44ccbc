package dev.clarke.lang;

/**
 * Evaluating a program on given inputs failed at a position: an unknown variable, an index out of
 * range, a test of {@code if} that is not a scalar, or operands the primitive refuses (e.g. shapes
 * that do not broadcast). The message is one line, e.g.
 * {@code 2:5: unknown variable 'y': did you mean 'x'?}. Out-of-domain values are not reported this
 * way: they surface as {@link dev.clarke.ad.DomainException}.
 */
public final class EvaluationError extends ProgramError {

    private static final long serialVersionUID = 1L;

    /**
     * An error at {@code position}.
     *
     * @param position where the error is
     * @param detail   what is wrong, without the position
     */
    public EvaluationError(Position position, String detail) {
        super(position, detail, null);
    }

    /** An error at {@code position} caused by an exception of the layer below. */
    EvaluationError(Position position, String detail, Throwable cause) {
        super(position, detail, cause);
    }
}
