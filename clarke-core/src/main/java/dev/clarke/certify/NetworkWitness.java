package dev.clarke.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Clarke witness for a network with shared parameters: for every layer with genuine kink hits, a
 * few directions ζ_{l,j} on the parameters of the layer with parameters feeding it, with weights
 * β_{l,j} summing to 1. Each direction puts every genuine hit of its layer strictly on one side (one
 * class of every tie strictly on top). Moving w_t = w + Σ_l t^{e_l}·ζ_{l,j_l} (e_l = 1 for the
 * deepest such layer, 2 for the next, ...) makes f differentiable for small t &gt; 0 with ∇f(w_t)
 * converging to a gradient g_j; AD's value is Σ_j Π_l β_{l,j_l} · g_j, a convex combination of
 * limits of gradients — a Clarke subgradient (docs/theory/conv-certificates.md, §5). Directions are
 * sparse over the flat parameters in {@link dev.clarke.nn.Sequential#parameterShapes()} order.
 */
public final class NetworkWitness {

    /**
     * One direction of a layer.
     *
     * @param index  the flat parameter indices it moves
     * @param value  its entries there
     * @param weight its weight β
     */
    public record Option(int[] index, Rational[] value, Rational weight) {
    }

    /**
     * One layer's part.
     *
     * @param layer   the layer whose hits it resolves
     * @param options its directions and weights
     * @param note    what the directions are
     */
    public record Step(int layer, List<Option> options, String note) {
    }

    private final List<Step> steps;

    NetworkWitness(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The option pair ±ζ with weights α and 1 − α. */
    static List<Option> plusMinus(int[] index, Rational[] value, Rational alpha) {
        Rational[] minus = new Rational[value.length];
        for (int k = 0; k < value.length; k++) {
            minus[k] = value[k].negate();
        }
        return List.of(new Option(index, value, alpha), new Option(index, minus, Rational.ONE.sub(alpha)));
    }

    /** {@return the steps, deepest layer first (it gets the largest step t¹)} */
    public List<Step> steps() {
        return steps;
    }

    /** {@return the number of option combinations Π_l |options_l|} */
    public long combinations() {
        long n = 1;
        for (Step s : steps) {
            n = Math.multiplyExact(n, s.options().size());
        }
        return n;
    }

    /**
     * The choice of option per step for combination number {@code c} (mixed radix).
     *
     * @param c the combination's number, in [0, {@link #combinations()})
     * @return one option index per step, in the order of {@link #steps()}
     */
    public int[] choice(long c) {
        int[] j = new int[steps.size()];
        for (int i = 0; i < j.length; i++) {
            int n = steps.get(i).options().size();
            j[i] = (int) (c % n);
            c /= n;
        }
        return j;
    }

    /**
     * The weight Π_l β_{l,j_l} of a choice.
     *
     * @param choice one option index per step, as from {@link #choice}
     * @return the weight Π_l β_{l,j_l} of the choice, exactly
     */
    public Rational weight(int[] choice) {
        Rational w = Rational.ONE;
        for (int i = 0; i < steps.size(); i++) {
            w = w.mul(steps.get(i).options().get(choice[i]).weight());
        }
        return w;
    }

    /**
     * The chosen directions as dense vectors of length p, deepest first (the lexicographic order).
     *
     * @param choice one option index per step, as from {@link #choice}
     * @param p the number of parameters, the length of each direction
     * @return the chosen directions, deepest first (the lexicographic order)
     */
    public List<Rational[]> directions(int[] choice, int p) {
        List<Rational[]> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Rational[] d = new Rational[p];
            Arrays.fill(d, Rational.ZERO);
            Option o = steps.get(i).options().get(choice[i]);
            for (int k = 0; k < o.index().length; k++) {
                d[o.index()[k]] = o.value()[k];
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
                    .append(" (weights");
            for (Option o : s.options()) {
                sb.append(' ').append(o.weight());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
