package dev.clarke.tensor;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector weight gradient of unpadded convolutions ({@link VectorConvWeights}) against the
 * pure-Java patch-matrix product, which {@code ConvolutionTest} checks against naive loops: bit for
 * bit, on 1–3 threads, on geometries that give it several tiles and several vectors of channels,
 * spare lanes and spare rows, strides, dilation and groups, and on inputs holding NaN, ±∞ and −0.
 */
class VectorConvWeightsTest {

    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(8, 12, 12, 16, 5, 1, 0),                        // the second layer of --arch conv: 13 tiles
            ConvGeometry.of(1, 28, 28, 8, 5, 1, 0),                         // the first: spare lanes and rows
            ConvGeometry.of(3, 9, 9, 20, 3, 1, 0),                          // 20 channels: two vectors, the second partial
            ConvGeometry.of(2, 11, 11, 33, 2, 2, 0),                        // stride 2, three vectors of channels
            ConvGeometry.of(5, 6, 6, 3, 1, 1, 0),                           // 1×1: fewer patch indices than a tile
            new ConvGeometry(6, 10, 13, 6, 3, 2, 2, 1, 0, 0, 2, 1, 3));    // non-square, dilation, 3 groups

    @Test
    void sameBitsAsThePatchMatrixProduct() {
        SplittableRandom rng = new SplittableRandom(11);
        for (ConvGeometry g : GEOMETRIES) {
            for (int batch : new int[] {1, 4}) {
                Tensor x = random(g.inputShape(batch), rng, false);
                Tensor gy = random(g.outputShape(batch), rng, false);
                check(g, x, gy, g + " batch " + batch);
            }
        }
    }

    @Test
    void specialValuesPropagateAsInThePatchMatrixProduct() {
        SplittableRandom rng = new SplittableRandom(12);
        for (ConvGeometry g : GEOMETRIES) {
            check(g, random(g.inputShape(3), rng, true), random(g.outputShape(3), rng, true), g + " special values");
        }
    }

    private static void check(ConvGeometry g, Tensor x, Tensor gy, String what) {
        Tensor want = Convolution.weightGrad(x, gy, g, 1, false);
        for (int threads = 1; threads <= 3; threads++) {
            WorkspaceTest.assertBits(want, Convolution.weightGrad(x, gy, g, threads, true), what + ", " + threads + " threads");
        }
    }

    /** Uniform in [−2, 2), or with one element in 40 replaced by NaN, ±∞ or −0. */
    private static Tensor random(Shape s, SplittableRandom rng, boolean special) {
        float[] v = new float[s.size()];
        float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f};
        for (int i = 0; i < v.length; i++) {
            v[i] = special && rng.nextInt(40) == 0 ? odd[rng.nextInt(odd.length)] : (float) (rng.nextDouble() * 4 - 2);
        }
        return Tensor.wrap(s, DType.F32, v);
    }
}
