package dev.clarke.lang;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random scalar programs of the language over x and y, for property tests: the operations of the
 * intensional-derivative properties (relu, abs, max, sin, exp, ·, +, −, {@code if}) and the rest of
 * the scalar primitives — every kind of piecewise family (affine, quadratic and exponential pieces,
 * periodic), min, division, powers, log, sqrt, the smooth activations — each kept inside its domain
 * (log and sqrt of 1 + |e| or of |e|, division by 1 + |e|, exp's argument capped at 3).
 */
public final class RandomPrograms {

    private RandomPrograms() {
    }

    private static final Arbitrary<String> LEAF = Arbitraries.of("x", "y", "x", "y", "0", "1", "-1", "0.5", "2");

    /**
     * The programs of the intensional-derivative properties: relu, abs, max, sin, exp, ·, +, − and
     * {@code if} over x, y and small constants, of depth at most {@code d}; exp's argument is capped
     * at 3 (no overflow).
     *
     * @param d the depth
     * @return program sources
     */
    public static Arbitrary<String> intensional(int d) {
        if (d == 0) {
            return LEAF;
        }
        Arbitrary<String> s = intensional(d - 1);
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> ops = new ArrayList<>(List.of(
                Tuple.of(2, LEAF),
                Tuple.of(3, s.map(e -> "relu(" + e + ")")),
                Tuple.of(2, s.map(e -> "abs(" + e + ")")),
                Tuple.of(1, s.map(e -> "sin(" + e + ")"))));
        return frequency(ops, s);
    }

    /**
     * Expressions of depth at most {@code d} over every scalar primitive.
     *
     * @param d the depth
     * @return program sources
     */
    public static Arbitrary<String> scalar(int d) {
        if (d == 0) {
            return LEAF;
        }
        Arbitrary<String> s = scalar(d - 1);
        Arbitrary<String> unary = Arbitraries.of("relu", "abs", "sin", "cos", "tanh", "sigmoid", "softplus", "neg",
                "hardtanh", "hardswish", "elu", "sign", "relu6", "hardsigmoid", "floor", "round",
                "leaky_relu", "softshrink", "hardshrink");
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> ops = new ArrayList<>(List.of(
                Tuple.of(3, LEAF),
                Tuple.of(6, Combinators.combine(unary, s).as((f, e) -> f + "(" + e + ")")),
                Tuple.of(1, s.map(e -> "log(1 + abs(" + e + "))")),
                Tuple.of(1, s.map(e -> "sqrt(abs(" + e + "))")),
                Tuple.of(1, s.map(e -> "abs(" + e + ") ^ 0.5")),
                Tuple.of(1, s.map(e -> "(" + e + ") ^ 2")),
                Tuple.of(1, s.map(e -> "clamp(" + e + ", -0.5, 0.5)")),
                Tuple.of(2, Combinators.combine(s, s).as((a, b) -> "min(" + a + ", " + b + ")")),
                Tuple.of(1, Combinators.combine(s, s).as((a, b) -> "(" + a + ") / (1 + abs(" + b + "))"))));
        return frequency(ops, s);
    }

    /** {@code ops} and the operations both kinds share: exp, max, ·, +, − and the two {@code if}s. */
    @SuppressWarnings("unchecked")
    private static Arbitrary<String> frequency(List<Tuple.Tuple2<Integer, Arbitrary<String>>> ops, Arbitrary<String> s) {
        ops.addAll(List.of(
                Tuple.of(1, s.map(e -> "exp(min(" + e + ", 3))")),
                Tuple.of(3, Combinators.combine(s, s).as((a, b) -> "max(" + a + ", " + b + ")")),
                Tuple.of(2, Combinators.combine(s, s).as((a, b) -> "(" + a + ") * (" + b + ")")),
                Tuple.of(2, Combinators.combine(s, s).as((a, b) -> "(" + a + ") + (" + b + ")")),
                Tuple.of(2, Combinators.combine(s, s).as((a, b) -> "(" + a + ") - (" + b + ")")),
                Tuple.of(2, Combinators.combine(s, s, s, s).as((a, b, c, e) ->
                        "(if (" + a + " > " + b + ") " + c + " else " + e + ")")),
                Tuple.of(1, Combinators.combine(s, s, s).as((a, c, e) ->
                        "(if (" + a + " <= 0) " + c + " else " + e + ")"))));
        return Arbitraries.frequencyOf(ops.toArray(new Tuple.Tuple2[0]));
    }
}
