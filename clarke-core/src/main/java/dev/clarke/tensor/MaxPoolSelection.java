package dev.clarke.tensor;

import java.util.Arrays;

/**
 * The weights of a max pool's derivative, [windows, KH·KW], held compactly: a window whose maximum
 * is one element has weight 1 there and 0 elsewhere, so it keeps that element's index (a float,
 * from the tensors' storage); a tied window, or any window of weights made by hand
 * ({@link #of(Tensor)}), keeps its full row. {@link Pooling#scatter} and {@link Pooling#gather}
 * read the weights from here; {@link #dense()} writes them out as a tensor. The values are those of
 * the dense form bit for bit: 1 and +0 off ties, the tie rule's weights rounded to the dtype.
 */
public final class MaxPoolSelection {

    private final DType dtype;
    private final int windows;
    private final int kk;
    /** Per window: the element of weight 1, or −1 for a window with a row of its own. */
    private final float[] first;
    /** The windows with rows of their own, increasing, and their rows (kk weights each). */
    private final int[] rowWindows;
    private final double[] rows;

    MaxPoolSelection(DType dtype, int windows, int kk, float[] first, int[] rowWindows, double[] rows) {
        this.dtype = dtype;
        this.windows = windows;
        this.kk = kk;
        this.first = first;
        this.rowWindows = rowWindows;
        this.rows = rows;
    }

    /**
     * Weights given as a tensor [windows, KH·KW]: every window keeps its row.
     *
     * @param weights the weights, F32, F64, F16 or BF16
     * @return the same weights
     */
    public static MaxPoolSelection of(Tensor weights) {
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("max_pool2d weights: expects [windows, KH·KW], got " + weights.shape());
        }
        int windows = weights.shape().dim(0), kk = weights.shape().dim(1);
        float[] first = new float[windows];
        Arrays.fill(first, -1f);
        int[] all = new int[windows];
        Arrays.setAll(all, i -> i);
        return new MaxPoolSelection(weights.dtype(), windows, kk, first, all, weights.toDoubleArray());
    }

    /** {@return the dtype of the weights} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the shape of the dense weights, [windows, KH·KW]} */
    public Shape shape() {
        return Shape.of(windows, kk);
    }

    /**
     * The weights as a tensor [windows, KH·KW].
     *
     * @return a new tensor
     */
    public Tensor dense() {
        double[] w = new double[windows * kk];
        for (int out = 0, r = 0; out < windows; out++) {
            int e = (int) first[out];
            if (e >= 0) {
                w[out * kk + e] = 1;
            } else {
                System.arraycopy(rows, r++ * kk, w, out * kk, kk);
            }
        }
        return Tensor.fromDoubles(shape(), dtype, w);
    }

    /** The element of weight 1 in window {@code out}, or −1 if the window has a row of its own. */
    int first(int out) {
        return (int) first[out];
    }

    /** Every window's {@link #first(int)}, as floats (for loops that read them all). */
    float[] firsts() {
        return first;
    }

    /** The position in {@link #row} of the first window with a row of its own at or after {@code out}. */
    int rowAtOrAfter(int out) {
        int i = Arrays.binarySearch(rowWindows, out);
        return i >= 0 ? i : -i - 1;
    }

    /** Weight {@code e} of the {@code r}-th window with a row of its own. */
    double row(int r, int e) {
        return rows[r * kk + e];
    }
}
