package dev.clarke.tensor;

import java.util.SplittableRandom;

/** Independent, slow reference implementations of index arithmetic, for tests. */
final class Naive {

    private Naive() {
    }

    /** Multi-index of a row-major flat index. */
    static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = flat % dims[i];
            flat /= dims[i];
        }
        return idx;
    }

    /** Flat index into {@code dims} of the element that broadcasting maps to output multi-index {@code out}. */
    static int broadcastIndex(int[] out, int[] dims) {
        int flat = 0;
        int off = out.length - dims.length;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + (dims[i] == 1 ? 0 : out[i + off]);
        }
        return flat;
    }

    /** The numpy broadcast of two dimension lists, or null. */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 1; i <= r; i++) {
            int x = i <= a.length ? a[a.length - i] : 1, y = i <= b.length ? b[b.length - i] : 1;
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[r - i] = x == 1 ? y : x;
        }
        return out;
    }

    static int size(int[] dims) {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** Random values in [-2, 2), with some exact zeros and small integers mixed in. */
    static double[] values(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(8);
            v[i] = kind == 0 ? 0.0 : kind == 1 ? rng.nextInt(-3, 4) : rng.nextDouble(-2, 2);
        }
        return v;
    }

    /** A random shape of rank {@code rank} with dimensions 1..max. */
    static int[] dims(int rank, int max, SplittableRandom rng) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = 1 + rng.nextInt(max);
        }
        return d;
    }

    /** {@code dims} with each axis independently replaced by 1 (probability 1/3) and leading axes dropped. */
    static int[] broadcastable(int[] dims, SplittableRandom rng) {
        int drop = rng.nextInt(dims.length + 1);
        int[] out = new int[dims.length - drop];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextInt(3) == 0 ? 1 : dims[i + drop];
        }
        return out;
    }
}
