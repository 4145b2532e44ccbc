package dev.clarke.nn;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Seeded weight initialisation. {@link #HE} (Kaiming normal, He et al. 2015) draws N(0, 2/fan_in),
 * the variance that keeps a ReLU layer's activations at the same scale; {@link #XAVIER} (Glorot
 * uniform, 2010) draws U(−a, a) with a = √(6/(fan_in + fan_out)), variance 2/(fan_in + fan_out);
 * {@link #TORCH} is PyTorch's default for {@code nn.Linear} and {@code nn.Conv2d} weights
 * ({@code kaiming_uniform_} with a = √5), U(−1/√fan_in, 1/√fan_in), variance 1/(3·fan_in).
 * Biases start at 0. Normal samples use Box–Muller with {@link StrictMath}, so a seed gives the same
 * weights on every JVM.
 */
public enum Init {
    /** N(0, 2/fan_in). */
    HE,
    /** U(−√(6/(fan_in+fan_out)), √(6/(fan_in+fan_out))). */
    XAVIER,
    /** U(−1/√fan_in, 1/√fan_in): PyTorch's default weight initialisation. */
    TORCH;

    /**
     * The variance of the distribution for the given fans.
     *
     * @param fanIn the number of inputs of a unit
     * @param fanOut the number of outputs
     * @return the variance
     */
    public double variance(int fanIn, int fanOut) {
        switch (this) {
            case HE: return 2.0 / fanIn;
            case XAVIER: return 2.0 / (fanIn + fanOut);
            default: return 1.0 / (3.0 * fanIn);
        }
    }

    /**
     * A weight tensor of shape {@code s} with the given fans, rounded to {@code dtype}.
     *
     * @param s the shape
     * @param fanIn the number of inputs of a unit
     * @param fanOut the number of outputs
     * @param dtype the dtype of the values
     * @param rng the source of randomness
     * @return the weights
     */
    public Tensor sample(Shape s, int fanIn, int fanOut, DType dtype, SplittableRandom rng) {
        double[] v = new double[s.size()];
        if (this == HE) {
            double std = Math.sqrt(variance(fanIn, fanOut));
            for (int i = 0; i < v.length; i++) {
                v[i] = std * gaussian(rng);
            }
        } else {
            double a = Math.sqrt(3 * variance(fanIn, fanOut));
            for (int i = 0; i < v.length; i++) {
                v[i] = a * (2 * rng.nextDouble() - 1);
            }
        }
        return Tensor.of(dtype, s, v);
    }

    /** One standard normal sample (Box–Muller, one of the pair). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /**
     * {@code he}, {@code xavier} or {@code torch}, any case.
     *
     * @param s the name
     * @return the initialisation
     */
    public static Init parse(String s) {
        switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "he": case "kaiming": return HE;
            case "xavier": case "glorot": return XAVIER;
            case "torch": case "pytorch": return TORCH;
            default: throw new IllegalArgumentException("unknown initialisation '" + s + "': use he, xavier or torch");
        }
    }
}
