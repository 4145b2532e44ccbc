package dev.clarke.tensor;

import java.util.Arrays;

/**
 * Where kernels and factories get the storage of the tensors they make: from the {@link Workspace}
 * whose scope is open on the calling thread, else fresh from the heap. {@link #floats} and
 * {@link #doubles} may return an array holding old values, for outputs the caller writes in full;
 * {@link #zeroFloats} and {@link #zeroDoubles} return zeros, for outputs the caller accumulates into.
 */
final class Buffers {

    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    private Buffers() {
    }

    /** Makes {@code w} (null: none) serve the calling thread; returns the one that served it before. */
    static Workspace bind(Workspace w) {
        Workspace before = ACTIVE.get();
        ACTIVE.set(w);
        return before;
    }

    /** An array of {@code n} floats whose contents are unspecified: write every element. */
    static float[] floats(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new float[n] : w.floats(n);
    }

    /** An array of {@code n} doubles whose contents are unspecified: write every element. */
    static double[] doubles(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new double[n] : w.doubles(n);
    }

    /** An array of {@code n} zeros ({@code +0.0f}). */
    static float[] zeroFloats(int n) {
        Workspace w = ACTIVE.get();
        if (w == null) {
            return new float[n];
        }
        float[] a = w.floats(n);
        Arrays.fill(a, 0f);
        return a;
    }

    /** An array of {@code n} zeros ({@code +0.0}). */
    static double[] zeroDoubles(int n) {
        Workspace w = ACTIVE.get();
        if (w == null) {
            return new double[n];
        }
        double[] a = w.doubles(n);
        Arrays.fill(a, 0.0);
        return a;
    }

    /** Storage for {@code n} elements of {@code t} ({@code double[]} or {@code float[]}), contents unspecified. */
    static Object storage(DType t, int n) {
        return t == DType.F64 ? doubles(n) : floats(n);
    }

    /** Storage for {@code n} zeros of {@code t}. */
    static Object zeroStorage(DType t, int n) {
        return t == DType.F64 ? zeroDoubles(n) : zeroFloats(n);
    }
}
