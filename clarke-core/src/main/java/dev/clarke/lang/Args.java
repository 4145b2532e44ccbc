package dev.clarke.lang;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluated arguments of one call: for each position a {@link Var}, a number (for literal
 * arguments, and for a constant exponent), or a 0/1 mask (for a comparison).
 */
final class Args {

    private final String function;
    private final Var[] vars;
    private final double[] numbers;
    private final boolean[] isNumber;
    private final Tensor[] masks;

    Args(String function, Var[] vars, double[] numbers, boolean[] isNumber, Tensor[] masks) {
        this.function = function;
        this.vars = vars;
        this.numbers = numbers;
        this.isNumber = isNumber;
        this.masks = masks;
    }

    /** Number of arguments. */
    int count() {
        return vars.length;
    }

    /** Argument {@code i} as a value. */
    Var var(int i) {
        return vars[i];
    }

    /** Whether argument {@code i} is a number (a literal or a constant expression). */
    boolean isNumber(int i) {
        return isNumber[i];
    }

    /** Argument {@code i} as a number. */
    double number(int i) {
        return numbers[i];
    }

    /** Argument {@code i} as an integer (already checked to be one). */
    int index(int i) {
        return (int) numbers[i];
    }

    /** Argument {@code i} as a 0/1 mask (a comparison). */
    Tensor mask(int i) {
        return masks[i];
    }

    /** Argument {@code i}, which must have at least one axis. */
    Var vector(int i) {
        if (vars[i].shape().rank() == 0) {
            throw new IllegalArgumentException(function + " takes a vector, got a scalar");
        }
        return vars[i];
    }

    /**
     * All arguments as one vector: a single argument flattened, several (scalars or vectors)
     * flattened and concatenated.
     */
    Var stacked() {
        if (vars.length == 1) {
            return flatten(vars[0]);
        }
        List<Var> parts = new ArrayList<>(vars.length);
        for (Var v : vars) {
            parts.add(flatten(v));
        }
        return Var.concat(parts, 0);
    }

    /** {@code v} as a 1-D value. */
    static Var flatten(Var v) {
        return v.shape().rank() == 1 ? v : v.reshape(v.shape().size());
    }
}
