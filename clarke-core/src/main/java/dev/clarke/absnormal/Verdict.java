package dev.clarke.absnormal;

/** What a gradient from reverse mode is, at a point (DESIGN.md, "The promise"). */
public enum Verdict {
    /** The function is differentiable there and AD returned its derivative. */
    DIFFERENTIABLE_CORRECT,
    /** Differentiable, but AD's value is not the derivative; the certification carries the derivative. */
    DIFFERENTIABLE_INCORRECT,
    /** Not differentiable; AD's value lies in the Clarke generalized gradient. */
    NONDIFFERENTIABLE_CLARKE,
    /** Not differentiable and AD's value is not a Clarke subgradient; the certification carries one that is. */
    NONDIFFERENTIABLE_NOT_CLARKE,
    /** Outside what the first-order analysis can decide; the certification says why. */
    UNKNOWN
}
