package dev.clarke.certify;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.DensePass;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one gradient of a network's loss is, decided from the forward and backward pass that
 * computed it: every kink hit as (layer, neuron, sample, kink point, adjoint at the neuron's
 * output), and a {@link Verdict} (Lee, Park, Aiken, ICML 2023; Park, Chun, Lee, ICLR 2024):
 * <ul>
 *   <li>no hit with a non-zero adjoint: f is differentiable and AD's value is ∇f (any batch, bias or
 *       not: the kinks do not reach f at first order);</li>
 *   <li>one sample, and the deepest layer with a non-zero-adjoint hit has a bias (or a non-zero input,
 *       whose weight acts as a private bias): f is not differentiable; AD's value is a Clarke
 *       subgradient when the proxies lie in [D⁻, D⁺] and the layers with hits have bias, or when the
 *       per-layer cone condition holds;</li>
 *   <li>a batch: AD's value is a Clarke subgradient when every layer with hits has bias and the
 *       policy is one λ ∈ [0, 1] per layer (Park Thm 4), or when the per-layer cone condition holds
 *       ({@link ConeCondition}); differentiability itself is not decided ({@link Verdict#CLARKE});</li>
 *   <li>otherwise {@link Verdict#UNKNOWN} with the reason.</li>
 * </ul>
 * The work beyond the passes is proportional to the number of hits.
 */
public final class Certificate {

    /**
     * One kink hit.
     *
     * @param layer     layer index, from 0
     * @param neuron    neuron within the layer
     * @param sample    sample within the batch
     * @param point     the kink point the pre-activation sits on
     * @param kinkIndex the kink's index among the activation's kinks
     * @param adjoint   the cotangent at the neuron's output after backward
     */
    public record Hit(int layer, int neuron, int sample, double point, int kinkIndex, double adjoint) {
    }

    private final List<Hit> hits;
    private final Verdict verdict;
    private final Boolean differentiable;
    private final String reason;
    private final int batch;
    private final double value;
    private final double[] gradient;
    private double[] correctGradient;
    /** Whether a degenerate kink with a non-zero adjoint got a slope other than its derivative. */
    private final boolean degenerate;

    private Certificate(List<Hit> hits, Verdict verdict, Boolean differentiable, String reason, int batch,
                        double value, double[] gradient) {
        this(hits, verdict, differentiable, reason, batch, value, gradient, false);
    }

    private Certificate(List<Hit> hits, Verdict verdict, Boolean differentiable, String reason, int batch,
                        double value, double[] gradient, boolean degenerate) {
        this.degenerate = degenerate;
        this.hits = hits;
        this.verdict = verdict;
        this.differentiable = differentiable;
        this.reason = reason;
        this.batch = batch;
        this.value = value;
        this.gradient = gradient;
    }

    /**
     * Computes the loss and its gradient with respect to every parameter on a new trace (one forward,
     * one backward pass) and certifies it.
     *
     * @param net the network, with bias and activation per layer
     * @param w the parameter values, in {@link Parameters} order
     * @param x inputs [batch, in]
     * @param loss the head reducing the network's output to the scalar loss
     * @param policy the kink policy of the trace
     * @param dtype the working precision of the trace
     * @return the certificate, with the loss value and AD's gradient filled in
     */
    public static Certificate compute(Sequential net, Parameters w, Tensor x, Loss loss, KinkPolicy policy, DType dtype) {
        Trace t = new Trace(policy, dtype);
        DensePass pass = net.forward(t, w, x);
        Var f = loss.apply(pass.output());
        Gradients g = t.grad(f, List.of(pass.leaves()), Backward.RELEASE);
        List<Tensor> gs = new ArrayList<>();
        for (Var leaf : pass.leaves()) {
            gs.add(g.of(leaf));
        }
        Certificate c = of(net, pass, t.kinks(), policy);
        if (c.degenerate) {
            return resolveDegenerate(net, w, x, loss, dtype, c, f.item(), Parameters.flatten(gs));
        }
        if (c.differentiable == null && c.batch == 1 && DeadLayers.covers(net)) {
            return DeadLayers.decide(net, w, x, loss, policy, c.hits, f.item(), Parameters.flatten(gs));
        }
        Certificate out = new Certificate(c.hits, c.verdict, c.differentiable, c.reason, c.batch, f.item(),
                Parameters.flatten(gs));
        if (c.verdict == Verdict.NONDIFFERENTIABLE_NOT_CLARKE && hitLayersHaveBias(net, c.hits)) {
            // one sample, a bias at every kink neuron, D⁻ at every kink: a Clarke subgradient (Lee et al. Thm 3.6)
            out.correctGradient = compute(net, w, x, loss, KinkPolicy.left(), dtype).gradient;
        }
        return out;
    }

    /**
     * A degenerate kink whose slope differs from its derivative: D⁻ is that derivative, so under the
     * left policy AD takes it there; if that certificate proves f differentiable, f's gradient is the
     * left policy's value and AD's is compared with it.
     */
    private static Certificate resolveDegenerate(Sequential net, Parameters w, Tensor x, Loss loss, DType dtype,
                                                 Certificate c, double value, double[] gradient) {
        Certificate left = compute(net, w, x, loss, KinkPolicy.left(), dtype);
        if (left.verdict != Verdict.DIFFERENTIABLE_CORRECT) {
            return new Certificate(c.hits, Verdict.UNKNOWN, null, c.reason + "; with D⁻ at every kink: " + left.reason,
                    c.batch, value, gradient, true);
        }
        if (java.util.Arrays.equals(left.gradient, gradient)) {
            return new Certificate(c.hits, Verdict.DIFFERENTIABLE_CORRECT, true, "f is differentiable (with D⁻ at every"
                    + " kink: " + left.reason + ") and the degenerate kinks' slopes did not change AD's value",
                    c.batch, value, gradient, true);
        }
        Certificate out = new Certificate(c.hits, Verdict.DIFFERENTIABLE_INCORRECT, true, "f is differentiable (with D⁻"
                + " at every kink: " + left.reason + "), but a degenerate kink (D⁻ = D⁺) got another slope with a"
                + " non-zero adjoint: AD's value is wrong; correctGradient() is the derivative", c.batch, value, gradient, true);
        out.correctGradient = left.gradient;
        return out;
    }

    private static boolean hitLayersHaveBias(Sequential net, List<Hit> hits) {
        for (Hit h : hits) {
            if (!net.layer(h.layer()).bias()) {
                return false;
            }
        }
        return true;
    }

    /** A certificate with every field given (for {@link DeadLayers}). */
    static Certificate of(List<Hit> hits, Verdict verdict, Boolean differentiable, String reason, double value,
                          double[] gradient, double[] correctGradient) {
        Certificate c = new Certificate(hits, verdict, differentiable, reason, 1, value, gradient);
        c.correctGradient = correctGradient;
        return c;
    }

    /**
     * Certifies a gradient already computed: {@code pass} is the recorded forward pass and
     * {@code log} the trace's kink log after the backward pass (so hits carry adjoints).
     *
     * @param net the network the pass ran through
     * @param pass the recorded forward pass
     * @param log the trace's kink log after the backward pass, so hits carry adjoints
     * @param policy the trace's kink policy
     * @return the certificate; {@link #value()} is NaN and {@link #gradient()} null
     */
    public static Certificate of(Sequential net, DensePass pass, KinkLog log, KinkPolicy policy) {
        int batch = pass.output().shape().dim(0);
        List<Hit> hits = new ArrayList<>();
        int degenerate = 0;
        int[] nodes = pass.activationNodes();
        for (int h = 0; h < log.size(); h++) {
            KinkLog.Hit k = log.get(h);
            int layer = layerOf(nodes, k.node());
            if (layer < 0) {
                continue;
            }
            Dense d = net.layer(layer);
            Kink kink = d.activation().kinkAt(k.point());
            double adjoint = k.hasAdjoint() ? k.adjoint() : 0;
            if (d.activation().degenerateKinkAt(k.point())) {
                // D⁻ = D⁺: ρ is differentiable here. With that slope the hit is no kink at all; with
                // another (a zero-width piece's), AD's value may be wrong at a differentiable point.
                if (d.activation().slope(k.point(), policy) == kink.dMinus()) {
                    continue;
                }
                if (adjoint != 0) {
                    degenerate++;
                }
            }
            hits.add(new Hit(layer, k.element() % d.out(), k.element() / d.out(), k.point(),
                    kink == null ? 0 : kink.index(), k.hasAdjoint() ? k.adjoint() : 0));
        }
        if (degenerate > 0) {
            return new Certificate(List.copyOf(hits), Verdict.UNKNOWN, null, degenerate + " hit(s) of a degenerate kink"
                    + " (coinciding breakpoints with D⁻ = D⁺, e.g. softshrink(0) or clamp(c, c)) have a non-zero adjoint and"
                    + " a policy slope other than that derivative: AD's value may be wrong at a differentiable point",
                    batch, Double.NaN, null, true);
        }
        return decide(net, pass, List.copyOf(hits), batch, policy);
    }

    private static int layerOf(int[] nodes, int node) {
        for (int l = 0; l < nodes.length; l++) {
            if (nodes[l] == node) {
                return l;
            }
        }
        return -1;
    }

    private static Certificate decide(Sequential net, DensePass pass, List<Hit> hits, int batch, KinkPolicy policy) {
        int deepest = -1;
        for (Hit h : hits) {
            if (h.adjoint() != 0) {
                deepest = Math.max(deepest, h.layer());
            }
        }
        if (deepest < 0) {
            return new Certificate(hits, Verdict.DIFFERENTIABLE_CORRECT, true, hits.isEmpty()
                    ? "no neuron sits on a kink" : "every kink hit has adjoint 0: the kinks do not reach f at first order",
                    batch, Double.NaN, null);
        }
        ConeCondition cone = new ConeCondition(net, pass, hits, policy);
        boolean allBias = true;
        for (Hit h : hits) {
            allBias &= net.layer(h.layer()).bias();
        }
        String clarke = null;
        if (batch == 1 && allBias && cone.proxiesBetweenOneSided()) {
            clarke = "one sample, a bias per neuron, proxies in [D⁻, D⁺] (Lee et al. Thm 3.6; Park et al. Thm 1)";
        } else if (allBias && cone.uniformLambdaPerLayer()) {
            clarke = "a bias per neuron and one λ in [0, 1] per layer (Park et al. Thm 4)";
        } else if (cone.holds()) {
            clarke = "the cone condition holds in every layer with kink hits (Park et al. Thm 8)";
        }
        String where = "layer " + (deepest + 1);
        if (batch == 1) {
            boolean privateDirection = net.layer(deepest).bias() || nonZero(pass.layerInputs().get(deepest).value());
            if (privateDirection) {
                String why = "a kink hit in " + where + " has a non-zero adjoint and its neuron has a private "
                        + (net.layer(deepest).bias() ? "bias" : "input weight");
                Hit outside = cone.outsideOneSided(deepest);
                if (clarke == null && outside != null) {
                    return new Certificate(hits, Verdict.NONDIFFERENTIABLE_NOT_CLARKE, false, why + "; not Clarke: the derivative"
                            + " at neuron " + outside.neuron() + " of " + where + " lies outside [D⁻, D⁺] and every Clarke"
                            + " subgradient's component along that " + (net.layer(deepest).bias() ? "bias" : "weight")
                            + " lies in adjoint·[D⁻, D⁺]·input" + (allBias ? "; correctGradient() is one (D⁻ at every kink,"
                            + " Lee et al. Thm 3.6)" : ""),
                            batch, Double.NaN, null);
                }
                return clarke != null
                        ? new Certificate(hits, Verdict.NONDIFFERENTIABLE_CLARKE, false, why + "; Clarke: " + clarke, batch, Double.NaN, null)
                        : new Certificate(hits, Verdict.UNKNOWN, false, why + "; whether AD's value is a Clarke subgradient is"
                                + " not decided: " + cone.failure(), batch, Double.NaN, null);
            }
            return new Certificate(hits, Verdict.UNKNOWN, null, where + " has no bias and its input is 0: no parameter of"
                    + " the layer moves its kinks, so differentiability is not decided (use the exact oracle)", batch, Double.NaN, null);
        }
        if (clarke != null) {
            return new Certificate(hits, Verdict.CLARKE, null, "AD's value is a Clarke subgradient: " + clarke
                    + "; differentiability is not decided for a batch", batch, Double.NaN, null);
        }
        return new Certificate(hits, Verdict.UNKNOWN, null, "a batch of " + batch + " with kink hits of non-zero adjoint, and "
                + cone.failure(), batch, Double.NaN, null);
    }

    private static boolean nonZero(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** {@return every kink hit of the pass, in logging order} */
    public List<Hit> hits() {
        return hits;
    }

    /**
     * {@return the number of hits whose adjoint is non-zero (those that can make AD's value wrong)}
     */
    public long nonZeroAdjointHits() {
        return hits.stream().filter(h -> h.adjoint() != 0).count();
    }

    /** {@return the verdict on AD's gradient} */
    public Verdict verdict() {
        return verdict;
    }

    /** {@return whether f is differentiable at the point: TRUE, FALSE, or null when not decided} */
    public Boolean differentiable() {
        return differentiable;
    }

    /** {@return one sentence on why the verdict holds (or why it is UNKNOWN)} */
    public String reason() {
        return reason;
    }

    /**
     * The right answer the verdict promises, from {@link #compute}: ∇f when the verdict is
     * {@link Verdict#DIFFERENTIABLE_INCORRECT} (a network without bias whose dead layer's proxies
     * disagree with the true derivative); a Clarke subgradient — AD's value under D⁻ at every kink —
     * when it is {@link Verdict#NONDIFFERENTIABLE_NOT_CLARKE} and every kink neuron has a bias; else null.
     *
     * @return the gradient, flat in {@link Parameters} order, or null
     */
    public double[] correctGradient() {
        return correctGradient == null ? null : correctGradient.clone();
    }

    /** {@return the number of samples in the batch} */
    public int batch() {
        return batch;
    }

    /** {@return the loss value ({@link #compute} only; NaN otherwise)} */
    public double value() {
        return value;
    }

    /**
     * {@return AD's gradient, flat in {@link Parameters} order ({@link #compute} only; null
     * otherwise)}
     */
    public double[] gradient() {
        return gradient == null ? null : gradient.clone();
    }

    @Override
    public String toString() {
        return verdict + " (" + reason + "), " + hits.size() + " kink hits" + (gradient == null ? ""
                : ", gradient " + Arrays.toString(gradient));
    }
}
