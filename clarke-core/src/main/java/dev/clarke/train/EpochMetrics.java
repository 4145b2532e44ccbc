package dev.clarke.train;

/**
 * What one epoch measured.
 *
 * @param epoch         the epoch, from 1
 * @param steps         the steps taken so far (all epochs)
 * @param trainLoss     mean cross-entropy over the epoch's training batches (per sample)
 * @param trainAccuracy fraction of training samples classified correctly during the epoch
 * @param testLoss      mean cross-entropy on the test set after the epoch
 * @param testAccuracy  test accuracy after the epoch
 * @param kinks         the epoch's kink telemetry
 * @param seconds       wall time of the run so far
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, KinkTelemetry kinks, double seconds) {
}
