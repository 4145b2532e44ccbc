package dev.clarke.certify;

import dev.clarke.nn.Dense;
import dev.clarke.nn.DensePass;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-layer conditions under which AD's value is a Clarke subgradient. In layer l, every hit h
 * of neuron i on sample s has ∂y/∂(W_l, b_l) = e_i ⊗ u_s with u_s = (z_{l−1,s}, 1) (without the 1
 * when the layer has no bias). If the policy's derivative at every hit of the layer is μ·D^{σ_h} +
 * (1 − μ)·D^{−σ_h} for one μ ∈ [0, 1] and signs σ_h, and the open cone {ζ : σ_h⟨u_s, ζ_i⟩ &gt; 0}
 * is non-empty, then moving the layers' parameters along ±ζ_l with steps t^{L−l+1} puts every hit
 * on a chosen side; the gradients there converge to the AD values of the 2^L sign choices, and AD's
 * value, affine in each layer's μ, is a convex combination of them: a Clarke subgradient. The cone
 * splits by neuron, so each check is a small exact {@link Cone} system.
 */
final class ConeCondition {

    private final Sequential net;
    private final DensePass pass;
    private final Map<Integer, List<Certificate.Hit>> byLayer = new LinkedHashMap<>();
    private final KinkPolicy policy;
    private String failure = "the cone condition holds";
    private Boolean holds;

    ConeCondition(Sequential net, DensePass pass, List<Certificate.Hit> hits, KinkPolicy policy) {
        this.net = net;
        this.pass = pass;
        this.policy = policy;
        for (Certificate.Hit h : hits) {
            byLayer.computeIfAbsent(h.layer(), k -> new ArrayList<>()).add(h);
        }
    }

    private double lambda(Certificate.Hit h) {
        Dense d = net.layer(h.layer());
        Kink k = d.activation().kinks().get(h.kinkIndex());
        return policy.effectiveLambda(d.activation().family(), k);
    }

    /** Whether every hit's derivative lies in [D⁻, D⁺]. */
    boolean proxiesBetweenOneSided() {
        for (List<Certificate.Hit> hs : byLayer.values()) {
            for (Certificate.Hit h : hs) {
                double l = lambda(h);
                if (!(l >= 0 && l <= 1)) {
                    failure = "the derivative at a kink of layer " + (h.layer() + 1) + " lies outside [D⁻, D⁺]";
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A hit of layer {@code layer} with a non-zero adjoint whose derivative lies outside [D⁻, D⁺], or
     * null. When {@code layer} is the deepest with non-zero-adjoint hits and the neuron has a private
     * bias or input weight u, every piece around the point has ∂f/∂u = γ·D^±·z (deeper hits have
     * adjoint 0 on every piece), so every Clarke subgradient's u-component lies in γ·z·[D⁻, D⁺] while
     * AD's is γ·z·(its derivative): AD's value is not a Clarke subgradient.
     */
    Certificate.Hit outsideOneSided(int layer) {
        for (Certificate.Hit h : byLayer.getOrDefault(layer, List.of())) {
            double l = lambda(h);
            if (h.adjoint() != 0 && !(l >= 0 && l <= 1)) {
                return h;
            }
        }
        return null;
    }

    /** Whether every layer's hits share one λ ∈ [0, 1]. */
    boolean uniformLambdaPerLayer() {
        for (List<Certificate.Hit> hs : byLayer.values()) {
            double l0 = lambda(hs.get(0));
            for (Certificate.Hit h : hs) {
                double l = lambda(h);
                if (!(l >= 0 && l <= 1) || l != l0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The cone condition in every layer with hits (computed once). */
    boolean holds() {
        if (holds == null) {
            holds = check();
        }
        return holds;
    }

    /** Why the last check failed. */
    String failure() {
        return failure;
    }

    private boolean check() {
        for (Map.Entry<Integer, List<Certificate.Hit>> e : byLayer.entrySet()) {
            int l = e.getKey();
            List<Certificate.Hit> hs = e.getValue();
            double mu = lambda(hs.get(0));
            Map<Integer, List<Rational[]>> rows = new LinkedHashMap<>();
            Dense d = net.layer(l);
            Tensor z = pass.layerInputs().get(l).value();
            for (Certificate.Hit h : hs) {
                double lam = lambda(h);
                int sign;
                if (!(lam >= 0 && lam <= 1)) {
                    failure = "the derivative at a kink of layer " + (l + 1) + " lies outside [D⁻, D⁺]";
                    return false;
                } else if (lam == mu) {
                    sign = -1;
                } else if (lam == 1 - mu) {
                    sign = 1;
                } else {
                    failure = "the kink derivatives of layer " + (l + 1) + " are not one λ and its mirror 1 − λ";
                    return false;
                }
                Rational[] u = new Rational[d.in() + (d.bias() ? 1 : 0)];
                for (int j = 0; j < d.in(); j++) {
                    u[j] = Rational.of(sign * z.get(h.sample() * d.in() + j));
                }
                if (d.bias()) {
                    u[d.in()] = Rational.of(sign);
                }
                rows.computeIfAbsent(h.neuron(), k -> new ArrayList<>()).add(u);
            }
            for (Map.Entry<Integer, List<Rational[]>> n : rows.entrySet()) {
                boolean ok;
                try {
                    ok = Cone.nonEmpty(n.getValue());
                } catch (IllegalStateException tooLarge) {
                    failure = "the cone of neuron " + n.getKey() + " in layer " + (l + 1) + " is too large to decide";
                    return false;
                }
                if (!ok) {
                    failure = "the cone condition fails at neuron " + n.getKey() + " of layer " + (l + 1)
                            + (d.bias() ? "" : " (no bias" + (n.getValue().size() == 1 ? ", and its input is 0)" : ")"));
                    return false;
                }
            }
        }
        return true;
    }
}
