package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The convolution kernels against naive loops written here that perform the documented arithmetic
 * one scalar operation at a time (forward: {@code s = s + w·x} over (channel, kernel row, kernel
 * column) from +0 as fused multiply-adds, padding read as 0, then {@code + bias}; weight gradient: the same over (sample,
 * output row, output column); input gradient: the patch-matrix gradient summed over output
 * channels in the dtype, added to the pixels in double, output position after output position;
 * bias gradient: a double sum). Every comparison is bit for bit, on both backends, for 1, 2 and 3
 * threads, with strides, padding, dilation and groups, and on recycled arrays poisoned with NaN.
 */
class ConvolutionTest {

    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(3, 9, 11, 8, 3, 1, 1),                         // padded, odd sizes
            ConvGeometry.of(4, 12, 12, 6, 5, 2, 2),                        // stride 2
            new ConvGeometry(6, 10, 13, 4, 3, 2, 1, 2, 2, 0, 2, 1, 2),     // non-square kernel, dilation, 2 groups
            new ConvGeometry(1, 28, 28, 8, 5, 5, 1, 1, 0, 0, 1, 1, 1),     // the first layer of --arch conv
            // the direct F32 vector kernels (forward: vertical stride 1; input gradient: all) and their edges
            ConvGeometry.of(8, 12, 12, 16, 5, 1, 0),                       // a second layer: whole tiles, rows of one vector
            ConvGeometry.of(2, 7, 13, 5, 3, 1, 0),                         // output 5 × 11: a tail tile; 5 channels (4 + 1)
            ConvGeometry.of(1, 6, 6, 1, 3, 1, 0),                          // one channel in and out
            ConvGeometry.of(20, 5, 6, 9, 2, 1, 1),                         // many channels, padding
            ConvGeometry.of(2, 5, 5, 3, 3, 1, 2),                          // rows and columns wholly in the padding
            new ConvGeometry(6, 9, 18, 4, 3, 3, 1, 1, 1, 0, 1, 1, 2),      // 2 groups, output width 16
            new ConvGeometry(3, 9, 17, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),      // output width 17
            new ConvGeometry(3, 9, 10, 4, 3, 3, 1, 2, 1, 1, 1, 1, 1),      // horizontal stride 2 only
            new ConvGeometry(2, 11, 12, 3, 3, 2, 1, 1, 2, 0, 2, 3, 1),     // dilation 2 × 3, vertical padding only
            new ConvGeometry(4, 10, 9, 6, 2, 3, 2, 3, 0, 1, 1, 2, 2));     // strides 2 × 3, dilation, 2 groups

    private static final int BATCH = 5;

    @Test
    void kernelsMatchTheNaiveLoopsBitForBitOnBothBackendsAndAnyThreadCount() {
        SplittableRandom rng = new SplittableRandom(7);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (ConvGeometry g : GEOMETRIES) {
                Tensor x = random(t, g.inputShape(BATCH), rng);
                Tensor w = random(t, g.weightShape(), rng);
                Tensor bias = random(t, Shape.of(g.outChannels()), rng);
                Tensor gy = random(t, g.outputShape(BATCH), rng);
                Tensor y = naiveForward(x, w, bias, g);
                Tensor gx = naiveInputGrad(gy, w, g);
                Tensor gw = naiveWeightGrad(x, gy, g);
                String what = t + " " + g;
                for (boolean vector : new boolean[] {false, true}) {
                    for (int threads = 1; threads <= 3; threads++) {
                        String how = what + (vector ? " vector " : " java ") + threads + " threads";
                        WorkspaceTest.assertBits(y, Convolution.forward(x, w, bias, g, threads, vector), how + " forward");
                        WorkspaceTest.assertBits(gx, Convolution.inputGrad(gy, w, g, threads, vector), how + " input grad");
                        WorkspaceTest.assertBits(gw, Convolution.weightGrad(x, gy, g, threads, vector), how + " weight grad");
                    }
                }
                WorkspaceTest.assertBits(naiveBiasGrad(gy), Kernels.get().conv2dBiasGrad(gy), what + " bias grad");
                WorkspaceTest.assertBits(naiveForward(x, w, null, g), Kernels.get().conv2d(x, w, null, g),
                        what + " without bias");
            }
        }
    }

    /**
     * Values of every size from 2^-60 to 2^60 (so that sums round, in float and in double, and a
     * wrong order of terms shows), with NaN, ±∞ and ±0 among them, on batches of 1 and 3: the same
     * bits as the naive loops on both backends. Infinite weights meet the padding (0·∞ = NaN must
     * appear). The NaN is the one the hardware makes (0·∞): where NaNs of different bits meet, which
     * one an operation returns is not defined by Java (the JIT may commute the operands), so neither
     * backend is the same from run to run there.
     */
    @Test
    void specialValuesAndWideMagnitudesGiveTheSameBits() {
        SplittableRandom rng = new SplittableRandom(9);
        for (ConvGeometry g : GEOMETRIES) {
            for (int batch : new int[] {1, 3}) {
                for (int kind = 0; kind < 3; kind++) {
                    // kind 0: wide magnitudes only; 1: special values in x and gy; 2: infinite and NaN weights
                    Tensor x = wide(g.inputShape(batch), rng, kind == 1 ? 0.05 : 0);
                    Tensor w = wide(g.weightShape(), rng, kind == 2 ? 0.05 : 0);
                    Tensor bias = wide(Shape.of(g.outChannels()), rng, 0);
                    Tensor gy = wide(g.outputShape(batch), rng, kind == 0 ? 0 : 0.05);
                    Tensor y = naiveForward(x, w, bias, g);
                    Tensor gx = naiveInputGrad(gy, w, g);
                    for (boolean vector : new boolean[] {false, true}) {
                        for (int threads = 1; threads <= 3; threads += 2) {
                            String how = g + " batch " + batch + " kind " + kind + (vector ? " vector " : " java ") + threads;
                            WorkspaceTest.assertBits(y, Convolution.forward(x, w, bias, g, threads, vector), how + " forward");
                            WorkspaceTest.assertBits(gx, Convolution.inputGrad(gy, w, g, threads, vector), how + " input grad");
                        }
                    }
                }
            }
        }
    }

    /** On recycled arrays filled with NaN the kernels give the bits they give on fresh arrays. */
    @Test
    void recycledStorageGivesTheSameBits() {
        SplittableRandom rng = new SplittableRandom(8);
        Workspace ws = new Workspace();
        for (Kernels k : new Kernels[] {Kernels.get(), Kernels.pureJava()}) {
            for (ConvGeometry g : GEOMETRIES) {
                Tensor x = random(DType.F32, g.inputShape(BATCH), rng);
                Tensor w = random(DType.F32, g.weightShape(), rng);
                Tensor gy = random(DType.F32, g.outputShape(BATCH), rng);
                Tensor[] want = {k.conv2d(x, w, null, g), k.conv2dInputGrad(gy, w, g), k.conv2dWeightGrad(x, gy, g),
                    k.conv2dBiasGrad(gy)};
                for (int round = 0; round < 2; round++) {
                    Tensor[] got;
                    try (Workspace.Scope s = ws.open()) {
                        ws.poisonFreeArrays();
                        got = new Tensor[] {k.conv2d(x, w, null, g), k.conv2dInputGrad(gy, w, g),
                            k.conv2dWeightGrad(x, gy, g), k.conv2dBiasGrad(gy)};
                    }
                    for (int i = 0; i < want.length; i++) {
                        WorkspaceTest.assertBits(want[i], got[i], k.backend() + " " + g + " result " + i);
                    }
                }
            }
        }
    }

    @Test
    void badSizesAreRejected() {
        ConvGeometry g = ConvGeometry.of(3, 8, 8, 4, 3, 1, 0);
        Tensor x = Tensor.zeros(Shape.of(2, 3, 8, 8), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> Kernels.get().conv2d(x, Tensor.zeros(Shape.of(4, 2, 3, 3),
                DType.F32), null, g));
        assertThrows(IllegalArgumentException.class, () -> Kernels.get().conv2d(Tensor.zeros(Shape.of(2, 3, 8, 7),
                DType.F32), Tensor.zeros(g.weightShape(), DType.F32), null, g));
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(3, 2, 2, 4, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2));
    }

    // ---- the naive loops ------------------------------------------------------------------------

    /** x[b, c, y, z] inside the image, else 0 (the padding). */
    private static double pixel(Tensor x, ConvGeometry g, int b, int c, int y, int z) {
        return y < 0 || y >= g.height() || z < 0 || z >= g.width() ? 0.0
                : x.get(((b * g.inChannels() + c) * g.height() + y) * g.width() + z);
    }

    /** The input channel, row and column that output (i, j) of channel group gi reads at patch index p. */
    private static int[] tap(ConvGeometry g, int gi, int p, int i, int j) {
        int kk = g.kernelH() * g.kernelW();
        int c = gi * (g.inChannels() / g.groups()) + p / kk, u = p % kk / g.kernelW(), v = p % g.kernelW();
        return new int[] {c, i * g.strideH() - g.padH() + u * g.dilationH(), j * g.strideW() - g.padW() + v * g.dilationW()};
    }

    /** fma(a, b, s) in the dtype's arithmetic (F32: one float rounding; F64: one double rounding). */
    private static double mulAdd(DType t, double s, double a, double b) {
        return t == DType.F32 ? Math.fma((float) a, (float) b, (float) s) : Math.fma(a, b, s);
    }

    private static Tensor naiveForward(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        DType t = x.dtype();
        int og = g.outChannels() / g.groups(), q = g.outHeight() * g.outWidth(), batch = x.shape().dim(0);
        double[] y = new double[batch * g.outChannels() * q];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int i = 0; i < g.outHeight(); i++) {
                    for (int j = 0; j < g.outWidth(); j++) {
                        double s = 0;
                        for (int p = 0; p < g.patchSize(); p++) {
                            int[] at = tap(g, o / og, p, i, j);
                            s = mulAdd(t, s, w.get(o * g.patchSize() + p), pixel(x, g, b, at[0], at[1], at[2]));
                        }
                        if (bias != null) {
                            s = t == DType.F32 ? (float) s + (float) bias.get(o) : s + bias.get(o);
                        }
                        y[(b * g.outChannels() + o) * q + i * g.outWidth() + j] = s;
                    }
                }
            }
        }
        return Tensor.of(t, g.outputShape(batch), y);
    }

    private static Tensor naiveInputGrad(Tensor gy, Tensor w, ConvGeometry g) {
        DType t = gy.dtype();
        int og = g.outChannels() / g.groups(), q = g.outHeight() * g.outWidth(), batch = gy.shape().dim(0);
        double[] acc = new double[g.inputShape(batch).size()];
        for (int b = 0; b < batch; b++) {
            for (int gi = 0; gi < g.groups(); gi++) {
                for (int i = 0; i < g.outHeight(); i++) {
                    for (int j = 0; j < g.outWidth(); j++) {
                        for (int p = 0; p < g.patchSize(); p++) {
                            double s = 0; // the patch-matrix gradient, summed over the group's output channels
                            for (int o = gi * og; o < (gi + 1) * og; o++) {
                                s = mulAdd(t, s, gy.get((b * g.outChannels() + o) * q + i * g.outWidth() + j),
                                        w.get(o * g.patchSize() + p));
                            }
                            int[] at = tap(g, gi, p, i, j);
                            if (at[1] >= 0 && at[1] < g.height() && at[2] >= 0 && at[2] < g.width()) {
                                acc[((b * g.inChannels() + at[0]) * g.height() + at[1]) * g.width() + at[2]] += s;
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(t, g.inputShape(batch), acc);
    }

    private static Tensor naiveWeightGrad(Tensor x, Tensor gy, ConvGeometry g) {
        DType t = x.dtype();
        int og = g.outChannels() / g.groups(), q = g.outHeight() * g.outWidth();
        double[] gw = new double[g.weightShape().size()];
        for (int o = 0; o < g.outChannels(); o++) {
            for (int p = 0; p < g.patchSize(); p++) {
                double s = 0;
                for (int b = 0; b < x.shape().dim(0); b++) {
                    for (int i = 0; i < g.outHeight(); i++) {
                        for (int j = 0; j < g.outWidth(); j++) {
                            int[] at = tap(g, o / og, p, i, j);
                            s = mulAdd(t, s, gy.get((b * g.outChannels() + o) * q + i * g.outWidth() + j),
                                    pixel(x, g, b, at[0], at[1], at[2]));
                        }
                    }
                }
                gw[o * g.patchSize() + p] = s;
            }
        }
        return Tensor.of(t, g.weightShape(), gw);
    }

    private static Tensor naiveBiasGrad(Tensor gy) {
        int o = gy.shape().dim(1), q = gy.shape().dim(2) * gy.shape().dim(3);
        double[] s = new double[o];
        for (int b = 0; b < gy.shape().dim(0); b++) {
            for (int c = 0; c < o; c++) {
                for (int i = 0; i < q; i++) {
                    s[c] += gy.get((b * o + c) * q + i);
                }
            }
        }
        return Tensor.of(gy.dtype(), Shape.of(o), s);
    }

    /**
     * F32 values ±m·2^k, m in [1, 2), k in [-60, 60]; with probability {@code special} each is
     * instead one of NaN (the hardware's, as 0·∞ makes it), +∞, −∞, +0, −0.
     */
    private static Tensor wide(Shape s, SplittableRandom rng, double special) {
        float zero = rng.nextInt(1); // 0, computed at run time so the product below is not folded to Java's NaN
        float[] specials = {zero * Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < special ? specials[rng.nextInt(specials.length)]
                    : (float) ((rng.nextBoolean() ? 1 : -1) * rng.nextDouble(1, 2) * Math.scalb(1.0, rng.nextInt(-60, 61)));
        }
        return Tensor.wrap(s, DType.F32, v);
    }

    private static Tensor random(DType t, Shape s, SplittableRandom rng) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-2, 2);
        }
        return Tensor.of(t, s, v);
    }
}
