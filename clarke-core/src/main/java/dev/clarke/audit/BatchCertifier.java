package dev.clarke.audit;

import dev.clarke.ad.KinkLog;
import dev.clarke.certify.Certificate;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Sequential;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import java.util.Optional;

/**
 * The verdict on one batch gradient of an imported model. A pass without any kink hit is smooth at
 * the point: {@code DIFFERENTIABLE_CORRECT}. Otherwise the model's chain of layers
 * ({@link OnnxModel#asNetwork}) is certified as training certifies it: by {@link Certificate} when it
 * is dense, by {@link NetworkCertificate} (convolutions, pooling, flatten, activations) otherwise; a
 * graph that is not a chain, or has hits in layers no certificate covers, is {@code UNKNOWN} with the
 * reason. The certificate reads the graph's own pass — each layer's values, its trace nodes, the kink
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
            return new Decision(Verdict.UNKNOWN, "the graph is not a chain of layers: " + model.whyNotAChain().orElse("")
                    + "; the network certificate covers chains only");
        }
        if (net.get().isDense()) {
            Certificate c = Certificate.of(net.get(), net.get().densePass(np.get()), log, policy);
            return new Decision(c.verdict(), c.reason());
        }
        NetworkCertificate c = NetworkCertificate.of(net.get(), np.get(), log, policy);
        return new Decision(c.verdict(), c.reason());
    }
}
