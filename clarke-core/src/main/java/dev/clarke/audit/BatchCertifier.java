package dev.clarke.audit;

import dev.clarke.ad.KinkLog;
import dev.clarke.certify.Certificate;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Sequential;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import java.util.Optional;

/**
 * The verdict on one batch gradient of an imported model. A pass without any kink hit is smooth at
 * the point: {@code DIFFERENTIABLE_CORRECT}. Otherwise the model's chain of layers
 * ({@link OnnxModel#asNetwork}) is certified as training certifies it: by {@link Certificate} when it
 * is dense, by {@link NetworkCertificate} (convolutions, pooling, flatten, activations) otherwise. A
 * graph that is not a chain (a residual add, a concatenation of branches) is decided by the rule that
 * holds for any composition of piecewise-smooth maps: when every kink hit's adjoint is exactly 0, the
 * one-sided tangent pass equals AD's linear pass (replace the hits' rules deepest first; each enters
 * the output with coefficient its adjoint), so f is differentiable and AD's value is its gradient
 * (Lemma 2 of {@code docs/theory/conv-certificates.md}, whose proof uses no chain structure). A
 * non-chain graph with a hit of non-zero adjoint, or a chain with hits in layers no certificate
 * covers, is {@code UNKNOWN} with the reason. The certificate reads the graph's own pass — each layer's values, its trace nodes, the kink
 * log with the adjoints that produced the reported gradient — so a batch costs one forward and one
 * backward pass.
 */
final class BatchCertifier {

    /** A verdict and why. */
    record Decision(Verdict verdict, String reason) {
    }

    private static final Decision SMOOTH = new Decision(Verdict.DIFFERENTIABLE_CORRECT,
            "no kink hit: every operation is smooth at this point");

    private BatchCertifier() {
    }

    /** The verdict from the kink count alone (certificates off). */
    static Decision fromHits(long hits) {
        return hits == 0 ? SMOOTH : new Decision(Verdict.UNKNOWN, hits + " kink hits and certificates are off");
    }

    /**
     * Certifies the gradient the graph pass {@code pass} produced: {@code log} is its trace's kink log
     * after the backward pass (hits with adjoints), {@code policy} the trace's policy, {@code hits}
     * the number of hits in the graph's nodes.
     */
    static Decision certify(OnnxModel model, OnnxModel.Pass pass, KinkLog log, KinkPolicy policy, long hits) {
        if (hits == 0) {
            return SMOOTH;
        }
        Optional<Sequential> net = model.asNetwork();
        Optional<Sequential.Pass> np = model.networkPass(pass);
        if (net.isEmpty() || np.isEmpty()) {
            long nonZero = log.countNonZeroAdjoint();
            if (nonZero == 0) {
                return new Decision(Verdict.DIFFERENTIABLE_CORRECT, hits + " kink hit(s), every one with adjoint 0: the"
                        + " gradient does not depend on the choice at any of them");
            }
            return new Decision(Verdict.UNKNOWN, nonZero + " kink hit(s) with non-zero adjoint, and the graph is not a"
                    + " chain of layers: " + model.whyNotAChain().orElse("")
                    + "; past the zero-adjoint rule the network certificate covers chains only");
        }
        if (net.get().isDense()) {
            Certificate c = Certificate.of(net.get(), net.get().densePass(np.get()), log, policy);
            return new Decision(c.verdict(), c.reason());
        }
        NetworkCertificate c = NetworkCertificate.of(net.get(), np.get(), log, policy);
        return new Decision(c.verdict(), c.reason());
    }
}
