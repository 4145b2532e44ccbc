package dev.clarke.ad;

/** What a backward pass leaves behind. */
public enum Backward {
    /** Release the trace after the pass (the default): memory does not grow across steps. */
    RELEASE,
    /** Keep the trace, e.g. to run forward mode or another backward pass on it afterwards. */
    RETAIN
}
