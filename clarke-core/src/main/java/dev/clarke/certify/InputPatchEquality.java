package dev.clarke.certify;

/**
 * Whether two patches of the first convolution read equal input values position by position, in
 * a few reads per patch row instead of one per pixel. Two patches of one layer without padding are
 * the same index pattern shifted by δ = pb[0] − pa[0] (output positions differ by whole strides), so
 * they are equal exactly when x[i] == x[i + δ] at every index i of the first patch. Per sample and
 * shift a prefix count of the mismatches x[i] ≠ x[i + δ] (NaN never equal, 0 and −0 equal, as
 * {@code ==}) answers each run of consecutive indices of the patch — a kernel row — with one
 * subtraction. A blank region of a digit ties tens of thousands of windows per step, each asking
 * this three times.
 */
final class InputPatchEquality {

    private final PassValues values;
    private final int size;
    private final int[][] shifts;       // per sample, the shifts δ seen so far (a window's few neighbours)
    private final int[][][] counts;     // per sample, the prefix counts of each shift, in the same order
    private final LayerGeometry geometry;   // the first convolution's patch runs, per output element
    private final byte[][] uniform;     // per sample and patch's first index: 0 not known, 1 one value, 2 not

    InputPatchEquality(PassValues values, int size, LayerGeometry geometry) {
        this.values = values;
        this.size = size;
        this.shifts = new int[values.batch()][];
        this.counts = new int[values.batch()][][];
        this.geometry = geometry;
        this.uniform = new byte[values.batch()][];
    }

    /** Answers of {@link #equal}. */
    static final int DIFFERENT = 0;
    static final int EQUAL = 1;
    static final int PADDED = -1;

    /**
     * Whether x[pa[k]] == x[pb[k]] for every k, sample s: {@link #EQUAL} or {@link #DIFFERENT}, or
     * {@link #PADDED} when either patch reads padding (then this does not answer). {@code ea} and
     * {@code eb} name the patches (the output elements they belong to) for caching their runs; both
     * come from one convolution.
     */
    int equal(int s, int ea, int[] pa, int eb, int[] pb) {
        int[] ra = geometry.runs(ea);
        int[] rb = geometry.runs(eb);
        if (ra.length == 0 || rb.length == 0) {
            return PADDED;
        }
        int delta = pb[0] - pa[0];
        if (delta == 0) {
            return EQUAL;
        }
        if (uniform(s, ra) && uniform(s, rb)) {   // a blank region: one value each
            return values.get(-1, s, pa[0]) == values.get(-1, s, pb[0]) ? EQUAL : DIFFERENT;
        }
        int[] r = delta > 0 ? ra : rb;
        int[] count = counts(s, Math.abs(delta));
        for (int i = 0; i < r.length; i += 2) {
            if (count[r[i] + r[i + 1]] != count[r[i]]) {
                return DIFFERENT;
            }
        }
        return EQUAL;
    }

    /**
     * Whether the unpadded patch with runs r (of output element e) of sample s reads one value
     * throughout: no mismatch x[i] ≠ x[i + 1] inside a run (the shift-1 prefix count), and each run
     * starts with the value the previous one started with. Memoised per sample and first index: the
     * patches of one unpadded convolution are one index pattern shifted, so the first index names one.
     */
    private boolean uniform(int s, int[] r) {
        byte[] memo = uniform[s];
        if (memo == null) {
            memo = new byte[size];
            uniform[s] = memo;
        }
        int pos = r[0];
        if (memo[pos] == 0) {
            int[] count = counts(s, 1);
            boolean one = true;
            double first = values.get(-1, s, r[0]);
            for (int i = 0; i < r.length && one; i += 2) {
                one = count[r[i] + r[i + 1] - 1] == count[r[i]] && values.get(-1, s, r[i]) == first;
            }
            memo[pos] = one ? (byte) 1 : (byte) 2;
        }
        return memo[pos] == 1;
    }

    /** The prefix counts of sample s for shift δ, made on first use. */
    private int[] counts(int s, int delta) {
        int[] d = shifts[s];
        int n = d == null ? 0 : d.length;
        for (int i = 0; i < n; i++) {
            if (d[i] == delta) {
                return counts[s][i];
            }
        }
        shifts[s] = d == null ? new int[] {delta} : java.util.Arrays.copyOf(d, n + 1);
        shifts[s][n] = delta;
        counts[s] = counts[s] == null ? new int[1][] : java.util.Arrays.copyOf(counts[s], n + 1);
        counts[s][n] = prefix(s, delta);
        return counts[s][n];
    }

    /** count[i] = the number of j &lt; i with x[j] ≠ x[j + δ] (j + δ past the end counts as a mismatch). */
    private int[] prefix(int s, int delta) {
        int[] count = new int[size + 1];
        for (int i = 0; i < size; i++) {
            boolean same = i + delta < size && values.get(-1, s, i) == values.get(-1, s, i + delta);
            count[i + 1] = count[i] + (same ? 0 : 1);
        }
        return count;
    }
}
