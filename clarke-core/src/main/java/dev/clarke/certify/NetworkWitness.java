package dev.clarke.certify;

import java.util.ArrayList;
import java.util.List;

/**
 * A Clarke witness for a network with shared parameters: for every layer with genuine kink hits, a
 * direction ζ_l on the parameters of the layer with parameters feeding it, and the weight α_l of its
 * + side. Moving w_t = w + Σ_l σ_l·t^{e_l}·ζ_l (σ_l = ±1, e_l = 1 for the deepest such layer, 2 for
 * the next, ...) puts every genuine hit strictly on the side σ_l chose, so f is differentiable at
 * w_t for small t &gt; 0 and ∇f(w_t) converges to a gradient g_σ; AD's value is
 * Σ_σ Π_l (α_l if σ_l = + else 1 − α_l) · g_σ, a convex combination of limits of gradients — a
 * Clarke subgradient (docs/theory/conv-certificates.md, §5). Directions are sparse over the flat
 * parameters in {@link dev.clarke.nn.Network#parameterShapes()} order.
 */
public final class NetworkWitness {

    /**
     * One layer's part.
     *
     * @param layer the layer whose hits it resolves
     * @param index the flat parameter indices ζ_l moves
     * @param value ζ_l at those indices
     * @param alpha the weight of the + side
     * @param note  what the direction is
     */
    public record Step(int layer, int[] index, double[] value, Rational alpha, String note) {
    }

    private final List<Step> steps;

    NetworkWitness(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps, deepest layer first (it gets the largest step t¹). */
    public List<Step> steps() {
        return steps;
    }

    /** The weight Π_l (α_l or 1 − α_l) of a sign choice σ (one ±1 per step). */
    public Rational weight(int[] signs) {
        Rational w = Rational.ONE;
        for (int i = 0; i < steps.size(); i++) {
            Rational a = steps.get(i).alpha();
            w = w.mul(signs[i] > 0 ? a : Rational.ONE.sub(a));
        }
        return w;
    }

    /** The directions σ_l·ζ_l as dense rational vectors of length p, deepest first (the lexicographic order). */
    public List<Rational[]> directions(int[] signs, int p) {
        List<Rational[]> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Rational[] d = new Rational[p];
            java.util.Arrays.fill(d, Rational.ZERO);
            Step s = steps.get(i);
            for (int k = 0; k < s.index().length; k++) {
                d[s.index()[k]] = Rational.of(signs[i] * s.value()[k]);
            }
            out.add(d);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(sb.length() == 0 ? "" : "; ").append("layer ").append(s.layer()).append(": ").append(s.note())
                    .append(", α = ").append(s.alpha());
        }
        return sb.toString();
    }
}
