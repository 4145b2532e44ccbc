package dev.clarke.lang;

import dev.clarke.ad.Var;
import java.util.Arrays;

/**
 * One primitive callable by name: how many arguments it takes, which of them are not ordinary
 * values, and what it does with them.
 *
 * @param name    the name in programs
 * @param minArgs the fewest arguments
 * @param maxArgs the most arguments, or {@link #ANY}
 * @param kinds   the kind of each leading argument (later ones are {@link ArgKind#VALUE})
 * @param labels  the name of each leading argument, for messages
 * @param impl    the operation on the evaluated arguments
 */
record Builtin(String name, int minArgs, int maxArgs, ArgKind[] kinds, String[] labels, Impl impl) {

    /** No upper limit on the number of arguments. */
    static final int ANY = Integer.MAX_VALUE;

    /** What an argument must be. */
    enum ArgKind {
        /** An expression, evaluated to a {@link Var}. */
        VALUE,
        /** A number literal (a constant expression such as {@code -0.5} also counts), not evaluated on the trace. */
        NUMBER,
        /** A non-negative integer literal. */
        INDEX,
        /** A number when the expression is constant, otherwise a value (the exponent of pow). */
        NUMBER_OR_VALUE,
        /** A comparison {@code a OP b}, evaluated to a 0/1 mask. */
        TEST
    }

    /** The operation of a primitive on its evaluated arguments. */
    @FunctionalInterface
    interface Impl {
        /** Applies the primitive; an {@link IllegalArgumentException} is reported at the call. */
        Var apply(Args args);
    }

    /** A primitive of {@code min..max} value arguments. */
    static Builtin of(String name, int min, int max, Impl impl) {
        return new Builtin(name, min, max, new ArgKind[0], new String[0], impl);
    }

    /** This primitive with argument {@code index} of the given kind and label. */
    Builtin with(int index, ArgKind kind, String label) {
        ArgKind[] k = Arrays.copyOf(kinds, Math.max(kinds.length, index + 1));
        String[] l = Arrays.copyOf(labels, k.length);
        for (int i = 0; i < k.length; i++) {
            k[i] = k[i] == null ? ArgKind.VALUE : k[i];
        }
        k[index] = kind;
        l[index] = label;
        return new Builtin(name, minArgs, maxArgs, k, l, impl);
    }

    /** The kind of argument {@code i}. */
    ArgKind kind(int i) {
        return i < kinds.length ? kinds[i] : ArgKind.VALUE;
    }

    /** The label of argument {@code i}, e.g. {@code alpha}, or {@code argument 2}. */
    String label(int i) {
        return i < labels.length && labels[i] != null ? labels[i] : "argument " + (i + 1);
    }

    /** Whether {@code n} arguments are accepted. */
    boolean accepts(int n) {
        return n >= minArgs && n <= maxArgs;
    }

    /** E.g. {@code relu takes 1 argument, got 2}. */
    String arityMessage(int got) {
        String want;
        if (minArgs == maxArgs) {
            want = minArgs + (minArgs == 1 ? " argument" : " arguments");
        } else if (maxArgs == ANY) {
            want = "at least " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        } else if (maxArgs == minArgs + 1) {
            want = minArgs + " or " + maxArgs + " arguments";
        } else {
            want = minArgs + " to " + maxArgs + " arguments";
        }
        return name + " takes " + want + ", got " + got;
    }
}
