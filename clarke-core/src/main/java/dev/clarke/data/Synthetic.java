package dev.clarke.data;

import dev.clarke.tensor.Shape;
import java.util.SplittableRandom;

/**
 * The built-in data sets: {@link #plane} for regression, and interleaved spirals in the plane, one arm per class. Sample i of class c
 * (i = 0..n−1) lies at radius r = 0.1 + 0.9·i/n and angle θ = 3π·i/n + 2πc/C, at
 * (r cos θ, r sin θ) plus independent Gaussian noise of standard deviation {@code noise} on each
 * coordinate. Samples are listed class by class; labels are the class indices. Needs no download, so
 * {@code clarke train} runs offline in seconds; a small ReLU MLP separates two spirals almost
 * perfectly, a linear model cannot.
 */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * {@code perClass} samples of each of {@code classes} spirals with the given noise, from {@code seed}.
     *
     * @param perClass the samples per class
     * @param classes the number of spirals
     * @param noise the standard deviation of the Gaussian noise
     * @param seed the noise's seed
     * @return the samples
     */
    public static Dataset spirals(int perClass, int classes, double noise, long seed) {
        if (perClass < 1 || classes < 2) {
            throw new IllegalArgumentException("spirals: need at least one sample per class and two classes, got "
                    + perClass + " and " + classes);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int n = perClass * classes;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++, k++) {
                double r = 0.1 + 0.9 * i / perClass;
                double th = 3 * Math.PI * i / perClass + 2 * Math.PI * c / classes;
                x[2 * k] = (float) (r * Math.cos(th) + noise * gaussian(rng));
                x[2 * k + 1] = (float) (r * Math.sin(th) + noise * gaussian(rng));
                y[k] = c;
            }
        }
        return new Dataset("spirals", x, y, Shape.of(2), classes);
    }

    /**
     * The default: two spirals of 1,000 samples each, noise 0.02, seed 7.
     *
     * @return the two spirals
     */
    public static Dataset spirals() {
        return spirals(1000, 2, 0.02, 7);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /**
     * The built-in regression data set: 1,000 points x uniform in [−1, 1]², target
     * t = 2·x₁ − 3·x₂ + 0.5 + ε with ε ~ N(0, 0.1²), seed 7. A fitted model's test RMSE approaches
     * the noise level 0.1.
     *
     * @return the samples, with real-valued targets
     */
    public static Dataset plane() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int n = 1000;
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            x[2 * i] = (float) a;
            x[2 * i + 1] = (float) b;
            t[i] = (float) (2 * a - 3 * b + 0.5 + 0.1 * rng.nextGaussian());
        }
        return Dataset.regression("plane", x, t, Shape.of(2));
    }
}
