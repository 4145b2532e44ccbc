package dev.clarke.audit;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.Certificate;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on one batch gradient of an imported model. A pass without any kink hit is smooth at
 * the point: {@code DIFFERENTIABLE_CORRECT}. Otherwise the model's chain of layers
 * ({@link OnnxModel#asNetwork}) is certified as training certifies it: by {@link Certificate} when it
 * is dense, by {@link NetworkCertificate} (convolutions, pooling, flatten, activations) otherwise; a
 * graph that is not a chain, or has hits in layers no certificate covers, is {@code UNKNOWN} with the
 * reason. The certificate reruns the batch on the chain (a second forward and backward pass).
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

    /** Certifies the gradient of {@code loss} at batch {@code x}, which made {@code hits} kink hits. */
    static Decision certify(OnnxModel model, Tensor x, Loss loss, KinkPolicy policy, DType dtype, long hits) {
        if (hits == 0) {
            return SMOOTH;
        }
        Optional<Sequential> net = model.asNetwork();
        if (net.isEmpty()) {
            return new Decision(Verdict.UNKNOWN, "the graph is not a chain of layers (branches or operators that are not layers):"
                    + " no certificate for it yet");
        }
        Trace t = new Trace(policy, dtype);
        Sequential.Pass pass = net.get().forward(t, model.toNetworkLayout(model.parameters()), x, Layer.Mode.EVAL);
        Var f = loss.apply(pass.output());
        t.grad(f, List.of(pass.leaves()), Backward.RELEASE);
        if (net.get().isDense()) {
            Certificate c = Certificate.of(net.get(), net.get().densePass(pass), t.kinks(), policy);
            return new Decision(c.verdict(), c.reason());
        }
        NetworkCertificate c = NetworkCertificate.of(net.get(), pass, t.kinks(), policy);
        return new Decision(c.verdict(), c.reason());
    }
}
