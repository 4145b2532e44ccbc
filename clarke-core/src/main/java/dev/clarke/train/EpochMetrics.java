package dev.clarke.train;

/**
 * What one epoch measured.
 *
 * @param epoch         the epoch, from 1
 * @param steps         the steps taken so far (all epochs)
 * @param trainLoss     mean loss over the epoch's training batches (per sample): cross-entropy, or MSE
 * @param trainAccuracy fraction of training samples classified correctly during the epoch (0 in regression)
 * @param testLoss      mean loss on the test set after the epoch
 * @param testAccuracy  test accuracy after the epoch (0 in regression)
 * @param kinks         the epoch's kink telemetry
 * @param seconds       wall time of the run so far
 * @param regression    whether the loss is MSE on real-valued targets (then read {@link #testRmse})
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, KinkTelemetry kinks, double seconds, boolean regression) {

    /**
     * The root of the training MSE (regression), in the targets' unit.
     *
     * @return √trainLoss
     */
    public double trainRmse() {
        return Math.sqrt(trainLoss);
    }

    /**
     * The root of the test MSE (regression), in the targets' unit.
     *
     * @return √testLoss
     */
    public double testRmse() {
        return Math.sqrt(testLoss);
    }
}
