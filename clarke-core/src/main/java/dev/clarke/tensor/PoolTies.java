package dev.clarke.tensor;

/**
 * The tied windows of one part of a max pool (kept out of its hot loop): their weights by the tie
 * rule of {@link Pooling#maxPool2d}, and their report, in the order they were found.
 */
final class PoolTies {
    private final Tensor x;
    private final DType t;
    private final int[] offsets;
    private int[] windows = new int[16];
    private double[] values = new double[16];
    private double[] rows = new double[0];
    private int count;
    private final double even;
    private final double toFirst;
    private final double toLast;

    PoolTies(Tensor x, DType t, double tieSplit, int[] offsets) {
        this.x = x;
        this.t = t;
        this.offsets = offsets;
        this.even = 2 * Math.min(tieSplit, 1 - tieSplit);
        this.toFirst = Math.max(1 - 2 * tieSplit, 0);
        this.toLast = Math.max(2 * tieSplit - 1, 0);
    }

    /** Window {@code out} (at {@code corner}) has its maximum {@code best} at {@code count} elements, from {@code first}. */
    void weigh(int out, int corner, int first, int count, double best) {
        int kk = offsets.length, last = kk - 1;
        int at = add(out, best);
        while (x.get(corner + offsets[last]) != best) {
            last--;
        }
        double share = even / count;
        for (int e = first; e <= last; e++) {
            if (x.get(corner + offsets[e]) == best) {
                double v = e == first ? share + toFirst : e == last ? share + toLast : share;
                rows[at + e] = t == DType.F64 ? v : (float) t.round(v);
            }
        }
    }

    /**
     * {@link #weigh} for a 2 × 2 float window whose tied elements are the set bits of {@code eq}
     * (bit e for element e): the same weights, without reading the window again.
     */
    void weighMask(int out, int eq, int count, double best) {
        int at = add(out, best);
        int first = Integer.numberOfTrailingZeros(eq), last = 31 - Integer.numberOfLeadingZeros(eq);
        double share = even / count;
        for (int e = first; e <= last; e++) {
            if ((eq >> e & 1) != 0) {
                double v = e == first ? share + toFirst : e == last ? share + toLast : share;
                rows[at + e] = (float) t.round(v);
            }
        }
    }

    /** Records tied window {@code out} and returns where its row (zeros, for now) begins. */
    private int add(int out, double best) {
        int kk = offsets.length;
        if (count == windows.length) {
            windows = java.util.Arrays.copyOf(windows, 2 * count);
            values = java.util.Arrays.copyOf(values, 2 * count);
        }
        if ((count + 1) * kk > rows.length) {
            rows = java.util.Arrays.copyOf(rows, Math.max(16 * kk, 2 * rows.length));
        }
        windows[count] = out;
        values[count] = best;
        int at = count++ * kk;
        java.util.Arrays.fill(rows, at, at + kk, 0.0);
        return at;
    }

    /** Reports the collected ties to {@code sink} (if non-null), in the order they were found. */
    void report(Pooling.TieSink sink) {
        for (int i = 0; i < count && sink != null; i++) {
            sink.tie(windows[i], values[i]);
        }
    }

    /** The selection of a pool whose parts (in window order) collected these ties. */
    static MaxPoolSelection selection(PoolTies[] parts, DType t, int windows, int kk, float[] first) {
        int n = 0;
        for (PoolTies p : parts) {
            n += p.count;
        }
        int[] tied = new int[n];
        double[] rows = new double[n * kk];
        int at = 0;
        for (PoolTies p : parts) {
            System.arraycopy(p.windows, 0, tied, at, p.count);
            System.arraycopy(p.rows, 0, rows, at * kk, p.count * kk);
            at += p.count;
        }
        return new MaxPoolSelection(t, windows, kk, first, tied, rows);
    }
}
