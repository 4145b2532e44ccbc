package dev.clarke.certify;

import static dev.clarke.certify.RationalVectors.axpy;
import static dev.clarke.certify.RationalVectors.isZero;
import static dev.clarke.certify.RationalVectors.scaled;

import dev.clarke.nn.Dense;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact oracle: a dense network with piecewise-linear activations and a linear (sum) or
 * quadratic (MSE) head, evaluated in rational arithmetic at a parameter point w.
 *
 * <p>f is locally Lipschitz and piecewise smooth in w, so it is differentiable at w exactly when
 * its one-sided directional derivative d ↦ f′(w; d) is linear. That derivative is a forward pass
 * of one-sided derivatives: at a neuron on a kink, ρ′(y; ẏ) = D⁺·ẏ if ẏ &gt; 0, D⁻·ẏ if ẏ &lt; 0, 0
 * if ẏ = 0. On each open cone where the signs of the kink neurons' ẏ are fixed, f′(w; ·) is linear,
 * its gradient the forward pass with those fixed slopes. {@link #decide} enumerates the sign
 * patterns (a kink neuron whose ẏ vanishes for every d gets slope 0), keeps those whose cone is
 * non-empty ({@link Cone}; with a private bias per kink neuron and one sample every pattern is
 * feasible), and declares f differentiable iff all kept patterns give one gradient. AD's value under
 * a policy is the same forward pass with the policy's derivative at every kink.
 *
 * <p>Parameters are ordered as in {@link dev.clarke.nn.Parameters}; inputs are samples x[s][j].
 */
public final class ExactOracle {

    /** What the oracle decides at a point. */
    public record Decision(boolean kinkHit, boolean differentiable, Rational[] gradient, int feasiblePatterns) {
    }

    private final Sequential net;
    private final ExactActivation[] acts;
    private final int[] wOff;
    private final int[] bOff;
    private final int p;
    private final Rational[][] mseTarget;

    /**
     * The oracle for {@code net} with the sum head f = Σ outputs.
     *
     * @param net the network, with bias and activation per layer
     */
    public ExactOracle(Sequential net) {
        this(net, null);
    }

    /**
     * The oracle for {@code net} with the MSE head f = mean (o − t)² against {@code target}[s][k]
     * (null: the sum head).
     *
     * @param net the network, with bias and activation per layer
     * @param target the target t[s][k] per sample and output, or null for the sum head
     * @throws UnsupportedOperationException if an activation is not piecewise linear
     */
    public ExactOracle(Sequential net, Rational[][] target) {
        this.net = net;
        int L = net.depth();
        acts = new ExactActivation[L];
        wOff = new int[L];
        bOff = new int[L];
        int o = 0;
        for (int l = 0; l < L; l++) {
            Dense d = net.layer(l);
            acts[l] = d.activation() == null ? null : new ExactActivation(d.activation());
            wOff[l] = o;
            o += d.in() * d.out();
            bOff[l] = d.bias() ? o : -1;
            o += d.bias() ? d.out() : 0;
        }
        p = o;
        mseTarget = target;
    }

    /** {@return the number of parameters P, the length of the vectors {@code w}} */
    public int parameterCount() {
        return p;
    }

    // ---- forward --------------------------------------------------------------------------

    /** Pre-activations y[l][s][i] and outputs z[l][s][i] (z[0] = x), and kink indices. */
    private final class Pass {
        final Rational[][][] y;
        final Rational[][][] z;
        final int[][][] kink;
        boolean hit;
        boolean biasedHitsOnly = true;

        Pass(Rational[] w, Rational[][] x) {
            if (w.length != p) {
                throw new IllegalArgumentException("exact oracle: " + w.length + " parameters for a network with " + p);
            }
            int L = net.depth();
            int B = x.length;
            y = new Rational[L][][];
            z = new Rational[L + 1][][];
            kink = new int[L][B][];
            z[0] = x;
            for (int l = 0; l < L; l++) {
                Dense d = net.layer(l);
                y[l] = new Rational[B][d.out()];
                z[l + 1] = new Rational[B][d.out()];
                for (int s = 0; s < B; s++) {
                    kink[l][s] = new int[d.out()];
                    for (int i = 0; i < d.out(); i++) {
                        Rational v = d.bias() ? w[bOff[l] + i] : Rational.ZERO;
                        for (int j = 0; j < d.in(); j++) {
                            Rational zj = z[l][s][j];
                            if (!zj.isZero()) {
                                v = v.add(w[wOff[l] + j * d.out() + i].mul(zj));
                            }
                        }
                        y[l][s][i] = v;
                        int k = acts[l] == null ? -1 : acts[l].kinkAt(v);
                        kink[l][s][i] = k;
                        if (k >= 0) {
                            hit = true;
                            biasedHitsOnly &= d.bias();
                        }
                        z[l + 1][s][i] = acts[l] == null ? v : acts[l].apply(v);
                    }
                }
            }
        }

        Rational value() {
            Rational[][] out = z[net.depth()];
            Rational f = Rational.ZERO;
            int count = 0;
            for (int s = 0; s < out.length; s++) {
                for (int k = 0; k < out[s].length; k++) {
                    f = f.add(mseTarget == null ? out[s][k] : square(out[s][k].sub(mseTarget[s][k])));
                    count++;
                }
            }
            return mseTarget == null ? f : f.div(Rational.of(count));
        }
    }

    private static Rational square(Rational r) {
        return r.mul(r);
    }

    /**
     * f(w) on the samples x.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @return f(w) exactly
     */
    public Rational value(Rational[] w, Rational[][] x) {
        return new Pass(w, x).value();
    }

    /**
     * Whether some neuron sits exactly on a kink of its activation at w.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @return whether some neuron sits exactly on a kink of its activation at w
     */
    public boolean kinkHit(Rational[] w, Rational[][] x) {
        return new Pass(w, x).hit;
    }

    /**
     * Every neuron on a kink at w, as {layer, sample, neuron, kink index}, layer by layer.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @return every neuron on a kink at w, as {layer, sample, neuron, kink index}; empty if none
     */
    public List<int[]> kinkNeurons(Rational[] w, Rational[][] x) {
        Pass f = new Pass(w, x);
        List<int[]> out = new ArrayList<>();
        for (int l = 0; l < f.kink.length; l++) {
            for (int s = 0; s < f.kink[l].length; s++) {
                for (int i = 0; i < f.kink[l][s].length; i++) {
                    if (f.kink[l][s][i] >= 0) {
                        out.add(new int[] {l, s, i, f.kink[l][s][i]});
                    }
                }
            }
        }
        return out;
    }

    /**
     * The forward values at w: pre-activations y[l][s][i], outputs z[l][s][i] (z[0] = x), and the
     * kink index of every neuron (−1 off the kinks).
     */
    record Values(Rational[][][] y, Rational[][][] z, int[][][] kink) {
    }

    /** The forward values at w on the samples x. */
    Values values(Rational[] w, Rational[][] x) {
        Pass f = new Pass(w, x);
        return new Values(f.y, f.z, f.kink);
    }

    /** The network. */
    Sequential network() {
        return net;
    }

    /** The flat index of W_l[j → i]. */
    int weightIndex(int l, int j, int i) {
        return wOff[l] + j * net.layer(l).out() + i;
    }

    /** The flat index of b_l[i], or −1 when layer l has no bias. */
    int biasIndex(int l, int i) {
        return bOff[l] < 0 ? -1 : bOff[l] + i;
    }

    /** Layer l's activation in exact arithmetic, or null for a linear layer. */
    ExactActivation activation(int l) {
        return acts[l];
    }

    /** The exact kink table of layer l's activation: {points, D⁻, D⁺}; null for a linear layer. */
    Rational[][] kinkTable(int l) {
        ExactActivation a = acts[l];
        return a == null ? null : new Rational[][] {a.points, a.dMinus, a.dPlus};
    }

    /** The derivative AD uses at kink k of layer l under the policy, exactly. */
    Rational proxy(int l, int k, KinkPolicy policy) {
        return acts[l].proxy(policy, k);
    }

    // ---- one-sided directional derivative ---------------------------------------------------

    /**
     * f′(w; d), exactly: the forward pass of one-sided derivatives.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @param dir the direction d, of length {@link #parameterCount()}
     * @return the one-sided directional derivative f′(w; d), exactly
     */
    public Rational directional(Rational[] w, Rational[][] x, Rational[] dir) {
        Pass f = new Pass(w, x);
        int L = net.depth();
        int B = x.length;
        Rational[][] dz = new Rational[B][net.inputWidth()];
        for (Rational[] row : dz) {
            java.util.Arrays.fill(row, Rational.ZERO);
        }
        for (int l = 0; l < L; l++) {
            Dense d = net.layer(l);
            Rational[][] next = new Rational[B][d.out()];
            for (int s = 0; s < B; s++) {
                for (int i = 0; i < d.out(); i++) {
                    Rational dy = d.bias() ? dir[bOff[l] + i] : Rational.ZERO;
                    for (int j = 0; j < d.in(); j++) {
                        int wi = wOff[l] + j * d.out() + i;
                        dy = dy.add(dir[wi].mul(f.z[l][s][j])).add(w[wi].mul(dz[s][j]));
                    }
                    ExactActivation a = acts[l];
                    int k = f.kink[l][s][i];
                    next[s][i] = a == null ? dy : k < 0 ? a.slope(f.y[l][s][i]).mul(dy)
                            : dy.signum() > 0 ? a.dPlus[k].mul(dy) : dy.signum() < 0 ? a.dMinus[k].mul(dy) : Rational.ZERO;
                }
            }
            dz = next;
        }
        return headRow(f, dz);
    }

    /** The head's derivative: Σ_s,k c_{s,k}·dz[s][k] with c the head's adjoint (numbers, or rows). */
    private Rational headRow(Pass f, Rational[][] dz) {
        Rational g = Rational.ZERO;
        for (int s = 0; s < dz.length; s++) {
            for (int k = 0; k < dz[s].length; k++) {
                g = g.add(headAdjoint(f, s, k).mul(dz[s][k]));
            }
        }
        return g;
    }

    private Rational headAdjoint(Pass f, int s, int k) {
        return headAdjoint(f.z, s, k);
    }

    /** ∂f/∂(output s, k) at the forward values z (the head is analytic). */
    Rational headAdjoint(Rational[][][] z, int s, int k) {
        if (mseTarget == null) {
            return Rational.ONE;
        }
        Rational[][] out = z[net.depth()];
        int count = out.length * out[0].length;
        return Rational.of(2, count).mul(out[s][k].sub(mseTarget[s][k]));
    }

    // ---- decisions -------------------------------------------------------------------------

    /**
     * Decides differentiability at w: enumerates the kink neurons' sign patterns, keeps the feasible
     * ones, and compares their gradients. The gradient is returned when f is differentiable.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @return whether f is differentiable at w, with the gradient when it is
     */
    public Decision decide(Rational[] w, Rational[][] x) {
        Pass f = new Pass(w, x);
        int[] feasible = new int[1];
        List<Rational[]> grads = pieceGradients(f, w, x.length, feasible);
        boolean diff = grads.size() == 1;
        return new Decision(f.hit, diff, diff ? grads.get(0) : null, feasible[0]);
    }

    /**
     * The distinct gradients at w of the pieces around w: one per feasible sign pattern of the kink
     * neurons' tangents (each the forward pass with the pattern's one-sided slopes). With a private
     * bias per kink neuron and one sample every pattern is feasible, each pattern's open cone of
     * directions leads into a region where f is that piece, and these are the gradients whose convex
     * hull is the Clarke subdifferential ∂^C f(w) (docs/theory/machine-representable.md).
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @return the distinct piece gradients, exactly; one when f is differentiable at w
     */
    public List<Rational[]> pieceGradients(Rational[] w, Rational[][] x) {
        return pieceGradients(new Pass(w, x), w, x.length, new int[1]);
    }

    private List<Rational[]> pieceGradients(Pass f, Rational[] w, int batch, int[] feasible) {
        List<Rational[]> grads = new ArrayList<>();
        boolean skipCone = !f.hit || (batch == 1 && f.biasedHitsOnly);
        new Patterns(f, w, null, (g, cons) -> {
            if (skipCone || Cone.nonEmpty(cons)) {
                feasible[0]++;
                for (Rational[] h : grads) {
                    if (java.util.Arrays.equals(h, g)) {
                        return;
                    }
                }
                grads.add(g);
            }
        }).layer(0, initial(batch));
        return grads;
    }

    /**
     * AD's gradient under {@code policy}: the chain rule with the policy's derivative at every
     * kink.
     *
     * @param w the parameters, flat in {@code Parameters} order
     * @param x the samples, one row of inputs each
     * @param policy the kink policy whose derivatives are used at kinks
     * @return AD's gradient exactly, of length {@link #parameterCount()}
     */
    public Rational[] adGradient(Rational[] w, Rational[][] x, KinkPolicy policy) {
        Pass f = new Pass(w, x);
        Rational[][] out = new Rational[1][];
        new Patterns(f, w, policy, (g, cons) -> out[0] = g).layer(0, initial(x.length));
        return out[0];
    }

    private Rational[][][] initial(int batch) {
        Rational[][][] dz = new Rational[batch][net.inputWidth()][];
        for (Rational[][] s : dz) {
            for (int j = 0; j < s.length; j++) {
                s[j] = zeros();
            }
        }
        return dz;
    }

    private Rational[] zeros() {
        Rational[] r = new Rational[p];
        java.util.Arrays.fill(r, Rational.ZERO);
        return r;
    }

    private interface Leaf {
        void accept(Rational[] gradient, List<Rational[]> constraints);
    }

    /** Forward passes of tangent rows (linear forms in d), branching on the kink neurons' signs. */
    private final class Patterns {
        final Pass f;
        final Rational[] w;
        final KinkPolicy policy;
        final Leaf leaf;
        final List<Rational[]> cons = new ArrayList<>();

        Patterns(Pass f, Rational[] w, KinkPolicy policy, Leaf leaf) {
            this.f = f;
            this.w = w;
            this.policy = policy;
            this.leaf = leaf;
        }

        void layer(int l, Rational[][][] dz) {
            if (l == net.depth()) {
                Rational[] g = zeros();
                for (int s = 0; s < dz.length; s++) {
                    for (int k = 0; k < dz[s].length; k++) {
                        axpy(g, headAdjoint(f, s, k), dz[s][k]);
                    }
                }
                leaf.accept(g, cons);
                return;
            }
            Dense d = net.layer(l);
            int B = dz.length;
            Rational[][][] dy = new Rational[B][d.out()][];
            Rational[][][] next = new Rational[B][d.out()][];
            List<int[]> hits = new ArrayList<>();
            for (int s = 0; s < B; s++) {
                for (int i = 0; i < d.out(); i++) {
                    Rational[] row = zeros();
                    if (d.bias()) {
                        row[bOff[l] + i] = Rational.ONE;
                    }
                    for (int j = 0; j < d.in(); j++) {
                        int wi = wOff[l] + j * d.out() + i;
                        row[wi] = row[wi].add(f.z[l][s][j]);
                        axpy(row, w[wi], dz[s][j]);
                    }
                    dy[s][i] = row;
                    ExactActivation a = acts[l];
                    int k = f.kink[l][s][i];
                    if (a == null) {
                        next[s][i] = row;
                    } else if (k < 0) {
                        next[s][i] = scaled(a.slope(f.y[l][s][i]), row);
                    } else if (policy != null) {
                        next[s][i] = scaled(a.proxy(policy, k), row);
                    } else {
                        hits.add(new int[] {s, i, k});
                    }
                }
            }
            assign(l, hits, 0, dy, next);
        }

        void assign(int l, List<int[]> hits, int h, Rational[][][] dy, Rational[][][] next) {
            if (h == hits.size()) {
                layer(l + 1, next);
                return;
            }
            int s = hits.get(h)[0];
            int i = hits.get(h)[1];
            int k = hits.get(h)[2];
            Rational[] row = dy[s][i];
            if (isZero(row)) {
                next[s][i] = row;
                assign(l, hits, h + 1, dy, next);
                return;
            }
            ExactActivation a = acts[l];
            next[s][i] = scaled(a.dPlus[k], row);
            cons.add(row);
            assign(l, hits, h + 1, dy, next);
            cons.remove(cons.size() - 1);
            next[s][i] = scaled(a.dMinus[k], row);
            cons.add(scaled(Rational.ONE.negate(), row));
            assign(l, hits, h + 1, dy, next);
            cons.remove(cons.size() - 1);
        }
    }
}
