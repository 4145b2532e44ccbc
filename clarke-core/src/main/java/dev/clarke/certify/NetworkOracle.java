package dev.clarke.certify;

import static dev.clarke.certify.RationalVectors.axpy;
import static dev.clarke.certify.RationalVectors.dot;
import static dev.clarke.certify.RationalVectors.isZero;
import static dev.clarke.certify.RationalVectors.scaled;
import static dev.clarke.certify.RationalVectors.sub;
import static dev.clarke.certify.RationalVectors.zeros;

import dev.clarke.nn.Sequential;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact oracle for tiny convolutional networks (convolution, linear, max pooling, flatten,
 * piecewise-linear activations; sum head) in {@link Rational} arithmetic, on the nodes of a
 * {@link ScalarGraph}. As in {@link ExactOracle}: f is differentiable at w iff d ↦ f′(w; d) is
 * linear; f′(w; ·) is the forward pass of tangent rows (linear forms in d) with, at an activation
 * on a kink, D⁺ or D⁻ by the sign of the input's row, and at a max-pool tie the row of whichever
 * tied element grows fastest. {@link #decide} enumerates these choices, keeps those whose open cone
 * of directions is non-empty ({@link Cone}), and calls f differentiable iff they give one gradient.
 * Each kept gradient is a Bouligand subgradient. {@link #adGradient} is the same pass with the
 * policy's choices; {@link #gradientAlong} resolves every choice by a lexicographic direction, which
 * is how a {@link NetworkWitness} is checked.
 */
public final class NetworkOracle {

    private final ScalarGraph g;

    /**
     * The oracle of {@code net} on the samples x[s] (each flat in the network's sample shape).
     *
     * @param net the network; its parameters are replaced by each {@code w} asked about
     * @param x the samples, each flat in the network's sample shape, exactly
     * @throws UnsupportedOperationException for a layer or activation it does not cover
     */
    public NetworkOracle(Sequential net, Rational[][] x) {
        this.g = new ScalarGraph(net, x);
    }

    /** {@return the number of parameters P, the length of the vectors {@code w}} */
    public int parameterCount() {
        return g.parameters;
    }

    /**
     * f(w) = Σ of every output of every sample.
     *
     * @param w the parameters, flat in the network's parameter order
     * @return f(w) exactly
     */
    public Rational value(Rational[] w) {
        Rational[] v = g.values(w);
        Rational f = Rational.ZERO;
        for (int o : g.outputs) {
            f = f.add(v[o]);
        }
        return f;
    }

    /**
     * Whether some activation sits on a kink or some window has two maximal elements at w.
     *
     * @param w the parameters, flat in the network's parameter order
     * @return whether some activation is on a kink or some pooling window is tied at w
     */
    public boolean kinkHit(Rational[] w) {
        Rational[] v = g.values(w);
        for (int n = 0; n < g.size(); n++) {
            if (isKink(v, n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decides differentiability at w; the gradient is returned when f is differentiable.
     *
     * @param w the parameters, flat in the network's parameter order
     * @return whether f is differentiable at w, with the gradient when it is
     */
    public ExactOracle.Decision decide(Rational[] w) {
        Walk walk = new Walk(w, null, null);
        walk.run(0);
        boolean diff = walk.gradients.size() == 1;
        return new ExactOracle.Decision(kinkHit(w), diff, diff ? walk.gradients.get(0) : null, walk.feasible);
    }

    /**
     * Every distinct gradient of a feasible choice (the Bouligand subgradients the oracle sees).
     *
     * @param w the parameters, flat in the network's parameter order
     * @return the distinct gradients, exactly; one when f is differentiable at w
     */
    public List<Rational[]> bouligand(Rational[] w) {
        Walk walk = new Walk(w, null, null);
        walk.run(0);
        return walk.gradients;
    }

    /**
     * AD's gradient under {@code policy}: the chain rule with the policy's derivative at every kink
     * and tie.
     *
     * @param w the parameters, flat in the network's parameter order
     * @param policy the kink policy whose derivatives are used at kinks and ties
     * @return AD's gradient exactly, of length {@link #parameterCount()}
     */
    public Rational[] adGradient(Rational[] w, KinkPolicy policy) {
        Walk walk = new Walk(w, policy, null);
        walk.run(0);
        return walk.gradients.get(0);
    }

    /**
     * The limit of ∇f along w + Σ_i t^i·d_i (t → 0⁺): every choice resolved by the first direction
     * that decides it. A kink or tie no direction decides is resolved every way; all must give one
     * gradient (then any further generic perturbation gives it too).
     *
     * @param w the parameters, flat in the network's parameter order
     * @param directions d_1, d_2, ... each of length {@link #parameterCount()}, in order of
     *     priority
     * @return the limit gradient, exactly, of length {@link #parameterCount()}
     * @throws IllegalStateException if an undecided kink or tie changes the gradient
     */
    public Rational[] gradientAlong(Rational[] w, List<Rational[]> directions) {
        Walk walk = new Walk(w, null, directions);
        walk.run(0);
        if (walk.gradients.size() != 1) {
            throw new IllegalStateException("the directions leave a kink undecided that changes the gradient");
        }
        return walk.gradients.get(0);
    }

    /**
     * Whether AD's value under {@code policy} is Σ_j weight(j)·(the gradient along the witness's
     * directions j).
     *
     * @param w the parameters, flat in the network's parameter order
     * @param policy the kink policy AD used
     * @param witness the witness to check
     * @return whether AD's gradient equals the witness's weighted combination of limit gradients,
     *     exactly
     */
    public boolean witnessHolds(Rational[] w, KinkPolicy policy, NetworkWitness witness) {
        if (witness.combinations() > 1 << 16) {
            return false;
        }
        Rational[] sum = zeros(g.parameters);
        for (long c = 0; c < witness.combinations(); c++) {
            int[] choice = witness.choice(c);
            Rational[] grad;
            try {
                grad = gradientAlong(w, witness.directions(choice, g.parameters));
            } catch (IllegalStateException undecided) {
                return false;
            }
            axpy(sum, witness.weight(choice), grad);
        }
        return Arrays.equals(sum, adGradient(w, policy));
    }

    private boolean isKink(Rational[] v, int n) {
        int[] in = g.inputs.get(n);
        switch (g.op.get(n)) {
            case ACT: return g.activation.get(n).kinkAt(v[in[0]]) >= 0;
            case MAX: return tied(v, n).length > 1;
            default: return false;
        }
    }

    /** The inputs of max node n equal to its value, in window order. */
    private int[] tied(Rational[] v, int n) {
        return Arrays.stream(g.inputs.get(n)).filter(i -> v[i].equals(v[n])).toArray();
    }

    /** One pass of tangent rows; branches at kinks when neither a policy nor directions decide them. */
    private final class Walk {
        final Rational[] w;
        final Rational[] v;
        final KinkPolicy policy;
        final List<Rational[]> directions;
        final Rational[][] rows;
        final List<Rational[]> cons = new ArrayList<>();
        final List<Rational[]> gradients = new ArrayList<>();
        boolean branched;
        int feasible;

        Walk(Rational[] w, KinkPolicy policy, List<Rational[]> directions) {
            this.w = w;
            this.v = g.values(w);
            this.policy = policy;
            this.directions = directions;
            this.rows = new Rational[g.size()][];
        }

        void run(int from) {
            for (int n = from; n < g.size(); n++) {
                int[] in = g.inputs.get(n);
                switch (g.op.get(n)) {
                    case CONST: rows[n] = zeros(g.parameters); break;
                    case AFFINE: rows[n] = affine(n, in); break;
                    case MEAN: {
                        rows[n] = zeros(g.parameters);
                        for (int i : in) {
                            axpy(rows[n], g.constant.get(n), rows[i]);
                        }
                        break;
                    }
                    case ACT: {
                        ExactActivation a = g.activation.get(n);
                        int k = a.kinkAt(v[in[0]]);
                        Rational[] r = rows[in[0]];
                        if (k < 0 || isZero(r)) {
                            rows[n] = scaled(k < 0 ? a.slope(v[in[0]]) : Rational.ZERO, r);
                        } else if (policy != null) {
                            rows[n] = scaled(a.proxy(policy, k), r);
                        } else if (directions != null && lex(r) != 0) {
                            rows[n] = scaled(lex(r) > 0 ? a.dPlus[k] : a.dMinus[k], r);
                        } else {
                            branch(n, new Rational[][] {scaled(a.dPlus[k], r), scaled(a.dMinus[k], r)},
                                    new Rational[][][] {{r}, {scaled(Rational.ONE.negate(), r)}});
                            return;
                        }
                        break;
                    }
                    default: {
                        int[] t = tied(v, n);
                        List<Rational[]> distinct = new ArrayList<>();
                        for (int i : t) {
                            if (distinct.stream().noneMatch(d -> Arrays.equals(d, rows[i]))) {
                                distinct.add(rows[i]);
                            }
                        }
                        if (distinct.size() == 1) {
                            rows[n] = distinct.get(0);
                        } else if (policy != null) {
                            rows[n] = tieByPolicy(t);
                        } else if (directions != null && lexTop(distinct).size() == 1) {
                            rows[n] = lexTop(distinct).get(0);
                        } else {
                            if (directions != null) {
                                distinct = lexTop(distinct);
                            }
                            Rational[][][] cs = new Rational[distinct.size()][][];
                            for (int c = 0; c < cs.length; c++) {
                                List<Rational[]> rs = new ArrayList<>();
                                for (Rational[] o : distinct) {
                                    if (o != distinct.get(c)) {
                                        rs.add(sub(distinct.get(c), o));
                                    }
                                }
                                cs[c] = rs.toArray(new Rational[0][]);
                            }
                            branch(n, distinct.toArray(new Rational[0][]), cs);
                            return;
                        }
                    }
                }
            }
            Rational[] grad = zeros(g.parameters);
            for (int o : g.outputs) {
                axpy(grad, Rational.ONE, rows[o]);
            }
            if (policy != null || directions != null || !branched || Cone.nonEmpty(StrictDirection.distinct(cons))) {
                feasible++;
                if (gradients.stream().noneMatch(x -> Arrays.equals(x, grad))) {
                    gradients.add(grad);
                }
            }
        }

        private void branch(int n, Rational[][] choices, Rational[][][] constraints) {
            branched = true;
            for (int c = 0; c < choices.length; c++) {
                rows[n] = choices[c];
                cons.addAll(Arrays.asList(constraints[c]));
                if (policy != null || directions != null || StrictDirection.feasible(cons)) {
                    run(n + 1);     // an empty cone here stays empty deeper: prune it
                }
                for (int k = 0; k < constraints[c].length; k++) {
                    cons.remove(cons.size() - 1);
                }
            }
        }

        private Rational[] affine(int n, int[] in) {
            Rational[] r = zeros(g.parameters);
            if (g.bias.get(n) >= 0) {
                r[g.bias.get(n)] = Rational.ONE;
            }
            int[] ws = g.weights.get(n);
            for (int q = 0; q < in.length; q++) {
                r[ws[q]] = r[ws[q]].add(v[in[q]]);
                axpy(r, w[ws[q]], rows[in[q]]);
            }
            return r;
        }

        /** max-pool's rule at a tie of k: 2·min(λ, 1 − λ)/k each, the rest to the first (λ &lt; ½) or last (λ &gt; ½). */
        private Rational[] tieByPolicy(int[] t) {
            Rational lam = Rational.of(policy.lambda(Family.REDUCE_MAX, 1));
            Rational half = Rational.of(1, 2);
            Rational[] out = zeros(g.parameters);
            Rational share = (lam.compareTo(half) < 0 ? lam : Rational.ONE.sub(lam)).mul(Rational.of(2, t.length));
            for (int i : t) {
                axpy(out, share, rows[i]);
            }
            Rational rest = Rational.ONE.sub(share.mul(Rational.of(t.length)));
            axpy(out, rest, rows[lam.compareTo(half) < 0 ? t[0] : t[t.length - 1]]);
            return out;
        }

        /** The sign of ⟨r, d⟩ for the first direction d that decides it; 0 when none does. */
        private int lex(Rational[] r) {
            for (Rational[] d : directions) {
                int s = dot(r, d).signum();
                if (s != 0) {
                    return s;
                }
            }
            return 0;
        }

        /** The rows that grow fastest along the directions, lexicographically (several when they do not decide). */
        private List<Rational[]> lexTop(List<Rational[]> rs) {
            List<Rational[]> top = new ArrayList<>();
            for (Rational[] r : rs) {
                int c = top.isEmpty() ? 1 : lex(sub(r, top.get(0)));
                if (c > 0) {
                    top.clear();
                }
                if (c >= 0) {
                    top.add(r);
                }
            }
            return top;
        }
    }
}
