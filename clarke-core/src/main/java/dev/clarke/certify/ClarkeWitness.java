package dev.clarke.certify;

import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.List;

/**
 * The hierarchical bias perturbation that exhibits AD's value as a limit of true gradients (Lee,
 * Park, Aiken, Thm 3.6, constructively). For one sample, with a bias at every neuron on a kink and
 * a Bouligand policy (at each hit the derivative equals D⁻ or D⁺), give each kink neuron (l, i) the
 * side s_{l,i} whose one-sided derivative is the policy's, and move its bias:
 * w_t = w + Σ s_{l,i}·t^{L−l}·e_{b_{l,i}} (layers l from 0, so deeper layers get larger steps and
 * dominate what upstream moves cause). For small t &gt; 0 no neuron is on a kink at w_t, every hit
 * neuron is on its chosen side, and ∇f(w_t) → AD's value as t → 0: AD's value is a Bouligand (hence
 * Clarke) subgradient. Everything is exact.
 */
public final class ClarkeWitness {

    private final Rational[] w;
    private final int[] biasIndex;
    private final int[] side;
    private final int[] power;

    private ClarkeWitness(Rational[] w, int[] biasIndex, int[] side, int[] power) {
        this.w = w;
        this.biasIndex = biasIndex;
        this.side = side;
        this.power = power;
    }

    /**
     * The witness at w for one sample x under {@code policy}.
     *
     * @param net the network, with bias and activation per layer
     * @param w the parameter point, flat in {@link Parameters} order, exactly
     * @param x one sample's input, exactly
     * @param policy the kink policy whose derivatives AD used
     * @return the witness: one side per kink neuron, chosen so that the limit gradient equals AD's
     *     value
     * @throws IllegalArgumentException for a batch, a kink neuron without bias, or a derivative
     *         that is neither D⁻ nor D⁺ at some hit
     */
    public static ClarkeWitness of(Sequential net, Rational[] w, Rational[] x, KinkPolicy policy) {
        ExactOracle oracle = new ExactOracle(net);
        Parameters layout = new Parameters(net, new double[net.parameterCount()]);
        List<int[]> hits = oracle.kinkNeurons(w, new Rational[][] {x});
        int n = hits.size();
        int[] b = new int[n];
        int[] s = new int[n];
        int[] pw = new int[n];
        for (int h = 0; h < n; h++) {
            int l = hits.get(h)[0];
            int i = hits.get(h)[2];
            int k = hits.get(h)[3];
            b[h] = layout.biasIndex(l, i);
            if (b[h] < 0) {
                throw new IllegalArgumentException("witness: neuron " + i + " of layer " + (l + 1) + " is on a kink but has no bias");
            }
            Rational[][] table = oracle.kinkTable(l);
            Rational proxy = oracle.proxy(l, k, policy);
            if (proxy.equals(table[1][k])) {
                s[h] = -1;
            } else if (proxy.equals(table[2][k])) {
                s[h] = 1;
            } else {
                throw new IllegalArgumentException("witness: the derivative " + proxy + " at the kink of layer " + (l + 1)
                        + " is neither D- = " + table[1][k] + " nor D+ = " + table[2][k] + " (a Bouligand policy is needed)");
            }
            pw[h] = net.depth() - l;
        }
        return new ClarkeWitness(w.clone(), b, s, pw);
    }

    /** {@return the number of kink neurons moved} */
    public int size() {
        return side.length;
    }

    /**
     * The side (−1 or +1) chosen for the h-th kink neuron.
     *
     * @param h the kink neuron's position, in [0, {@link #size()})
     * @return the side (−1 or +1) chosen for it
     */
    public int side(int h) {
        return side[h];
    }

    /**
     * The flat index of the h-th kink neuron's bias.
     *
     * @param h the kink neuron's position, in [0, {@link #size()})
     * @return the flat index of its bias in the parameter vector
     */
    public int biasIndex(int h) {
        return biasIndex[h];
    }

    /**
     * w_t = w + Σ s_{l,i}·t^{L−l}·e_{b_{l,i}}.
     *
     * @param t the step, t &gt; 0 and small
     * @return the moved parameter point w_t, a new array
     */
    public Rational[] at(Rational t) {
        Rational[] p = w.clone();
        for (int h = 0; h < side.length; h++) {
            Rational step = Rational.ONE;
            for (int e = 0; e < power[h]; e++) {
                step = step.mul(t);
            }
            p[biasIndex[h]] = p[biasIndex[h]].add(side[h] > 0 ? step : step.negate());
        }
        return p;
    }
}
