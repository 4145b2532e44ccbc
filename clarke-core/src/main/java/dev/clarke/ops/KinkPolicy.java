package dev.clarke.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one object that decides the derivative at every kink of every primitive.
 *
 * <p>At a kink with one-sided derivatives D⁻ and D⁺ along the primitive's switching variable the
 * derivative is {@code λ·D⁻ + (1−λ)·D⁺}. A policy holds one default λ, optionally a λ per family
 * and kink index (the {@code pytorch} preset needs that), and optionally a per-family value
 * override: the derivative itself, any finite real, flagged by {@link #flagged()} when it lies
 * outside [D⁻, D⁺] (still an intensional derivative, but no longer a Clarke subgradient). The
 * choice is deterministic and the same for every element and sample.
 *
 * <p>It also holds the finite value used where a one-sided derivative is infinite (sqrt and
 * fractional powers at 0), 0 by default, so that norms at 0 have finite gradients.
 */
public final class KinkPolicy {

    private final String name;
    private final double lambda;
    private final Map<Family, double[]> familyLambdas;
    private final Map<Family, Double> overrides;
    private final double infiniteSlope;

    private KinkPolicy(String name, double lambda, Map<Family, double[]> familyLambdas,
                       Map<Family, Double> overrides, double infiniteSlope) {
        this.name = name;
        this.lambda = lambda;
        this.familyLambdas = familyLambdas;
        this.overrides = overrides;
        this.infiniteSlope = infiniteSlope;
    }

    /**
     * {@return the policy with λ = ½ everywhere, the only choice independent of a switching
     * variable's orientation}
     */
    public static KinkPolicy mid() {
        return uniform("mid", 0.5);
    }

    /** {@return the policy with λ = 1: the left derivative D⁻ (relu′(0) = 0)} */
    public static KinkPolicy left() {
        return uniform("left", 1);
    }

    /** {@return the policy with λ = 0: the right derivative D⁺ (relu′(0) = 1)} */
    public static KinkPolicy right() {
        return uniform("right", 0);
    }

    /**
     * A uniform λ in [0, 1].
     *
     * @param lambda the weight of D⁻ at every kink, in [0, 1]
     * @return the policy with derivative λ·D⁻ + (1 − λ)·D⁺ at every kink
     * @throws IllegalArgumentException if {@code lambda} is outside [0, 1]
     */
    public static KinkPolicy lambda(double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda=" + lambda + " is outside [0, 1]: use a value in [0, 1],"
                    + " or a per-family override such as relu=" + lambda + " for any finite derivative");
        }
        return uniform("lambda=" + lambda, lambda);
    }

    private static KinkPolicy uniform(String name, double lambda) {
        return new KinkPolicy(name, lambda, Map.of(), Map.of(), 0);
    }

    /**
     * What PyTorch 1.13 returns at each kink of each primitive both have, as measured by
     * {@code tools/measure-pytorch-kinks.py} (fixture {@code pytorch-kinks.json}). For the
     * reductions, kink index 0 is the full reduction (PyTorch splits ties evenly) and index 1 a
     * reduction along an axis (PyTorch gives the first tied element everything; max pooling is such a
     * reduction over each window, row-major, and PyTorch's tie rule there is the same: family
     * {@code max_pool2d} of the fixture). PyTorch's
     * infinite sqrt′(0) is not reproduced: the finite default 0 is kept.
     *
     * @return the policy matching PyTorch 1.13 at every kink both implement
     */
    public static KinkPolicy pytorch() {
        Map<Family, double[]> l = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            l.put(f, f.pytorchLambdas());
        }
        return new KinkPolicy("pytorch", 0.5, Collections.unmodifiableMap(l), Map.of(), 0);
    }

    /**
     * Parses a policy: a preset ({@code mid}, {@code left}, {@code right}, {@code pytorch},
     * {@code lambda=V}), optionally followed by comma-separated per-family overrides
     * {@code FAMILY=V} (e.g. {@code left,relu=0.3}); an override alone starts from {@code mid}.
     * {@code sqrt0=V} sets the finite value used where a one-sided derivative is infinite.
     *
     * @param spec the specification, e.g. {@code left,relu=0.3}
     * @return the policy; its {@link #name()} is {@code spec}
     * @throws IllegalArgumentException if the spec is empty, names an unknown preset or family, or
     *     gives a value that is not a finite number
     */
    public static KinkPolicy parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty kink policy: use mid, left, right, pytorch, lambda=V or FAMILY=V");
        }
        KinkPolicy policy = null;
        for (String raw : spec.split(",")) {
            String part = raw.trim().toLowerCase(Locale.ROOT);
            KinkPolicy preset = preset(part);
            if (preset != null) {
                if (policy != null) {
                    throw new IllegalArgumentException("kink policy '" + spec + "': preset '" + part
                            + "' must come first and only once");
                }
                policy = preset;
                continue;
            }
            if (policy == null) {
                policy = mid();
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("unknown kink policy '" + part
                        + "': expected mid, left, right, pytorch, lambda=V or FAMILY=V (e.g. relu=0.3)");
            }
            double v = number(part.substring(eq + 1), part);
            String key = part.substring(0, eq);
            policy = key.equals("sqrt0") ? policy.withInfiniteSlope(v) : policy.withOverride(Family.byId(key), v);
        }
        if (policy == null) {
            throw new IllegalArgumentException("kink policy '" + spec + "' names no policy: use mid, left, right, pytorch, lambda=V or FAMILY=V");
        }
        return policy;
    }

    private static KinkPolicy preset(String part) {
        switch (part) {
            case "mid": return mid();
            case "left": return left();
            case "right": return right();
            case "pytorch": return pytorch();
            default:
                if (part.startsWith("lambda=")) {
                    return lambda(number(part.substring("lambda=".length()), part));
                }
                return null;
        }
    }

    private static double number(String text, String part) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("kink policy '" + part + "': '" + text + "' is not a finite number");
    }

    /**
     * This policy with the derivative at every kink of {@code family} set to {@code value} (for
     * max/min: ∂a = value and ∂b = 1 − value; for the reductions, value is used as their λ).
     *
     * @param family the family whose kinks get the value
     * @param value the derivative used at every kink of the family, finite
     * @return a new policy; this one is unchanged
     * @throws IllegalArgumentException if {@code value} is not finite, or is not a valid λ for a
     *     reduction
     */
    public KinkPolicy withOverride(Family family, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("override " + family.id() + "=" + value + " is not finite");
        }
        if ((family == Family.REDUCE_MAX || family == Family.REDUCE_MIN) && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(family.id() + "=" + value
                    + ": for reductions the override is a λ in [0, 1]");
        }
        Map<Family, Double> o = new EnumMap<>(Family.class);
        o.putAll(overrides);
        o.put(family, value);
        return new KinkPolicy(name + "," + family.id() + "=" + value, lambda, familyLambdas,
                Collections.unmodifiableMap(o), infiniteSlope);
    }

    /**
     * This policy with {@code value} used where a one-sided derivative is infinite (sqrt′(0)).
     *
     * @param value the slope used at the point, finite (the policy's default is a large finite
     *     number)
     * @return a new policy; this one is unchanged
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public KinkPolicy withInfiniteSlope(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("sqrt0=" + value + " is not finite");
        }
        return new KinkPolicy(name + ",sqrt0=" + value, lambda, familyLambdas, overrides, value);
    }

    /**
     * The λ used at the given kink of the family (value overrides aside).
     *
     * @param family the primitive's family
     * @param kinkIndex the kink's position in the family's ascending kinks
     * @return λ in [0, 1], the weight of D⁻
     */
    public double lambda(Family family, int kinkIndex) {
        if ((family == Family.REDUCE_MAX || family == Family.REDUCE_MIN) && overrides.containsKey(family)) {
            return overrides.get(family);
        }
        double[] l = familyLambdas.get(family);
        if (l != null) {
            return l[Math.min(kinkIndex, l.length - 1)];
        }
        return lambda;
    }

    /**
     * The derivative at a kink along the primitive's primary input: the override if one is set for
     * the family, else {@code λ·dMinus + (1−λ)·dPlus}.
     *
     * @param family the primitive's family
     * @param kinkIndex the kink's position in the family's ascending kinks
     * @param dMinus the left derivative D⁻ there
     * @param dPlus the right derivative D⁺ there
     * @return the derivative AD uses at that kink
     */
    public double derivative(Family family, int kinkIndex, double dMinus, double dPlus) {
        Double v = overrides.get(family);
        if (v != null && family != Family.REDUCE_MAX && family != Family.REDUCE_MIN) {
            return v;
        }
        double l = lambda(family, kinkIndex);
        if (dMinus == dPlus) {
            return dMinus;
        }
        return l * dMinus + (1 - l) * dPlus;
    }

    /**
     * The derivative at {@code kink} of {@code family}.
     *
     * @param family the primitive's family
     * @param kink one of the family's kinks
     * @return the derivative AD uses at that kink
     */
    public double derivative(Family family, Kink kink) {
        return derivative(family, kink.index(), kink.dMinus(), kink.dPlus());
    }

    /**
     * {@return the finite value used where a one-sided derivative is infinite (sqrt and x^p, 0 &lt;
     * p &lt; 1, at 0)}
     */
    public double infiniteSlope() {
        return infiniteSlope;
    }

    /**
     * The value override for {@code family}'s kinks, if this policy has one (reductions take theirs
     * as a λ: see {@link #lambda(Family, int)}), else empty.
     *
     * @param family the primitive's family
     * @return the override's value, or empty when the family follows the policy's λ
     */
    public OptionalDouble override(Family family) {
        Double v = overrides.get(family);
        return v == null || family == Family.REDUCE_MAX || family == Family.REDUCE_MIN ? OptionalDouble.empty()
                : OptionalDouble.of(v);
    }

    /**
     * The λ with {@code derivative(family, kink) = λ·D⁻ + (1 − λ)·D⁺}: the policy's own λ, or for a
     * value override v the λ = (D⁺ − v)/(D⁺ − D⁻) it amounts to (possibly outside [0, 1]).
     *
     * @param family the primitive's family
     * @param kink one of the family's kinks
     * @return the λ the policy's derivative at that kink amounts to
     */
    public double effectiveLambda(Family family, Kink kink) {
        OptionalDouble v = override(family);
        return v.isEmpty() ? lambda(family, kink.index())
                : (kink.dPlus() - v.getAsDouble()) / (kink.dPlus() - kink.dMinus());
    }

    /**
     * Overrides whose value lies outside [D⁻, D⁺] at some kink of their family with its default
     * parameters, as readable lines: such derivatives are still intensional (PAP) but not Clarke
     * subgradients. A program's own parameters (leaky_relu's α, clamp's bounds) are judged by
     * {@link #flag(Family, double...)}.
     *
     * @return one readable line per override that is not a Clarke subgradient at its family's
     *     default parameters; empty if none
     */
    public List<String> flagged() {
        List<String> out = new ArrayList<>();
        for (Family f : overrides.keySet()) {
            flag(f).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Why this policy's override for {@code family} with these parameters is not a Clarke
     * subgradient, if it is not.
     *
     * @param family the primitive's family
     * @param params the primitive's parameters; fewer than the row's take the defaults
     * @return the reason, in words, or empty when the override is a Clarke subgradient (or there is
     *     none)
     */
    public Optional<String> flag(Family family, double... params) {
        OptionalDouble v = override(family);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        for (Kink k : family.kinks(params)) {
            if (!k.isBetweenOneSided(v.getAsDouble())) {
                return Optional.of(family.id() + "=" + v.getAsDouble() + " lies outside [D⁻, D⁺] = ["
                        + Math.min(k.dMinus(), k.dPlus()) + ", " + Math.max(k.dMinus(), k.dPlus())
                        + "] at " + family.id() + "'s kink " + k.point()
                        + ": an intensional derivative, not a Clarke subgradient");
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the specification this policy was built from, e.g. {@code mid} or
     * {@code left,relu=0.3}}
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
