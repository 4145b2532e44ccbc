package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv2d against naive loops written here, and max pooling's ties as logged kinks. */
class ConvPoolTest {

    private static final int N = 2, C = 3, H = 5, W = 6, O = 4, K = 3, S = 2, P = 1;

    /** y[b,o,i,j] = bias[o] + Σ W[o,c,u,v]·x[b,c,i·s−p+u, j·s−p+v], zero outside. */
    private static double[] naiveConv(double[] x, double[] w, double[] bias, int oh, int ow) {
        double[] y = new double[N * O * oh * ow];
        for (int b = 0; b < N; b++) {
            for (int o = 0; o < O; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = bias[o];
                        for (int c = 0; c < C; c++) {
                            for (int u = 0; u < K; u++) {
                                for (int v = 0; v < K; v++) {
                                    int r = i * S - P + u;
                                    int q = j * S - P + v;
                                    if (r >= 0 && r < H && q >= 0 && q < W) {
                                        s += w[((o * C + c) * K + u) * K + v] * x[((b * C + c) * H + r) * W + q];
                                    }
                                }
                            }
                        }
                        y[((b * O + o) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void conv2dForwardAndBackwardMatchNaiveLoops() {
        Conv2d conv = new Conv2d(C, O, K, S, P, Init.HE);
        Shape out = conv.outputShape(Shape.of(C, H, W));
        int oh = (H + 2 * P - K) / S + 1;
        int ow = (W + 2 * P - K) / S + 1;
        assertEquals(Shape.of(O, oh, ow), out);
        Tensor x = Tensor.randn(Shape.of(N, C, H, W), DType.F64, 1);
        Tensor w = Tensor.randn(Shape.of(O, C, K, K), DType.F64, 2);
        Tensor bias = Tensor.randn(Shape.of(O), DType.F64, 3);
        Tensor g = Tensor.randn(Shape.of(N, O, oh, ow), DType.F64, 4);
        double[] xs = x.toDoubleArray();
        double[] ws = w.toDoubleArray();
        double[] gs = g.toDoubleArray();

        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var xv = t.input(x);
        Var wv = t.input(w);
        Var bv = t.input(bias);
        Var y = conv.forward(xv, List.of(wv, bv), Layer.Mode.EVAL);
        assertArrayEquals(naiveConv(xs, ws, bias.toDoubleArray(), oh, ow), y.value().toDoubleArray(), 1e-12);

        // loss = Σ g ⊙ y, so dW[o,c,u,v] = Σ g[b,o,i,j]·x[b,c,..], dx[b,c,r,q] = Σ g[b,o,i,j]·W[o,c,u,v], dbias[o] = Σ g[b,o,..].
        var grads = t.grad(y.mul(t.constant(g)).sum(), xv, wv, bv);
        double[] dw = new double[ws.length];
        double[] dx = new double[xs.length];
        double[] db = new double[O];
        for (int b = 0; b < N; b++) {
            for (int o = 0; o < O; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double gij = gs[((b * O + o) * oh + i) * ow + j];
                        db[o] += gij;
                        for (int c = 0; c < C; c++) {
                            for (int u = 0; u < K; u++) {
                                for (int v = 0; v < K; v++) {
                                    int r = i * S - P + u;
                                    int q = j * S - P + v;
                                    if (r >= 0 && r < H && q >= 0 && q < W) {
                                        int wi = ((o * C + c) * K + u) * K + v;
                                        int xi = ((b * C + c) * H + r) * W + q;
                                        dw[wi] += gij * xs[xi];
                                        dx[xi] += gij * ws[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertArrayEquals(dw, grads.of(wv).toDoubleArray(), 1e-12);
        assertArrayEquals(dx, grads.of(xv).toDoubleArray(), 1e-12);
        assertArrayEquals(db, grads.of(bv).toDoubleArray(), 1e-12);
    }

    @Test
    void conv2dJvpIsTheDirectionalDerivative() {
        Conv2d conv = Conv2d.of(1, 1, 2);
        Trace t = new Trace();
        Var x = t.input(Tensor.of(DType.F64, Shape.of(1, 1, 2, 2), 1, 2, 3, 4));
        Var w = t.input(Tensor.of(DType.F64, Shape.of(1, 1, 2, 2), 1, 0, 0, -1));
        Var b = t.input(Tensor.of(DType.F64, Shape.of(1), 0.5));
        Var y = conv.forward(x, List.of(w, b), Layer.Mode.EVAL);
        assertEquals(1 - 4 + 0.5, y.item(), 0);
        // d/dx along t = (1, 1, 1, 1): Σ W = 0; along W-tangent (1,1,1,1): Σ x = 10.
        assertEquals(0, t.jvp(y, java.util.Map.of(x, Tensor.full(Shape.of(1, 1, 2, 2), DType.F64, 1))).item(), 0);
        assertEquals(10, t.jvp(y, java.util.Map.of(w, Tensor.full(Shape.of(1, 1, 2, 2), DType.F64, 1))).item(), 0);
    }

    private static double[] poolGrad(KinkPolicy p, KinkLog[] log) {
        Trace t = new Trace(p, DType.F64);
        // one 2x2 window with a three-way tie at 1: [[1, 1], [0, 1]]
        Var x = t.input(Tensor.of(DType.F64, Shape.of(1, 1, 2, 2), 1, 1, 0, 1));
        Var y = MaxPool2d.of(2).forward(x, List.of(), Layer.Mode.EVAL);
        assertEquals(1, y.item(), 0);
        double[] g = t.grad(y.sum(), x).of(x).toDoubleArray();
        log[0] = t.kinks();
        return g;
    }

    /** TieWeights: λ = ½ splits evenly (1/3 each), λ = 0 (right) gives all to the first tied element, λ = 1 (left) to the last. */
    @Test
    void maxPoolTiesAreKinksDecidedByThePolicy() {
        KinkLog[] log = new KinkLog[1];
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 0, 1.0 / 3}, poolGrad(KinkPolicy.mid(), log), 1e-15);
        assertEquals(1, log[0].size());
        KinkLog.Hit h = log[0].get(0);
        assertEquals("reduce_max", h.op());
        assertEquals(1, h.point(), 0);
        assertEquals(1, h.adjoint(), 0);
        assertArrayEquals(new double[] {1, 0, 0, 0}, poolGrad(KinkPolicy.right(), log), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1}, poolGrad(KinkPolicy.left(), log), 0);
    }

    @Test
    void maxPoolWithoutTiesLogsNothing() {
        Trace t = new Trace();
        // 4x4 image, 2x2 windows, distinct values: maxima 5, 7, 13, 15 (0-based row-major values)
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        Var x = t.input(Tensor.of(DType.F64, Shape.of(1, 1, 4, 4), v));
        Var y = MaxPool2d.of(2).forward(x, List.of(), Layer.Mode.EVAL);
        assertArrayEquals(new double[] {5, 7, 13, 15}, y.value().toDoubleArray(), 0);
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        assertEquals(0, t.kinks().size());
    }

    @Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Conv2d.of(3, 4, 3).outputShape(Shape.of(1, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> MaxPool2d.of(3).outputShape(Shape.of(1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 0, 1, 0, Init.HE));
        assertEquals(Shape.of(48), new Flatten().outputShape(Shape.of(3, 4, 4)));
    }
}
