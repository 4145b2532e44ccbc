package dev.clarke.certify;

import dev.clarke.nn.Dense;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The non-differentiability test for dense networks with or without bias, one sample (Lee, Park,
 * Aiken §4, derived in docs/theory/machine-representable.md): a backward pass of <em>true</em>
 * adjoints that decides whether f is differentiable at w and, when it is, returns ∇f.
 *
 * <p>Layer l is <em>movable</em> at w when it has a bias or its input z_{l−1} is not 0: a bias, or
 * a weight W_l[j → i] with z_{l−1,j} ≠ 0 (a pseudo-bias), moves neuron i alone. Going from the head
 * down, as long as every kink neuron met has true adjoint c = 0 the one-sided derivative of f with
 * respect to the layer's output is linear and its coefficient is AD's adjoint. At the first layer l
 * with a kink neuron of adjoint c ≠ 0:
 * <ul>
 *   <li>if l is movable, f is not differentiable (moving the pseudo-bias by ±t gives one-sided
 *       derivatives c·D⁺·u and −c·D⁻·u, u ≠ 0, which do not cancel);</li>
 *   <li>otherwise z_{l−1} = 0 and the layers m+1..l below it down to the deepest movable layer m
 *       form a dead block: y_k = 0 in each, and f′ depends on the block only through
 *       Ψ(v) = Σ_i c_i·ρ′(y_{l,i}; (W_l ġ_{l−1}(… W_{m+1} ġ_m(v))))_i with v = ẏ_m, which the movable
 *       layer m reaches in every direction. f is not differentiable iff Ψ is not linear (decided
 *       exactly over the sign patterns of the block's kink neurons, each with a non-empty
 *       {@link Cone}); when Ψ(v) = ⟨h, v⟩, h is the true adjoint at y_m and the pass continues
 *       below m. If no layer below is movable (x = 0 and no bias), v = 0 and Ψ contributes 0.</li>
 * </ul>
 * With a bias in every layer no layer is dead and this is the test "a kink hit with non-zero
 * adjoint". The work is linear in the network except in dead blocks, which are enumerated (at most
 * {@link #MAX_PATTERNS} sign patterns).
 */
public final class BiasFreeTest {

    /** Sign patterns of a dead block beyond which the test gives up. */
    public static final int MAX_PATTERNS = 1 << 16;

    /**
     * The answer at one point.
     *
     * @param differentiable whether f is differentiable at w
     * @param gradient       ∇f(w) when differentiable, else null
     * @param adCorrect      when differentiable: whether AD's value under the policy is ∇f (AD's
     *                       adjoints equal the true ones except, possibly, below a dead block, where
     *                       its proxies may disagree with Ψ's coefficient h)
     * @param reason         which layer decided it, and how
     */
    public record Result(boolean differentiable, Rational[] gradient, boolean adCorrect, String reason) {
    }

    private final ExactOracle oracle;
    private final KinkPolicy policy;

    /**
     * The test over the oracle's network and head (one sample), AD's value taken under {@code policy}.
     *
     * @param oracle the network and its head
     * @param policy the kink policy of AD's value
     */
    public BiasFreeTest(ExactOracle oracle, KinkPolicy policy) {
        this.oracle = oracle;
        this.policy = policy;
    }

    /**
     * Decides differentiability at w for one sample x, with the oracle's head.
     *
     * @param w the parameters
     * @param x the sample
     * @return the answer
     * @throws IllegalStateException if a dead block has more than {@link #MAX_PATTERNS} sign patterns
     */
    public Result decide(Rational[] w, Rational[] x) {
        ExactOracle.Values v = oracle.values(w, new Rational[][] {x});
        Rational[] c = new Rational[oracle.network().outputWidth()];
        for (int k = 0; k < c.length; k++) {
            c[k] = oracle.headAdjoint(v.z(), 0, k);
        }
        return decide(w, v, c);
    }

    /**
     * Decides differentiability at w for one sample x, for any analytic head whose gradient at the
     * network's output is {@code headAdjoint}.
     *
     * @param w           the parameters
     * @param x           the sample
     * @param headAdjoint ∂ℓ/∂(output k) at the network's output
     * @return the answer
     */
    public Result decide(Rational[] w, Rational[] x, Rational[] headAdjoint) {
        return decide(w, oracle.values(w, new Rational[][] {x}), headAdjoint.clone());
    }

    private Result decide(Rational[] w, ExactOracle.Values v, Rational[] c) {
        int depth = oracle.network().depth();
        Rational[] grad = RationalVectors.zeros(oracle.parameterCount());
        boolean adCorrect = true;
        int l = depth - 1;
        while (l >= 0) {
            int live = liveKink(v, l, c);
            if (live < 0) {
                Rational[] delta = new Rational[c.length];
                for (int i = 0; i < c.length; i++) {
                    ExactActivation a = oracle.activation(l);
                    delta[i] = a == null ? c[i] : v.kink()[l][0][i] >= 0 ? Rational.ZERO : a.slope(v.y()[l][0][i]).mul(c[i]);
                }
                c = backThrough(w, v, l, delta, grad);
                l--;
                continue;
            }
            int pseudo = pseudoBias(w, v, l);
            if (pseudo != -2) {
                return new Result(false, null, false, "neuron " + live + " of layer " + (l + 1) + " sits on a kink with adjoint "
                        + c[live] + " and its " + (pseudo < 0 ? "bias" : "input weight W[" + pseudo + " -> " + live + "]")
                        + " moves it alone");
            }
            int m = l - 1;
            while (m >= 0 && pseudoBias(w, v, m) == -2) {
                m--;
            }
            if (m < 0) {
                // x = 0 and no bias below: nothing moves the block's input, so Ψ contributes 0.
                return new Result(true, grad, adCorrect, "the kinks with non-zero adjoint sit in layers that no parameter moves");
            }
            Rational[] h = deadBlock(w, v, m, l, c);
            if (h == null) {
                return new Result(false, null, false, "layer " + (l + 1) + " has input 0 and a kink with non-zero adjoint, and the"
                        + " dead block from layer " + (m + 2) + " makes f's one-sided derivative non-linear in layer "
                        + (m + 1) + "'s pre-activations");
            }
            adCorrect &= Arrays.equals(h, proxyBackward(w, v, m, l, c));
            c = backThrough(w, v, m, h, grad);
            l = m - 1;
        }
        return new Result(true, grad, adCorrect, "no movable kink with non-zero adjoint; every dead block is linear");
    }

    /** A kink neuron of layer l whose adjoint is non-zero, or −1. */
    private static int liveKink(ExactOracle.Values v, int l, Rational[] c) {
        for (int i = 0; i < c.length; i++) {
            if (v.kink()[l][0][i] >= 0 && !c[i].isZero()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How layer l is movable: −1 by its bias, j ≥ 0 by the weights from input j (z_{l−1,j} ≠ 0), −2
     * not at all.
     */
    private int pseudoBias(Rational[] w, ExactOracle.Values v, int l) {
        if (oracle.biasIndex(l, 0) >= 0) {
            return -1;
        }
        Rational[] in = v.z()[l][0];
        for (int j = 0; j < in.length; j++) {
            if (!in[j].isZero()) {
                return j;
            }
        }
        return -2;
    }

    /** AD's adjoint at y_m: c at z_l taken back through layers l..m with the policy's derivative at every kink. */
    private Rational[] proxyBackward(Rational[] w, ExactOracle.Values v, int m, int l, Rational[] c) {
        Rational[] cur = c;
        for (int k = l; ; k--) {
            ExactActivation a = oracle.activation(k);
            Rational[] delta = new Rational[cur.length];
            for (int i = 0; i < cur.length; i++) {
                int kink = v.kink()[k][0][i];
                delta[i] = a == null ? cur[i] : (kink >= 0 ? a.proxy(policy, kink) : a.slope(v.y()[k][0][i])).mul(cur[i]);
            }
            if (k == m) {
                return delta;
            }
            Dense d = oracle.network().layer(k);
            cur = RationalVectors.zeros(d.in());
            for (int j = 0; j < d.in(); j++) {
                for (int i = 0; i < d.out(); i++) {
                    cur[j] = cur[j].add(w[oracle.weightIndex(k, j, i)].mul(delta[i]));
                }
            }
        }
    }

    /** Adds layer l's parameter gradient for the adjoint delta at y_l and returns the adjoint at z_{l−1}. */
    private Rational[] backThrough(Rational[] w, ExactOracle.Values v, int l, Rational[] delta, Rational[] grad) {
        Dense d = oracle.network().layer(l);
        Rational[] in = v.z()[l][0];
        Rational[] up = RationalVectors.zeros(d.in());
        for (int i = 0; i < d.out(); i++) {
            if (delta[i].isZero()) {
                continue;
            }
            if (d.bias()) {
                int b = oracle.biasIndex(l, i);
                grad[b] = grad[b].add(delta[i]);
            }
            for (int j = 0; j < d.in(); j++) {
                int wi = oracle.weightIndex(l, j, i);
                grad[wi] = grad[wi].add(delta[i].mul(in[j]));
            }
        }
        for (int j = 0; j < d.in(); j++) {
            for (int i = 0; i < d.out(); i++) {
                up[j] = up[j].add(w[oracle.weightIndex(l, j, i)].mul(delta[i]));
            }
        }
        return up;
    }

    /**
     * Ψ over the dead block m..l as a function of v = ẏ_m: its coefficient vector when it is linear,
     * null when it is not.
     */
    private Rational[] deadBlock(Rational[] w, ExactOracle.Values v, int m, int l, Rational[] c) {
        int n = oracle.network().layer(m).out();
        Rational[][] rows = new Rational[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = RationalVectors.zeros(n);
            rows[i][i] = Rational.ONE;
        }
        List<Rational[]> results = new ArrayList<>();
        new Block(w, v, l, c, results).layer(m, rows, new ArrayList<>());
        return results.size() == 1 ? results.get(0) : null;
    }

    /** The sign patterns of a dead block: tangent rows over v, branching at kink neurons. */
    private final class Block {
        final Rational[] w;
        final ExactOracle.Values v;
        final int last;
        final Rational[] c;
        final List<Rational[]> results;
        int patterns;

        Block(Rational[] w, ExactOracle.Values v, int last, Rational[] c, List<Rational[]> results) {
            this.w = w;
            this.v = v;
            this.last = last;
            this.c = c;
            this.results = results;
        }

        /** Layer k's pre-activation tangents dy are given; apply the activation, neuron by neuron. */
        void layer(int k, Rational[][] dy, List<Rational[]> cons) {
            neuron(k, dy, new Rational[dy.length][], 0, cons);
        }

        void neuron(int k, Rational[][] dy, Rational[][] dz, int i, List<Rational[]> cons) {
            if (results.size() > 1) {
                return;
            }
            if (i == dy.length) {
                next(k, dz, cons);
                return;
            }
            ExactActivation a = oracle.activation(k);
            int kink = v.kink()[k][0][i];
            if (a == null || kink < 0 || RationalVectors.isZero(dy[i])) {
                dz[i] = a == null ? dy[i] : kink >= 0 ? dy[i] : RationalVectors.scaled(a.slope(v.y()[k][0][i]), dy[i]);
                neuron(k, dy, dz, i + 1, cons);
                return;
            }
            for (int side = 1; side >= -1; side -= 2) {
                cons.add(side > 0 ? dy[i] : RationalVectors.scaled(Rational.ONE.negate(), dy[i]));
                if (++patterns > MAX_PATTERNS) {
                    throw new IllegalStateException("no-bias test: a dead block with more than " + MAX_PATTERNS + " sign patterns");
                }
                if (Cone.nonEmpty(cons)) {
                    dz[i] = RationalVectors.scaled(side > 0 ? a.dPlus[kink] : a.dMinus[kink], dy[i]);
                    neuron(k, dy, dz, i + 1, cons);
                }
                cons.remove(cons.size() - 1);
            }
        }

        void next(int k, Rational[][] dz, List<Rational[]> cons) {
            if (k == last) {
                Rational[] psi = RationalVectors.zeros(dz.length == 0 ? 0 : dz[0].length);
                for (int i = 0; i < dz.length; i++) {
                    RationalVectors.axpy(psi, c[i], dz[i]);
                }
                for (Rational[] r : results) {
                    if (Arrays.equals(r, psi)) {
                        return;
                    }
                }
                results.add(psi);
                return;
            }
            Dense d = oracle.network().layer(k + 1);
            Rational[][] dy = new Rational[d.out()][];
            for (int i = 0; i < d.out(); i++) {
                dy[i] = RationalVectors.zeros(dz[0].length);
                for (int j = 0; j < d.in(); j++) {
                    RationalVectors.axpy(dy[i], w[oracle.weightIndex(k + 1, j, i)], dz[j]);
                }
            }
            layer(k + 1, dy, cons);
        }
    }
}
