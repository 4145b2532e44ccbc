package dev.clarke.audit;

import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Arrays;

/** Samples {@code [from, to)} of a tensor whose first axis is the sample. */
final class Slices {

    private Slices() {
    }

    /** The shape of one sample of a batch shaped {@code s}. */
    static Shape sampleShape(Shape s) {
        return Shape.of(Arrays.copyOfRange(s.dims(), 1, s.rank()));
    }

    /** Samples {@code [from, to)} of {@code x}, in x's dtype. */
    static Tensor slice(Tensor x, int from, int to) {
        Shape s = x.shape();
        int per = s.size() / s.dim(0);
        double[] v = new double[(to - from) * per];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.get(from * per + i);
        }
        int[] dims = s.dims().clone();
        dims[0] = to - from;
        return Tensor.of(x.dtype(), Shape.of(dims), v);
    }
}
