package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * logsumexp, softmax, log_softmax, cross-entropy and MSE, composed from the primitives so that
 * their derivatives (of every order) follow. The max subtracted for stability is a constant: it
 * cancels mathematically, so its ties are not kinks of these functions and are not logged.
 */
final class Losses {

    private static final Kernels K = Kernels.get();

    private Losses() {
    }

    static Var logsumexp(Var x, int axis, boolean keepDim) {
        Trace t = x.trace;
        int ax = x.shape().axis(axis);
        Tensor m = K.max(x.value(), ax, true);
        Tensor finiteM = K.map(m, v -> Double.isFinite(v) ? v : 0);
        Var mv = t.constant(finiteM);
        Var lse = x.sub(mv).exp().sum(ax, true).log().add(mv);
        return keepDim ? lse : Shapes.reshape(lse, x.shape().withoutAxis(ax));
    }

    static Var logSoftmax(Var x, int axis) {
        return x.sub(logsumexp(x, axis, true));
    }

    static Var softmax(Var x, int axis) {
        return logSoftmax(x, axis).exp();
    }

    /** Mean over the batch of −log softmax(logits)[label]; logits [B, C] with B labels, or [C] with one. */
    static Var crossEntropy(Var logits, int[] labels) {
        Shape s = logits.shape();
        if (s.rank() != 1 && s.rank() != 2) {
            throw new IllegalArgumentException("cross_entropy: logits must be [C] or [B, C], got " + s);
        }
        int classes = s.dim(-1);
        int batch = s.rank() == 2 ? s.dim(0) : 1;
        if (labels.length != batch) {
            throw new IllegalArgumentException("cross_entropy: " + labels.length + " labels for a batch of " + batch);
        }
        for (int i = 0; i < batch; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("cross_entropy: label " + labels[i] + " at row " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        Tensor onehot = K.reshape(Tensor.oneHot(labels, classes, logits.dtype()), s);
        Var picked = logSoftmax(logits, -1).mul(logits.trace.constant(onehot));
        return picked.sum().mul(-1.0 / batch);
    }

    static Var mse(Var prediction, Var target) {
        Var d = prediction.sub(target);
        return d.mul(d).mean();
    }
}
