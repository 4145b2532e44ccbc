package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import java.util.List;

/**
 * clamp(x, lo, hi) elementwise (ONNX's Clip, PyTorch's {@code clamp}), with kinks at lo and hi
 * (either may be infinite: no kink there), logged under the policy's {@code clamp} family. The
 * bounds that make it {@code relu6} or {@code hardtanh} are better written as those activations.
 *
 * @param lo the lower bound
 * @param hi the upper bound, ≥ lo
 */
public record Clamp(double lo, double hi) implements ParameterFree.ShapePreserving {

    /** Checks lo ≤ hi. */
    public Clamp {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: needs lo <= hi, got " + lo + ", " + hi);
        }
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        return x.clamp(lo, hi);
    }

    @Override
    public String describe() {
        return "clamp(" + lo + ", " + hi + ")";
    }
}
