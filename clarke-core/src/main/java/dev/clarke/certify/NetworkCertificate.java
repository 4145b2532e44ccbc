package dev.clarke.certify;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one gradient of a {@link Sequential}'s loss is — convolutions, pooling, flatten and the
 * elementwise activations included — decided from the forward and backward pass that computed it
 * (docs/theory/conv-certificates.md). Every kink hit (activation kink or max-pool tie) is read from
 * the trace's kink log with its adjoint, and classified: a tie among elements that are the same
 * function of the parameters near the point ({@link FunctionIdentity}), or a kink whose input is
 * constant, is not genuine. Then:
 * <ul>
 *   <li>no genuine hit has a non-zero adjoint: f is differentiable and AD's value is ∇f
 *       ({@link Verdict#DIFFERENTIABLE_CORRECT}, any batch);</li>
 *   <li>in the deepest layer with such hits, their adjoints do not cancel (per block of the layer
 *       with parameters feeding it: hits moved alike by every parameter of that block add up): f is
 *       not differentiable;</li>
 *   <li>AD's value is a Clarke subgradient when a {@link NetworkWitness} exists: every layer with
 *       genuine hits has its own layer with parameters below it, activation hits share one λ ∈ [0, 1]
 *       and move together with the bias, max-pool ties have two classes split by one direction with
 *       the same weight;</li>
 *   <li>both: {@link Verdict#NONDIFFERENTIABLE_CLARKE}; the witness alone: {@link Verdict#CLARKE};
 *       otherwise {@link Verdict#UNKNOWN} with the reason.</li>
 * </ul>
 * The work beyond the two passes is proportional to the genuine hits with non-zero adjoint and
 * their receptive fields (identities are computed lazily, only for max-pool ties with a non-zero
 * adjoint and kinks on a path).
 *
 * @param hits           every kink hit
 * @param verdict        the verdict
 * @param differentiable whether f is differentiable at the point: TRUE, FALSE, or null when not decided
 * @param reason         why the verdict holds, or why it is UNKNOWN
 * @param clarkeWitness  the Clarke witness when AD's value was shown a Clarke subgradient, else null
 * @param layers         the number of layers of the network
 * @param value          the loss value ({@link #compute} only; NaN otherwise)
 * @param gradient       AD's gradient per parameter tensor ({@link #compute} only; empty otherwise)
 */
public record NetworkCertificate(List<Hit> hits, Verdict verdict, Boolean differentiable, String reason,
                                 NetworkWitness clarkeWitness, int layers, double value, List<Tensor> gradient) {

    /** What kind of kink a hit is. */
    public enum Kind {
        /** A pre-activation on a kink of its activation. */
        ACTIVATION_KINK,
        /** Two or more maximal elements in a max-pool window. */
        MAXPOOL_TIE,
        /**
         * A max-pool window whose elements all sit at the lower flat kink of the activation before it,
         * some exactly on the kink: one kink ρ(max y) of the window ({@link KinkedWindows}).
         */
        KINKED_WINDOW,
        /** A kink of a layer the certificate does not cover. */
        OTHER
    }

    /**
     * One kink hit.
     *
     * @param layer   the layer index in {@link Sequential#layers()}
     * @param op      the layer's description
     * @param kind    activation kink, max-pool tie, or other
     * @param sample  the sample within the batch
     * @param element the element within the sample's output of the layer
     * @param point   the kink point (the tied value for a tie)
     * @param adjoint the cotangent at the element after backward
     * @param genuine whether the hit may break differentiability: a kink whose input is not constant,
     *                or a tie between different functions (hits with adjoint 0 are classified only when
     *                some hit has a non-zero adjoint)
     */
    public record Hit(int layer, String op, Kind kind, int sample, int element, double point, double adjoint,
                      boolean genuine) {
    }

    /** The certificate of a pass without the loss value and gradient ({@link #of}). */
    NetworkCertificate(List<Hit> hits, Verdict verdict, Boolean differentiable, String reason, NetworkWitness witness,
                       int layers) {
        this(hits, verdict, differentiable, reason, witness, layers, Double.NaN, List.of());
    }

    /**
     * Computes the loss of {@code net} on the batch {@code x} and its gradient with respect to every
     * parameter (one forward, one backward pass on a new trace), and certifies it.
     *
     * @param net    the network
     * @param params its parameters, in {@link Sequential#parameterShapes()} order
     * @param x      the inputs [batch, ...sample shape]
     * @param loss   the analytic head (its targets inside: {@link Loss#crossEntropy}, {@link Loss#mse}, {@link Loss#sum})
     * @param policy the kink policy AD uses
     * @param dtype  the working precision
     * @return the certificate, with the loss value and the gradient per parameter tensor
     */
    public static NetworkCertificate compute(Sequential net, List<Tensor> params, Tensor x, Loss loss, KinkPolicy policy,
                                             DType dtype) {
        Trace t = new Trace(policy, dtype);
        Sequential.Pass pass = net.forward(t, params, x, Layer.Mode.EVAL);
        Var f = loss.apply(pass.output());
        Gradients g = t.grad(f, List.of(pass.leaves()), Backward.RELEASE);
        List<Tensor> gs = new ArrayList<>();
        for (Var leaf : pass.leaves()) {
            gs.add(g.of(leaf));
        }
        NetworkCertificate c = of(net, pass, t.kinks(), policy);
        return new NetworkCertificate(c.hits, c.verdict, c.differentiable, c.reason, c.clarkeWitness, c.layers, f.item(),
                List.copyOf(gs));
    }

    /**
     * Certifies a gradient already computed: {@code pass} is the recorded forward pass and {@code log}
     * the trace's kink log after the backward pass (so hits carry adjoints); {@code policy} is the
     * trace's policy.
     *
     * @param net the network the pass ran through
     * @param pass the recorded forward pass
     * @param log the trace's kink log after the backward pass, so hits carry adjoints
     * @param policy the trace's kink policy
     * @return the certificate of AD's gradient at this point
     */
    public static NetworkCertificate of(Sequential net, Sequential.Pass pass, KinkLog log, KinkPolicy policy) {
        PassValues values = new PassValues(net, pass);
        FunctionIdentity ids = new FunctionIdentity(net, values);
        int layers = net.layers().size();
        String[] names = new String[layers];   // per layer, not per hit: the name, the size, the kind of hit
        int[] sizes = new int[layers];
        Kind[] kinds = new Kind[layers];
        boolean[] degenerate = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            Layer layer = net.layers().get(l);
            names[l] = layer.describe();
            sizes[l] = net.shapeAfter(l).size();
            kinds[l] = layer instanceof ActivationLayer ? Kind.ACTIVATION_KINK
                    : ConvGeometry.isMaxPool(layer) ? Kind.MAXPOOL_TIE : Kind.OTHER;
            if (layer instanceof ActivationLayer) {
                for (dev.clarke.ops.Kink k : ((ActivationLayer) layer).activation().kinks()) {
                    degenerate[l] |= k.dMinus() == k.dPlus();
                }
            }
        }
        HitTable hits = new HitTable(names, log.size());
        int l = -1;
        int sampleLayer = -1;
        int sampleStart = 0;
        for (int h = 0; h < log.size(); h++) {
            int node = log.nodeOf(h);
            if (l < 0 || !pass.inLayer(node, l)) {   // hits come in node order: mostly the previous hit's layer
                l = pass.layerOf(node);
            }
            double a = log.adjointOf(h);
            double adj = Double.isNaN(a) ? 0 : a;
            int element = log.elementOf(h);
            double point = log.pointOf(h);
            if (l < 0) {
                hits.append(-1, log.get(h).op(), Kind.OTHER, 0, element, point, adj, true);
                continue;
            }
            int n = sizes[l];
            Kind kind = kinds[l];
            if (degenerate[l] && ((ActivationLayer) net.layers().get(l)).activation().degenerateKinkAt(point)) {
                kind = Kind.OTHER; // D⁻ = D⁺ (softshrink(0), clamp(c, c)): not followed; harmless only with adjoint 0
            }
            if (l != sampleLayer || element < sampleStart || element >= sampleStart + n) {   // hits come in element order: a division per sample, not per hit
                sampleLayer = l;
                sampleStart = element / n * n;
            }
            hits.append(l, names[l], kind, sampleStart / n, element - sampleStart, point, adj, kind == Kind.OTHER);
        }
        return new NetworkDecision(net, values, ids, hits, policy).decide();
    }

    /**
     * Kink hits of layer l.
     *
     * @param l the layer's index in the network, from 0
     * @return the number of kink hits in that layer
     */
    public long hits(int l) {
        return hits instanceof HitTable ? ((HitTable) hits).count(l, false) : hits.stream().filter(h -> h.layer() == l).count();
    }

    /**
     * Hits of layer l whose adjoint is non-zero.
     *
     * @param l the layer's index in the network, from 0
     * @return the number of that layer's hits whose adjoint is non-zero
     */
    public long nonZeroAdjointHits(int l) {
        return hits instanceof HitTable ? ((HitTable) hits).count(l, true)
                : hits.stream().filter(h -> h.layer() == l && h.adjoint() != 0).count();
    }

    /** {@return the number of hits whose adjoint is non-zero, over all layers} */
    public long nonZeroAdjointHits() {
        return hits instanceof HitTable ? ((HitTable) hits).count(null, true) : hits.stream().filter(h -> h.adjoint() != 0).count();
    }

    /**
     * {@return the Clarke witness when AD's value was shown to be a Clarke subgradient, empty
     * otherwise}
     */
    public Optional<NetworkWitness> witness() {
        return Optional.ofNullable(clarkeWitness);
    }

    @Override
    public String toString() {
        return verdict + " (" + reason + "), " + hits.size() + " kink hits";
    }
}
