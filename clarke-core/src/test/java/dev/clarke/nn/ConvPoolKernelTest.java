package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2d} and {@link MaxPool2d}, recorded as single nodes on the convolution and pooling
 * kernels, against the composite formulation they replace: {@link Im2col} patches times the
 * reshaped weight plus the bias, and {@code reduce_max} over the window matrix. On integer-valued
 * inputs that make many exact ties (in the pooling windows and at ReLU's kink), the values, the
 * gradients of input, weight and bias, and the kink logs (primitive, element, point, adjoint) are
 * the same bits, in F32 and F64, under the three tie policies and for overlapping windows; forward
 * mode and second derivatives agree to rounding.
 */
class ConvPoolKernelTest {

    private static final int B = 3, C = 2, H = 9, W = 9, O = 3;

    /** The composite convolution: im2col, matmul with the transposed reshaped weight, bias, NCHW. */
    private static Var referenceConv(Var x, Var w, Var bias, int k, int s, int p) {
        int oh = Im2col.outSize(x.shape().dim(2), k, s, p), ow = Im2col.outSize(x.shape().dim(3), k, s, p);
        Var cols = Im2col.im2col(x, k, s, p);
        Var y = cols.matmul(w.reshape(O, C * k * k).transpose(0, 1)).add(bias);
        return y.reshape(B, oh * ow, O).transpose(1, 2).reshape(B, O, oh, ow);
    }

    /** The composite max pooling: reduce_max over the rows of the window matrix. */
    private static Var referencePool(Var x, int k, int s) {
        Shape xs = x.shape();
        Var windows = Im2col.im2col(x.reshape(xs.dim(0) * xs.dim(1), 1, xs.dim(2), xs.dim(3)), k, s, 0);
        return windows.max(1, false).reshape(xs.dim(0), xs.dim(1), Im2col.outSize(xs.dim(2), k, s, 0),
                Im2col.outSize(xs.dim(3), k, s, 0));
    }

    private record Run(Tensor y, List<Tensor> grads, List<String> hits) {
    }

    /** conv → relu → max pool → Σ g ⊙ ·, on the kernels or on the composite path. */
    private static Run run(boolean kernels, KinkPolicy policy, DType t, Tensor[] in, int k, int s, int p, int pk, int ps) {
        Trace tr = new Trace(policy, t);
        Var x = tr.input(in[0]);
        Var w = tr.input(in[1]);
        Var bias = tr.input(in[2]);
        Var conv = kernels ? new Conv2d(C, O, k, s, p, Init.HE).forward(x, List.of(w, bias), Layer.Mode.EVAL)
                : referenceConv(x, w, bias, k, s, p);
        Var r = conv.relu();
        Var y = kernels ? new MaxPool2d(pk, ps).forward(r, List.of(), Layer.Mode.EVAL) : referencePool(r, pk, ps);
        Tensor g = Tensor.uniform(y.shape(), t, -1, 1, 5);
        Gradients gr = tr.grad(y.mul(tr.constant(g)).sum(), x, w, bias);
        List<String> hits = new ArrayList<>();
        for (KinkLog.Hit h : tr.kinks().hits()) {
            hits.add(h.op() + " " + h.element() + " " + h.point() + " " + h.adjoint());
        }
        return new Run(y.value(), List.of(gr.of(x), gr.of(w), gr.of(bias)), hits);
    }

    private static Tensor integers(Shape s, DType t, int lo, int hi, SplittableRandom rng) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(lo, hi + 1);
        }
        return Tensor.of(t, s, v);
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(want.get(i)), Double.doubleToRawLongBits(got.get(i)),
                    what + " element " + i + ": " + want.get(i) + " vs " + got.get(i));
        }
    }

    @Test
    void kernelsGiveTheCompositePathsBitsAndKinkLog() {
        SplittableRandom rng = new SplittableRandom(3);
        int[][] configs = {{3, 1, 0, 2, 2}, {3, 2, 1, 2, 2}, {2, 1, 1, 3, 2}}; // k, s, p, pool k, pool s
        int tiedLogs = 0;
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int[] c : configs) {
                Tensor[] in = {integers(Shape.of(B, C, H, W), t, -2, 2, rng), integers(Shape.of(O, C, c[0], c[0]), t, -1, 1, rng),
                    integers(Shape.of(O), t, -1, 1, rng)};
                for (KinkPolicy policy : new KinkPolicy[] {KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right()}) {
                    String what = t + " k" + c[0] + " s" + c[1] + " p" + c[2] + " pool " + c[3] + "/" + c[4] + " " + policy.name();
                    Run want = run(false, policy, t, in, c[0], c[1], c[2], c[3], c[4]);
                    Run got = run(true, policy, t, in, c[0], c[1], c[2], c[3], c[4]);
                    assertBits(want.y(), got.y(), what + " output");
                    for (int i = 0; i < 3; i++) {
                        assertBits(want.grads().get(i), got.grads().get(i), what + " gradient " + i);
                    }
                    assertEquals(want.hits(), got.hits(), what + " kink log");
                    tiedLogs += got.hits().stream().anyMatch(h -> h.startsWith("reduce_max")) ? 1 : 0;
                }
            }
        }
        assertEquals(18, tiedLogs, "every run has max-pool ties to compare");
    }

    /** Forward mode and a mixed second derivative (∂/∂x of ⟨∂L/∂W, v⟩) through conv and pool. */
    @Test
    void forwardModeAndSecondDerivativesAgreeWithTheCompositePath() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x0 = Tensor.uniform(Shape.of(B, C, H, W), DType.F64, -1, 1, 11);
        Tensor w0 = Tensor.uniform(Shape.of(O, C, 3, 3), DType.F64, -1, 1, 12);
        Tensor b0 = Tensor.uniform(Shape.of(O), DType.F64, -1, 1, 13);
        Tensor tx = Tensor.uniform(x0.shape(), DType.F64, -1, 1, 14);
        Tensor v = Tensor.uniform(w0.shape(), DType.F64, -1, 1, 15);
        double[][] jvps = new double[2][];
        double[][] mixed = new double[2][];
        for (int path = 0; path < 2; path++) {
            boolean kernels = path == 1;
            Trace t = new Trace(KinkPolicy.mid(), DType.F64);
            Var x = t.input(x0);
            Var w = t.input(w0);
            Var b = t.input(b0);
            Var conv = kernels ? new Conv2d(C, O, 3, 2, 1, Init.HE).forward(x, List.of(w, b), Layer.Mode.EVAL)
                    : referenceConv(x, w, b, 3, 2, 1);
            Var y = kernels ? MaxPool2d.of(2).forward(conv, List.of(), Layer.Mode.EVAL) : referencePool(conv, 2, 2);
            Var loss = y.mul(y).sum();
            jvps[path] = t.jvp(y, Map.of(x, tx, w, v)).toDoubleArray();
            Var gw = t.gradVars(loss, List.of(w)).get(0);
            Var dot = gw.mul(t.constant(v)).sum();
            mixed[path] = t.grad(dot, x).of(x).toDoubleArray();
        }
        assertArrayEquals(jvps[0], jvps[1], 1e-12);
        assertArrayEquals(mixed[0], mixed[1], 1e-12);
        assertTrue(java.util.Arrays.stream(mixed[1]).anyMatch(d -> Math.abs(d) > 0.1), "a non-trivial second derivative");
    }
}
