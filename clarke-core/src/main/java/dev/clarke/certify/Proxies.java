package dev.clarke.certify;

import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;

/**
 * Reads what a {@link KinkPolicy} does at a kink: either a λ (the derivative is λ·D⁻ + (1 − λ)·D⁺)
 * or, for a per-family override, a fixed value. The two are told apart by probing the policy with
 * two pairs of one-sided derivatives: a λ-combination of (1, 2) and (3, 5) never coincide, an
 * override returns the same value for both.
 */
final class Proxies {

    private Proxies() {
    }

    /** The override value at this kink, or NaN when the policy uses a λ there. */
    static double override(KinkPolicy policy, Family f, int kink) {
        double a = policy.derivative(f, kink, 1, 2);
        double b = policy.derivative(f, kink, 3, 5);
        return a == b ? a : Double.NaN;
    }

    /**
     * The λ with proxy = λ·D⁻ + (1 − λ)·D⁺ at this kink: the policy's own λ, or for an override v
     * the λ = (D⁺ − v)/(D⁺ − D⁻) it amounts to (possibly outside [0, 1]).
     */
    static double lambda(KinkPolicy policy, Family f, int kink, double dMinus, double dPlus) {
        double v = override(policy, f, kink);
        if (Double.isNaN(v)) {
            return policy.lambda(f, kink);
        }
        return (dPlus - v) / (dPlus - dMinus);
    }

    /** The proxy derivative exactly: λ·D⁻ + (1 − λ)·D⁺ with the exact (dyadic) λ, or the override value. */
    static Rational exact(KinkPolicy policy, Family f, int kink, Rational dMinus, Rational dPlus) {
        double v = override(policy, f, kink);
        if (!Double.isNaN(v)) {
            return Rational.of(v);
        }
        Rational l = Rational.of(policy.lambda(f, kink));
        return l.mul(dMinus).add(Rational.ONE.sub(l).mul(dPlus));
    }
}
