package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 2 × 2 max pool on float storage (branch-free, its own loop) against the general scan, which
 * double storage takes: the same float data read as doubles (exactly) must give the same values —
 * signed zeros and NaN included — the same weights rounded to float, and the same tied windows, for
 * every tie split and stride, on data full of ties, zeros of both signs and a few NaNs, on planes
 * small and large (the vector backend takes sixteen windows at a time, redoing ties and NaNs).
 */
class MaxPoolTest {

    private static float sample(SplittableRandom r) {
        int k = r.nextInt(40);
        return k == 0 ? Float.NaN : k < 8 ? -0.0f : k < 16 ? 0.0f : r.nextInt(-3, 4);
    }

    @Test
    void twoByTwoFloatPoolingIsTheScan() {
        SplittableRandom r = new SplittableRandom(17);
        int windows = 0;
        int tied = 0;
        for (int trial = 0; trial < 40; trial++) {
            boolean large = trial % 4 == 3; // planes of more windows than a vector block holds
            int b = 1 + r.nextInt(3), c = 1 + r.nextInt(3), h = 2 + r.nextInt(large ? 29 : 9), w = 2 + r.nextInt(large ? 29 : 9);
            int stride = 1 + r.nextInt(2);
            float[] f = new float[b * c * h * w];
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = sample(r);
                d[i] = f[i];
            }
            Shape s = Shape.of(b, c, h, w);
            Pooling.Window win = new Pooling.Window(2, 2, stride, stride);
            for (double split : new double[] {0.5, 0, 1, 0.3}) {
                List<String> fTies = new ArrayList<>();
                List<String> dTies = new ArrayList<>();
                Pooling.MaxPool pf = Pooling.maxPool2d(Tensor.wrap(s, DType.F32, f), win, split, (k, v) -> fTies.add(k + ":" + v));
                Pooling.MaxPool pd = Pooling.maxPool2d(Tensor.wrap(s, d), win, split, (k, v) -> dTies.add(k + ":" + v));
                assertEquals(pd.values().size(), pf.values().size());
                for (int i = 0; i < pf.values().size(); i++) {
                    assertEquals(Float.floatToRawIntBits((float) pd.values().get(i)), Float.floatToRawIntBits((float) pf.values().get(i)),
                            "window " + i + " of trial " + trial);
                }
                for (int i = 0; i < pf.weights().size(); i++) {
                    assertEquals(Float.floatToRawIntBits((float) pd.weights().get(i)), Float.floatToRawIntBits((float) pf.weights().get(i)),
                            "weight " + i + " of trial " + trial + ", split " + split);
                }
                assertEquals(dTies, fTies);
                windows += pf.values().size();
                tied += fTies.size();
            }
        }
        assertTrue(windows > 1000 && tied > windows / 10, windows + " windows, " + tied + " tied");
    }

    /**
     * Weights given by hand as a tensor (any values, as a caller of the public API may pass) go
     * through the compact selection unchanged: the dense form is the tensor bit for bit, and the
     * scatter and gather are the naive double sums of {@code g == 0 ? 0 : g·w} rounded once.
     */
    @Test
    void handMadeWeightsScatterAndGatherAsTheNaiveSums() {
        SplittableRandom r = new SplittableRandom(23);
        Shape xs = Shape.of(2, 3, 5, 6);
        Pooling.Window win = new Pooling.Window(2, 3, 1, 2);   // overlapping rows: the general path
        int oh = win.outHeight(5), ow = win.outWidth(6), windows = 2 * 3 * oh * ow, kk = 6;
        float[] w = new float[windows * kk], g = new float[windows], t = new float[xs.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextInt(5) == 0 ? 0f : (float) r.nextGaussian();
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) r.nextGaussian();
        }
        Tensor wt = Tensor.wrap(Shape.of(windows, kk), DType.F32, w);
        WorkspaceTest.assertBits(wt, MaxPoolSelection.of(wt).dense(), "dense form");
        double[] gx = new double[xs.size()];
        double[] ty = new double[windows];
        for (int out = 0; out < windows; out++) {
            int pl = out / (oh * ow), i = out / ow % oh, j = out % ow;
            for (int e = 0; e < kk; e++) {
                int pixel = (pl * 5 + i * win.strideH() + e / 3) * 6 + j * win.strideW() + e % 3;
                gx[pixel] += g[out] == 0 ? 0.0 : (float) (g[out] * w[out * kk + e]);
                ty[out] += t[pixel] == 0 ? 0.0 : (float) (t[pixel] * w[out * kk + e]);
            }
        }
        WorkspaceTest.assertBits(Tensor.fromDoubles(xs, DType.F32, gx),
                Pooling.scatter(Tensor.wrap(Shape.of(2, 3, oh, ow), DType.F32, g), wt, xs, win), "scatter");
        WorkspaceTest.assertBits(Tensor.fromDoubles(Shape.of(2, 3, oh, ow), DType.F32, ty),
                Pooling.gather(Tensor.wrap(xs, DType.F32, t), wt, win), "gather");
    }
}
