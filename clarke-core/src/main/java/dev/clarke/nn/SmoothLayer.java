package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import java.util.List;

/**
 * A parameter-free analytic layer: sigmoid or tanh elementwise, or softmax or log-softmax over the
 * last axis of each sample. Analytic everywhere, so it adds no kinks.
 *
 * @param kind which function
 */
public record SmoothLayer(Kind kind) implements ParameterFree.ShapePreserving {

    /** The functions. */
    public enum Kind {
        /** 1 / (1 + e^−x). */
        SIGMOID,
        /** tanh x. */
        TANH,
        /** softmax over the last axis. */
        SOFTMAX,
        /** log-softmax over the last axis. */
        LOG_SOFTMAX
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        int last = x.shape().rank() - 1;
        switch (kind) {
            case SIGMOID: return x.sigmoid();
            case TANH: return x.tanh();
            case SOFTMAX: return x.softmax(last);
            default: return x.logSoftmax(last);
        }
    }

    @Override
    public String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
