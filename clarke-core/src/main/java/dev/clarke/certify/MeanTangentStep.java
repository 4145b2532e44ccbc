package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The witness step of Lemma 7 (docs/theory/conv-certificates.md): when a pool layer L is the only
 * layer with genuine hits and the layer P feeding it is the first with parameters, AD's value
 * depends on its choices at the ties only through T = Σ_i ā_i·Σ_c ω_{i,c}·a_{i,c} (the class
 * tangents a are then the classes' whole gradients, and the adjoints ā are fixed). Options ±ζ, ζ
 * one direction on P's parameters putting one class of every tie strictly on top each way, with
 * weights α and 1 − α, are a witness when T = α·V₊ + (1 − α)·V₋ exactly, V_± = Σ_i ā_i·a_{i,top_±(i)}.
 * Directions tried: all biases, then {@link TieSeparation#TRIES} − 1 seeded integer vectors.
 */
final class MeanTangentStep {

    private MeanTangentStep() {
    }

    /** The step, or null when no tried direction gives an α in [0, 1]. */
    static NetworkWitness.Step step(ParameterBlocks blocks, Function<Hit, Rational[]> weights, int l, int p, List<Hit> hs,
                                    List<List<PathTangent>> ts) {
        if (!blocks.coefficientsAreWeights(p)) {
            return null;
        }
        int first = blocks.weight(p, 0, 0);
        int size = blocks.end(p) - first;
        Rational[][][] a = new Rational[hs.size()][][];
        Rational[] adj = new Rational[hs.size()];
        Rational[] target = RationalVectors.zeros(size);
        for (int i = 0; i < hs.size(); i++) {
            Rational[] w = weights.apply(hs.get(i));
            adj[i] = Rational.of(hs.get(i).adjoint());
            a[i] = new Rational[ts.get(i).size()][];
            for (int c = 0; c < a[i].length; c++) {
                a[i][c] = blocks.dense(p, ts.get(i).get(c), first, size);
                RationalVectors.axpy(target, adj[i].mul(w[c]), a[i][c]);
            }
        }
        SplittableRandom rng = new SplittableRandom(0x5eed);
        for (int attempt = 0; attempt < TieSeparation.TRIES; attempt++) {
            Rational[] zeta = RationalVectors.zeros(size);
            for (int k = 0; k < size; k++) {
                zeta[k] = attempt == 0 ? Rational.ZERO : Rational.of(rng.nextInt(1, 1000) * (rng.nextBoolean() ? 1 : -1));
            }
            if (attempt == 0) {
                for (int b : blocks.biases(p)) {
                    zeta[b - first] = Rational.ONE;
                }
            }
            Rational[] plus = sideSum(hs, a, adj, zeta, size);
            Rational[] minus = sideSum(hs, a, adj, RationalVectors.scaled(Rational.ONE.negate(), zeta), size);
            Rational alpha = plus == null || minus == null ? null : alpha(target, plus, minus);
            if (alpha != null) {
                int[] index = new int[size];
                for (int k = 0; k < size; k++) {
                    index[k] = first + k;
                }
                return new NetworkWitness.Step(l, NetworkWitness.plusMinus(index, zeta, alpha), "±ζ on layer " + p
                        + " with α matching AD's mean class tangents (layer " + p + " is the first with parameters)");
            }
        }
        return null;
    }

    /** Σ_i ā_i·a_{i,top(i)} under ζ, or null when some tie has no strict top (or a kinked class stays on the kink). */
    private static Rational[] sideSum(List<Hit> hs, Rational[][][] a, Rational[] adj, Rational[] zeta, int size) {
        Rational[] sum = RationalVectors.zeros(size);
        for (int i = 0; i < a.length; i++) {
            boolean kinked = hs.get(i).kind() == NetworkCertificate.Kind.KINKED_WINDOW;
            int top = -1;
            Rational best = null;
            boolean strict = false;
            for (int c = 0; c < a[i].length; c++) {
                Rational v = RationalVectors.dot(a[i][c], zeta);
                if (kinked && v.isZero() && !RationalVectors.isZero(a[i][c])) {
                    return null;
                }
                int cmp = best == null ? 1 : v.compareTo(best);
                if (cmp > 0) {
                    top = c;
                    best = v;
                    strict = true;
                } else if (cmp == 0) {
                    strict = false;
                }
            }
            if (!strict) {
                return null;
            }
            RationalVectors.axpy(sum, adj[i], a[i][top]);
        }
        return sum;
    }

    /** α ∈ [0, 1] with target = α·plus + (1 − α)·minus exactly, or null. */
    private static Rational alpha(Rational[] target, Rational[] plus, Rational[] minus) {
        Rational[] d = RationalVectors.sub(plus, minus);
        Rational[] r = RationalVectors.sub(target, minus);
        Rational alpha = Rational.of(1, 2);
        for (int k = 0; k < d.length; k++) {
            if (!d[k].isZero()) {
                alpha = r[k].div(d[k]);
                break;
            }
        }
        if (alpha.signum() < 0 || alpha.compareTo(Rational.ONE) > 0) {
            return null;
        }
        for (int k = 0; k < d.length; k++) {
            if (!r[k].equals(alpha.mul(d[k]))) {
                return null;
            }
        }
        return alpha;
    }
}
