package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The witness step of a max-pool layer with genuine ties (docs/theory/conv-certificates.md §5.2):
 * every tie has exactly two identity classes with different tangents on the layer P feeding it; a
 * direction ζ on P's parameters (the biases, then small integers drawn from a fixed seed, at most
 * {@link #TRIES} tries) that separates every tie strictly, and for which AD's weight on the class ζ favours is the
 * same α in every tie. Then AD's value is α·g₊ + (1 − α)·g₋ in this layer's factor. The first
 * direction tried moves every bias of P (it separates every kinked window from its zero class); the
 * signs are decided in exact decimal arithmetic.
 */
final class TieSeparation {

    static final int TRIES = 8;

    private final ParameterBlocks blocks;
    private final Function<Hit, Rational[]> weights;

    /** With {@code weights}: AD's weight on each class of a tie, in the order of its tangents. */
    TieSeparation(ParameterBlocks blocks, Function<Hit, Rational[]> weights) {
        this.blocks = blocks;
        this.weights = weights;
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
                zeta[k] = attempt == 0 ? 0 : rng.nextInt(1, 1000) * (rng.nextBoolean() ? 1 : -1);
            }
            if (attempt == 0) {
                for (int b : blocks.biases(p)) {
                    zeta[b - first] = 1;
                }
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
            int c = compare(ts.get(i).get(0), ts.get(i).get(1), zeta, first, p);
            if (c == 0) {
                return null;
            }
            Rational[] w = weights.apply(h);
            Rational mine = w[c > 0 ? 0 : 1];
            if (alpha != null && !alpha.equals(mine)) {
                return null;
            }
            alpha = mine;
        }
        return alpha;
    }

    /** The sign of ⟨a − b, ζ⟩: in double when the rounding error cannot flip it, else exactly. */
    private int compare(PathTangent a, PathTangent b, double[] zeta, int first, int p) {
        double[] x = approx(a, zeta, first, p);
        double[] y = approx(b, zeta, first, p);
        double diff = x[0] - y[0];
        double bound = (a.coef().length + b.coef().length + 8) * 0x1p-52 * (x[1] + y[1]);
        if (Math.abs(diff) > bound) {
            return diff > 0 ? 1 : -1;
        }
        return dot(a, zeta, first, p).compareTo(dot(b, zeta, first, p));
    }

    /** ⟨t, ζ⟩ in double, and Σ|terms|: the rounding error is at most (n + 2)·2⁻⁵³ of the latter. */
    private double[] approx(PathTangent t, double[] zeta, int first, int p) {
        if (t.isZero()) {
            return new double[2];
        }
        double z = zeta[blocks.bias(p, t.block()) - first];
        double s = z;
        double m = Math.abs(z);
        for (int k = 0; k < t.coef().length; k++) {
            double term = t.coef()[k] * zeta[blocks.weight(p, t.block(), k) - first];
            s += term;
            m += Math.abs(term);
        }
        return new double[] {s * t.scale(), m * Math.abs(t.scale())};
    }

    /** ⟨t, ζ⟩ exactly: scale·(Σ coef_k·ζ_w(k) + ζ_bias). */
    private BigDecimal dot(PathTangent t, double[] zeta, int first, int p) {
        if (t.isZero()) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = new BigDecimal(zeta[blocks.bias(p, t.block()) - first]);
        for (int k = 0; k < t.coef().length; k++) {
            double z = zeta[blocks.weight(p, t.block(), k) - first];
            if (t.coef()[k] != 0 && z != 0) {
                s = s.add(new BigDecimal(t.coef()[k]).multiply(new BigDecimal(z)));
            }
        }
        return s.multiply(new BigDecimal(t.scale()));
    }
}
