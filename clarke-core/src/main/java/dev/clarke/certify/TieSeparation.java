package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.ops.KinkPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The witness step of a max-pool layer with genuine ties (docs/theory/conv-certificates.md §5.2):
 * every tie has exactly two identity classes with different tangents on the layer P feeding it; a
 * direction ζ on P's parameters (small integers, drawn from a fixed seed, at most {@link #TRIES}
 * draws) that separates every tie strictly, and for which AD's weight on the class ζ favours is the
 * same α in every tie. Then AD's value is α·g₊ + (1 − α)·g₋ in this layer's factor. The signs are
 * decided in exact decimal arithmetic.
 */
final class TieSeparation {

    static final int TRIES = 8;

    private final PassValues values;
    private final FunctionIdentity ids;
    private final ParameterBlocks blocks;
    private final KinkPolicy policy;

    TieSeparation(PassValues values, FunctionIdentity ids, ParameterBlocks blocks, KinkPolicy policy) {
        this.values = values;
        this.ids = ids;
        this.blocks = blocks;
        this.policy = policy;
    }

    NetworkWitness.Step step(int l, int p, List<Hit> hs, List<List<PathTangent>> ts, String[] failure) {
        for (List<PathTangent> t : ts) {
            if (t.size() != 2 || t.get(0).same(t.get(1))) {
                failure[0] = t.size() != 2 ? "a max-pool tie of layer " + l + " has " + t.size() + " classes of functions"
                        + " (the witness handles two)" : "a max-pool tie of layer " + l + " is between different functions"
                        + " that layer " + p + " moves alike";
                return null;
            }
        }
        int first = blocks.weight(p, 0, 0);
        int size = blocks.bias(p, 0) - first + blocks.biases(p).length;
        SplittableRandom rng = new SplittableRandom(0x5eed);
        for (int attempt = 0; attempt < TRIES; attempt++) {
            double[] zeta = new double[size];
            for (int k = 0; k < size; k++) {
                zeta[k] = rng.nextInt(1, 1000) * (rng.nextBoolean() ? 1 : -1);
            }
            Rational alpha = alpha(l, hs, ts, zeta, first, p);
            if (alpha != null) {
                int[] index = new int[size];
                for (int k = 0; k < size; k++) {
                    index[k] = first + k;
                }
                return new NetworkWitness.Step(l, index, zeta, alpha, "a direction on layer " + p
                        + " that separates every tie of layer " + l);
            }
        }
        failure[0] = "no direction on layer " + p + " found that separates the ties of layer " + l
                + " with one weight α (" + TRIES + " tries)";
        return null;
    }

    /** The common weight of the favoured class, or null when ζ ties a pair or the weights differ. */
    private Rational alpha(int l, List<Hit> hs, List<List<PathTangent>> ts, double[] zeta, int first, int p) {
        Rational alpha = null;
        for (int i = 0; i < hs.size(); i++) {
            Hit h = hs.get(i);
            BigDecimal a = dot(ts.get(i).get(0), zeta, first, p);
            BigDecimal b = dot(ts.get(i).get(1), zeta, first, p);
            int c = a.compareTo(b);
            if (c == 0) {
                return null;
            }
            Rational[] w = TieClasses.of(ids, values, l, h.sample(), h.element()).weights(policy);
            Rational mine = w[c > 0 ? 0 : 1];
            if (alpha != null && !alpha.equals(mine)) {
                return null;
            }
            alpha = mine;
        }
        return alpha;
    }

    /** ⟨t, ζ⟩ exactly: scale·(Σ coef_k·ζ_w(k) + ζ_bias). */
    private BigDecimal dot(PathTangent t, double[] zeta, int first, int p) {
        if (t.isZero()) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = new BigDecimal(zeta[blocks.bias(p, t.block()) - first]);
        for (int k = 0; k < t.coef().length; k++) {
            if (t.coef()[k] != 0) {
                s = s.add(new BigDecimal(t.coef()[k]).multiply(new BigDecimal(zeta[blocks.weight(p, t.block(), k) - first])));
            }
        }
        return s.multiply(new BigDecimal(t.scale()));
    }
}
