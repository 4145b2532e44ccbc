package dev.clarke.cli;

import dev.clarke.train.KinkTelemetry;
import dev.clarke.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Training curves at step resolution for the report's plots: every step of a run of at most
 * {@value #MAX_POINTS} steps is a point; a longer run is cut into {@value #MAX_POINTS} runs of
 * consecutive steps, each a point holding their mean loss and accuracy and their summed kink counts,
 * so memory stays bounded whatever the number of steps.
 */
final class StepHistory implements Trainer.Listener {

    /** The most points a curve gets. */
    static final int MAX_POINTS = 2_000;

    /** One point: the last step it covers, mean loss and accuracy, kink counts per layer. */
    record Point(long step, double loss, double accuracy, long[] hits, long[] ndfHits) {
    }

    private final int layers;
    private final long perPoint;
    private final List<Point> points = new ArrayList<>();
    private long[] hits;
    private long[] ndfHits;
    private double lossSum;
    private double accuracySum;
    private long count;

    /** A history for a network of {@code layers} layers trained for {@code totalSteps} steps. */
    StepHistory(int layers, long totalSteps) {
        this.layers = layers;
        this.perPoint = Math.max(1, (totalSteps + MAX_POINTS - 1) / MAX_POINTS);
        this.hits = new long[layers];
        this.ndfHits = new long[layers];
    }

    /** Steps per point: 1 for a run of at most {@value #MAX_POINTS} steps. */
    long stepsPerPoint() {
        return perPoint;
    }

    @Override
    public void stepKinks(long step, KinkTelemetry ofStep) {
        for (int l = 0; l < layers; l++) {
            hits[l] += ofStep.hits(l);
            ndfHits[l] += ofStep.ndfHits(l);
        }
    }

    @Override
    public void step(Trainer.Step s) {
        lossSum += s.loss();
        accuracySum += s.accuracy();
        count++;
        if (count == perPoint || s.step() == s.totalSteps()) {
            points.add(new Point(s.step(), lossSum / count, accuracySum / count, hits, ndfHits));
            hits = new long[layers];
            ndfHits = new long[layers];
            lossSum = 0;
            accuracySum = 0;
            count = 0;
        }
    }

    /** The points so far, in step order. */
    List<Point> points() {
        return List.copyOf(points);
    }
}
