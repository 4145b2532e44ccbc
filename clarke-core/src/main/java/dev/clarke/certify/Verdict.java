package dev.clarke.certify;

/** What a {@link Certificate} says about one gradient AD computed (DESIGN.md, "the promise"). */
public enum Verdict {
    /** f is differentiable there and AD returned its derivative. */
    DIFFERENTIABLE_CORRECT,
    /** f is differentiable there but AD's value is not the derivative (the incorrect set). */
    DIFFERENTIABLE_INCORRECT,
    /** f is not differentiable there; AD's value lies in the Clarke generalized gradient. */
    NONDIFFERENTIABLE_CLARKE,
    /** f is not differentiable there and AD's value is not a Clarke subgradient. */
    NONDIFFERENTIABLE_NOT_CLARKE,
    /**
     * AD's value lies in the Clarke generalized gradient; whether f is differentiable there is not
     * decided (for a batch, kinks of different samples may cancel).
     */
    CLARKE,
    /** Outside what the certificate decides; the reason says why. */
    UNKNOWN
}
