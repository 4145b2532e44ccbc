package dev.clarke.certify;

import dev.clarke.nn.Layer;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The index tables a certificate reads for every tie and tied patch: each pooling window and each
 * convolution patch of a network, by layer and output element (indices within one sample), and a
 * first convolution's patches as runs of consecutive input indices. They depend only on the
 * network's layers and shapes, so one table per network serves every certificate of it, step after
 * step and from any thread: a training run builds them once instead of once per step. Entries are
 * made on first use and published through atomic arrays (a reader sees a whole entry or none); past
 * {@link #BUDGET} cached ints per network they are computed each time instead of kept.
 */
final class LayerGeometry {

    /** Cached ints per network beyond which entries are no longer kept. */
    static final long BUDGET = 1L << 24;

    private static final Map<Sequential, LayerGeometry> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<Layer> layers;
    private final Shape[] shapes;    // the shape after layer m at m + 1 (the input's at 0)
    private final AtomicReferenceArray<int[][]> windows;   // per layer, every output element's window
    private final AtomicReferenceArray<int[][]> patches;   // per layer, every output element's patch
    private final AtomicReferenceArray<int[][]> runs;      // the first convolution's patch runs, at 0
    private final AtomicLong used = new AtomicLong();

    private LayerGeometry(Sequential net) {
        this.layers = List.copyOf(net.layers());   // never the network itself: the cache's key stays collectable
        int n = layers.size();
        this.shapes = new Shape[n + 1];
        for (int m = -1; m < n; m++) {
            shapes[m + 1] = net.shapeAfter(m);
        }
        this.windows = new AtomicReferenceArray<>(n);
        this.patches = new AtomicReferenceArray<>(n);
        this.runs = new AtomicReferenceArray<>(1);
    }

    /** The tables of {@code net}, shared by every certificate of it. */
    static LayerGeometry of(Sequential net) {
        return CACHE.computeIfAbsent(net, LayerGeometry::new);
    }

    /** The window of pooling layer m's output element e (indices into layer m − 1's output; padding left out). */
    int[] window(int m, int e) {
        int[][] t = windows.get(m);
        if (t == null) {
            t = fill(windows, m, k -> ConvGeometry.maxWindow(layers.get(m), shapes[m], shapes[m + 1], k));
            if (t == null) {
                return ConvGeometry.maxWindow(layers.get(m), shapes[m], shapes[m + 1], e);
            }
        }
        return t[e];
    }

    /** The patch of convolution layer m's output element e, in weight order, −1 for padding. */
    int[] patch(int m, int e) {
        int[][] t = patches.get(m);
        if (t == null) {
            t = fill(patches, m, k -> ConvGeometry.convPatch(layers.get(m), shapes[m], shapes[m + 1], k));
            if (t == null) {
                return ConvGeometry.convPatch(layers.get(m), shapes[m], shapes[m + 1], e);
            }
        }
        return t[e];
    }

    /**
     * The patch of the first layer's (a convolution's) output element e as runs of consecutive input
     * indices, {start, length, start, length, ...}; empty when it reads padding.
     */
    int[] runs(int e) {
        int[][] t = runs.get(0);
        if (t == null) {
            t = fill(runs, 0, k -> runsOf(patch(0, k)));
            if (t == null) {
                return runsOf(patch(0, e));
            }
        }
        return t[e];
    }

    /**
     * Layer m's whole table, made at once and published (every reader sees it whole), or null when
     * it would pass {@link #BUDGET}: then each entry is computed when asked and not kept.
     */
    private int[][] fill(AtomicReferenceArray<int[][]> all, int m, java.util.function.IntFunction<int[]> entry) {
        int size = shapes[m + 1].size();
        int[][] t = new int[size][];
        long ints = 0;
        for (int e = 0; e < size; e++) {
            t[e] = entry.apply(e);
            ints += t[e].length + 4L;
            if (used.get() + ints > BUDGET) {
                return null;
            }
        }
        used.addAndGet(ints);
        all.compareAndSet(m, null, t);
        return all.get(m);
    }

    private static int[] runsOf(int[] p) {
        int[] out = new int[2 * p.length];
        int n = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] < 0) {
                return new int[0];
            }
            if (n > 0 && p[k] == out[n - 2] + out[n - 1]) {
                out[n - 1]++;
            } else {
                out[n++] = p[k];
                out[n++] = 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
