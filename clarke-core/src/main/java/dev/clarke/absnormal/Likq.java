package dev.clarke.absnormal;

/**
 * The linear independence kink qualification (Griewank and Walther 2016) at the point: the active
 * switching gradients {@code A₀ = [(I − LΣ₀)⁻¹Z]_α} (signs frozen at σ̊, so paths through active
 * |z_j| are cut) have full row rank |α|. Under LIKQ every sign pattern of the active kinks is
 * realised by some direction, so reverse mode with any values in [−1, 1] at the kinks returns a
 * Clarke subgradient.
 *
 * <p>The rank is exact (rational arithmetic on the doubles, {@link ExactRank}) for at most
 * {@link #EXACT_ROWS} active kinks; beyond, Gaussian elimination with partial pivoting counts a
 * pivot as zero when it is at most {@code 1e-10 · max(1, max |A₀|)}.
 *
 * @param active the active kinks α, ascending
 * @param a0     the active switching gradients, one row per active kink (|α|×n)
 * @param rank   rank A₀
 * @param exact  whether the rank was computed exactly
 */
public record Likq(int[] active, double[][] a0, int rank, boolean exact) {

    /** Up to this many active kinks the rank is computed in exact rational arithmetic. */
    public static final int EXACT_ROWS = 16;

    /** The relative tolerance of the numeric rank beyond {@link #EXACT_ROWS}. */
    public static final double TOLERANCE = 1e-10;

    /**
     * LIKQ for the form at its point.
     *
     * @param f the abs-normal form
     * @return the rank of the active switching gradients, exact up to {@link #EXACT_ROWS} active
     *     kinks
     */
    public static Likq of(AbsNormalForm f) {
        int[] alpha = f.active();
        double[][] r = f.rows(f.signature());
        double[][] a0 = new double[alpha.length][];
        double scale = 1;
        for (int k = 0; k < alpha.length; k++) {
            a0[k] = r[alpha[k]];
            for (double v : a0[k]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        boolean exact = alpha.length <= EXACT_ROWS;
        int rank = exact ? ExactRank.rank(a0) : ExactRank.numericRank(a0, TOLERANCE * scale);
        return new Likq(alpha, a0, rank, exact);
    }

    /** {@return whether LIKQ holds: rank A₀ = |α| (vacuously true with no active kink)} */
    public boolean holds() {
        return rank == active.length;
    }
}
