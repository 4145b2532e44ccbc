package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The witness step of a max-pool layer with genuine ties (docs/theory/conv-certificates.md §5.2).
 * Per channel of the layer P feeding it: with one genuine tie, for each class c of the tie that AD
 * weighs ω_c &gt; 0, a direction on that channel's parameters that puts c strictly on top
 * ({@link Cone#point}) — in a kinked window, the other elements on the kink strictly below it —
 * weighted ω_c; with several, the coupled joint choices of {@link SharedChannelTies}; channels
 * coupled by their cumulative weights. When some channel fails
 * every tie must have two classes with different tangents, and one direction ζ on P's parameters
 * (first all biases — it separates every kinked window from its zero class — then small integers
 * from a fixed seed, at most {@link #TRIES} tries) must separate every tie strictly with AD giving
 * the favoured class the same weight α in every tie: options ±ζ weighted α, 1 − α (after a batch
 * normalisation only the biases β are tried). Signs are
 * decided in double when the rounding bound allows, else exactly.
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
        List<NetworkWitness.Option> perBlock = blocks.coefficientsAreWeights(p) ? perBlock(p, hs, ts) : null;
        if (perBlock != null) {
            return new NetworkWitness.Step(l, perBlock, "per channel of layer " + p + ", directions that put one class of each of"
                    + " its ties strictly on top, weighted so that every class gets AD's weight");
        }
        for (List<PathTangent> t : ts) {
            if (t.size() != 2 || t.get(0).same(t.get(1))) {
                failure[0] = t.size() != 2 ? "a max-pool tie of layer " + l + " has " + t.size() + " classes of functions"
                        + " and no coupling of the ties sharing its channel of layer " + p + " was found with a strict direction for"
                        + " every joint choice (" + SharedChannelTies.ORDERS + " class orders and a greedy coupling tried)"
                        : "a max-pool tie of layer " + l + " is between different functions that layer " + p + " moves alike";
                return null;
            }
        }
        int first = blocks.coefficientsAreWeights(p) ? blocks.weight(p, 0, 0) : blocks.bias(p, 0);
        int size = blocks.coefficientsAreWeights(p) ? blocks.end(p) - first : blocks.biases(p).length;
        int tries = blocks.coefficientsAreWeights(p) ? TRIES : 1;
        SplittableRandom rng = new SplittableRandom(0x5eed);
        for (int attempt = 0; attempt < tries; attempt++) {
            double[] zeta = new double[size];
            for (int k = 0; k < size; k++) {
                zeta[k] = attempt == 0 ? 0 : rng.nextInt(1, 1000) * (rng.nextBoolean() ? 1 : -1);
            }
            if (attempt == 0) {
                for (int b : blocks.biases(p)) {
                    zeta[b - first] = 1;
                }
            }
            Rational alpha = alpha(hs, ts, zeta, first, p);
            if (alpha != null && alpha.signum() >= 0 && alpha.compareTo(Rational.ONE) <= 0) {
                int[] index = new int[size];
                Rational[] value = new Rational[size];
                for (int k = 0; k < size; k++) {
                    index[k] = first + k;
                    value[k] = Rational.of(zeta[k]);
                }
                return new NetworkWitness.Step(l, NetworkWitness.plusMinus(index, value, alpha), "±ζ on layer " + p
                        + " separating every tie of layer " + l);
            }
        }
        failure[0] = "no direction on layer " + p + " found that separates the ties of layer " + l
                + " with one weight α (" + TRIES + " tries)";
        return null;
    }

    /**
     * Per channel of P, options whose weighted choices are AD's weights on every tie of the channel
     * ({@link #blockOptions}); channels are combined by merging their cumulative weights (any
     * coupling with these marginals will do, AD's value being affine in the layer's choices). Null
     * when a tie spans two channels, or a channel's ties cannot be realised.
     */
    private List<NetworkWitness.Option> perBlock(int p, List<Hit> hs, List<List<PathTangent>> ts) {
        java.util.Map<Integer, List<Integer>> tiesOfBlock = new java.util.TreeMap<>();
        for (int i = 0; i < hs.size(); i++) {
            int block = -1;
            for (PathTangent t : ts.get(i)) {
                if (!t.isZero()) {
                    if (block >= 0 && block != t.block()) {
                        return null;
                    }
                    block = t.block();
                }
            }
            if (block < 0) {
                return null;
            }
            tiesOfBlock.computeIfAbsent(block, b -> new ArrayList<>()).add(i);
        }
        List<List<NetworkWitness.Option>> lists = new ArrayList<>();
        for (java.util.Map.Entry<Integer, List<Integer>> e : tiesOfBlock.entrySet()) {
            List<NetworkWitness.Option> opts = blockOptions(p, e.getKey(), e.getValue(), hs, ts);
            if (opts == null) {
                return null;
            }
            lists.add(opts);
        }
        return merge(lists);
    }

    /**
     * The options of one channel: one per class of its tie when it has one (Lemma 5), else the
     * coupled joint choices of {@link SharedChannelTies} (Lemma 6).
     */
    private List<NetworkWitness.Option> blockOptions(int p, int block, List<Integer> tiesHere, List<Hit> hs,
                                                     List<List<PathTangent>> ts) {
        PathTangent any = null;
        for (int i : tiesHere) {
            for (PathTangent x : ts.get(i)) {
                any = x.isZero() ? any : x;
            }
        }
        int dim = any.dim();
        int[] index = new int[dim];
        for (int k = 0; k < dim; k++) {
            index[k] = any.bias() && k == dim - 1 ? blocks.bias(p, block) : blocks.weight(p, block, k);
        }
        List<SharedChannelTies.Tie> ties = new ArrayList<>();
        for (int i : tiesHere) {
            Rational[] w = weights.apply(hs.get(i));
            List<Rational[]> vs = new ArrayList<>();
            for (int c = 0; c < ts.get(i).size(); c++) {
                if (w[c].signum() < 0) {
                    return null;
                }
                vs.add(vector(ts.get(i).get(c), dim));
            }
            ties.add(new SharedChannelTies.Tie(vs, w, hs.get(i).kind() == NetworkCertificate.Kind.KINKED_WINDOW));
        }
        return ties.size() == 1 ? classDirections(index, ties.get(0)) : SharedChannelTies.options(index, ties);
    }

    private static List<NetworkWitness.Option> classDirections(int[] index, SharedChannelTies.Tie t) {
        List<NetworkWitness.Option> out = new ArrayList<>();
        for (int c = 0; c < t.tangents().size(); c++) {
            if (t.weights()[c].signum() == 0) {
                continue;
            }
            Rational[] zeta;
            try {
                zeta = Cone.point(SharedChannelTies.rowsOnTop(t, c));
            } catch (IllegalStateException tooLarge) {
                return null;
            }
            if (zeta == null) {
                return null;
            }
            out.add(new NetworkWitness.Option(index, zeta, t.weights()[c]));
        }
        return out;
    }

    private static Rational[] vector(PathTangent t, int dim) {
        return t.isZero() ? RationalVectors.zeros(dim) : t.exact();
    }

    /** Couples the channels' options by their cumulative weights: one merged option per breakpoint interval. */
    private static List<NetworkWitness.Option> merge(List<List<NetworkWitness.Option>> lists) {
        java.util.TreeSet<Rational> cuts = new java.util.TreeSet<>();
        for (List<NetworkWitness.Option> opts : lists) {
            Rational acc = Rational.ZERO;
            for (NetworkWitness.Option o : opts) {
                acc = acc.add(o.weight());
                cuts.add(acc);
            }
        }
        List<NetworkWitness.Option> out = new ArrayList<>();
        Rational prev = Rational.ZERO;
        for (Rational cut : cuts) {
            Rational mid = prev.add(cut).div(Rational.of(2));
            List<Integer> idx = new ArrayList<>();
            List<Rational> val = new ArrayList<>();
            for (List<NetworkWitness.Option> opts : lists) {
                Rational acc = Rational.ZERO;
                for (NetworkWitness.Option o : opts) {
                    acc = acc.add(o.weight());
                    if (mid.compareTo(acc) < 0) {
                        for (int k = 0; k < o.index().length; k++) {
                            idx.add(o.index()[k]);
                            val.add(o.value()[k]);
                        }
                        break;
                    }
                }
            }
            out.add(new NetworkWitness.Option(idx.stream().mapToInt(Integer::intValue).toArray(), val.toArray(new Rational[0]),
                    cut.sub(prev)));
            prev = cut;
        }
        return out;
    }

    /** The common weight of the favoured class, or null when ζ ties a pair or the weights differ. */
    private Rational alpha(List<Hit> hs, List<List<PathTangent>> ts, double[] zeta, int first, int p) {
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

    /**
     * The sign of ⟨a − b, ζ⟩: in double when both are one term scale·(coef, 1) and the rounding error
     * cannot flip it, else exactly.
     */
    private int compare(PathTangent a, PathTangent b, double[] zeta, int first, int p) {
        PathTangent.Term ta = a.single();
        PathTangent.Term tb = b.single();
        if ((a.isZero() || ta != null) && (b.isZero() || tb != null)) {
            double[] x = approx(a, ta, zeta, first, p);
            double[] y = approx(b, tb, zeta, first, p);
            double diff = x[0] - y[0];
            int n = (ta == null ? 0 : ta.coef().length) + (tb == null ? 0 : tb.coef().length);
            double bound = (n + 10) * 0x1p-52 * (x[1] + y[1]);
            if (Math.abs(diff) > bound) {
                return diff > 0 ? 1 : -1;
            }
        }
        return dot(a, zeta, first, p).compareTo(dot(b, zeta, first, p));
    }

    /**
     * ⟨t, ζ⟩ in double for a one-term tangent, and Σ|terms|: the rounding error is at most
     * (n + 3)·2⁻⁵³ of the latter (the scale, a rational, is rounded once more).
     */
    private double[] approx(PathTangent t, PathTangent.Term term, double[] zeta, int first, int p) {
        if (t.isZero()) {
            return new double[2];
        }
        double z = zeta[blocks.bias(p, t.block()) - first];
        double s = z;
        double m = Math.abs(z);
        for (int k = 0; blocks.coefficientsAreWeights(p) && k < term.coef().length; k++) {
            double x = term.coef()[k] * zeta[blocks.weight(p, t.block(), k) - first];
            s += x;
            m += Math.abs(x);
        }
        double scale = term.scale().doubleValue();
        return new double[] {s * scale, m * Math.abs(scale)};
    }

    /** ⟨t, ζ⟩ exactly. */
    private Rational dot(PathTangent t, double[] zeta, int first, int p) {
        if (t.isZero()) {
            return Rational.ZERO;
        }
        Rational[] z = new Rational[zeta.length];
        for (int k = 0; k < z.length; k++) {
            z[k] = Rational.of(zeta[k]);
        }
        return RationalVectors.dot(blocks.dense(p, t, first, zeta.length), z);
    }
}
