package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import java.util.List;

/**
 * clamp(x, lo, hi) elementwise (ONNX's Clip, PyTorch's {@code clamp}), with kinks at lo and hi,
 * logged under the policy's {@code clamp} family. Either bound may be infinite: a one-sided clamp is
 * max(x, lo) or min(x, hi), whose kinks are the ties with the bound. The bounds that make it
 * {@code relu6} or {@code hardtanh} are better written as those activations.
 *
 * @param lo the lower bound
 * @param hi the upper bound, ≥ lo
 */
public record Clamp(double lo, double hi) implements ParameterFree.ShapePreserving {

    /**
     * Checks lo ≤ hi.
     *
     * @param lo the lower bound
     * @param hi the upper bound, ≥ lo
     * @throws IllegalArgumentException if lo &gt; hi or a bound is NaN
     */
    public Clamp {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: needs lo <= hi, got " + lo + ", " + hi);
        }
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) { // one-sided: max(x, lo) or min(x, hi), kinks at the ties
            Var y = Double.isInfinite(lo) ? x : x.max(x.trace().constant(lo));
            return Double.isInfinite(hi) ? y : y.min(x.trace().constant(hi));
        }
        return x.clamp(lo, hi);
    }

    @Override
    public String describe() {
        return "clamp(" + lo + ", " + hi + ")";
    }
}
