package dev.clarke.certify;

/**
 * What Clarke says about one gradient AD computed (DESIGN.md, "the promise"): the one vocabulary of
 * the network {@link Certificate}s and of the abs-normal certifications
 * ({@code dev.clarke.absnormal.Certifier}, which never answers {@link #CLARKE}).
 */
public enum Verdict {
    /** f is differentiable there and AD returned its derivative. */
    DIFFERENTIABLE_CORRECT,
    /** f is differentiable there but AD's value is not the derivative (the incorrect set); the true one is supplied. */
    DIFFERENTIABLE_INCORRECT,
    /** f is not differentiable there; AD's value lies in the Clarke generalized gradient. */
    NONDIFFERENTIABLE_CLARKE,
    /** f is not differentiable there and AD's value is not a Clarke subgradient; one that is is supplied. */
    NONDIFFERENTIABLE_NOT_CLARKE,
    /**
     * AD's value lies in the Clarke generalized gradient; whether f is differentiable there is not
     * decided (for a batch, kinks of different samples may cancel).
     */
    CLARKE,
    /** Outside what the certificate decides; the reason says why. */
    UNKNOWN
}
