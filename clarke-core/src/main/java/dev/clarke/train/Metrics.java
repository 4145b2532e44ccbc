package dev.clarke.train;

import dev.clarke.tensor.Tensor;

/** Classification counts from logits. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The predicted class of row r of logits [B, C]: the first index of the row's maximum.
     *
     * @param logits the logits [B, C]
     * @param r the row
     * @return the predicted class
     */
    public static int argmax(Tensor logits, int r) {
        int c = logits.shape().dim(1);
        int best = 0;
        double bv = logits.get(r * c);
        for (int j = 1; j < c; j++) {
            double v = logits.get(r * c + j);
            if (v > bv) {
                bv = v;
                best = j;
            }
        }
        return best;
    }

    /**
     * How many rows of logits [B, C] predict their label.
     *
     * @param logits the logits [B, C]
     * @param labels the label of every row
     * @return the number of correct rows
     */
    public static long correct(Tensor logits, int[] labels) {
        long n = 0;
        for (int r = 0; r < labels.length; r++) {
            if (argmax(logits, r) == labels[r]) {
                n++;
            }
        }
        return n;
    }
}
