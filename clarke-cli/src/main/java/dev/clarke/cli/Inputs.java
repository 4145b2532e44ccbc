package dev.clarke.cli;

import dev.clarke.lang.Program;
import dev.clarke.lang.SyntaxError;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;

/** Turns option strings into library values, reporting bad ones as {@link BadInput}. */
final class Inputs {

    private Inputs() {
    }

    static KinkPolicy policy(String spec) {
        try {
            return KinkPolicy.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--policy: " + e.getMessage());
        }
    }

    static DType dtype(String id) {
        try {
            return DType.parse(id);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--dtype: " + e.getMessage());
        }
    }

    static Program program(String source) {
        try {
            return Program.parse(source);
        } catch (SyntaxError e) {
            throw new BadInput(e.getMessage(), e.position().pointAt(e.source()));
        }
    }
}
