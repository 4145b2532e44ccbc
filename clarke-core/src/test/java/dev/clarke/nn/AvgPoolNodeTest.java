package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Average pooling as one node against the composite im2col → sum → multiply it replaces: the same
 * bits for the values, the gradient, a forward-mode tangent and a second-order product, over
 * kernels, strides, asymmetric padding, ceil mode and both divisors, in F32 and F64.
 */
class AvgPoolNodeTest {

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(want.get(i)), Double.doubleToRawLongBits(got.get(i)),
                    what + " element " + i + ": " + want.get(i) + " vs " + got.get(i));
        }
    }

    /** Values, ∇ of Σ g ⊙ y, the tangent of y along t, and ∇ of (∇ of Σ y²)·v, on one path. */
    private static Tensor[] run(Pool2d pool, boolean node, DType t, Tensor x0, Tensor g, Tensor tan, Tensor v) {
        Trace tr = new Trace(KinkPolicy.mid(), t);
        Var x = tr.input(x0);
        Var y = node ? pool.forward(x, List.of(), Layer.Mode.EVAL) : pool.averageByWindows(x);
        Tensor grad = tr.grad(y.mul(tr.constant(g)).sum(), List.of(x), dev.clarke.ad.Backward.RETAIN).of(x);
        Tensor jvp = tr.jvp(y, Map.of(x, tan));
        Var gx = tr.gradVars(y.mul(y).sum(), List.of(x)).get(0);
        Tensor second = tr.grad(gx.mul(tr.constant(v)).sum(), x).of(x);
        return new Tensor[] {y.value(), grad, jvp, second};
    }

    @Test
    void oneNodeGivesTheCompositeBits() {
        SplittableRandom r = new SplittableRandom(5);
        int configs = 0;
        for (int trial = 0; trial < 60; trial++) {
            int kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3);
            int sh = 1 + r.nextInt(2), sw = 1 + r.nextInt(2);
            int top = r.nextInt(kh / 2 + 1), left = r.nextInt(kw / 2 + 1), bottom = r.nextInt(kh / 2 + 1), right = r.nextInt(kw / 2 + 1);
            Window2d win = new Window2d(kh, kw, sh, sw, 1, 1, top, left, bottom, right);
            Pool2d pool = new Pool2d(Pool2d.Kind.AVERAGE, win, r.nextBoolean(), r.nextBoolean());
            int b = 1 + r.nextInt(2), c = 1 + r.nextInt(2), h = kh + r.nextInt(5), w = kw + r.nextInt(5);
            Shape s = Shape.of(b, c, h, w);
            for (DType t : new DType[] {DType.F32, DType.F64}) {
                Tensor x = Tensor.uniform(s, t, -2, 2, r.nextLong());
                Tensor tan = Tensor.uniform(s, t, -1, 1, r.nextLong());
                Tensor v = Tensor.uniform(s, t, -1, 1, r.nextLong());
                Shape out = Shape.of(b, c, pool.outputShape(Shape.of(c, h, w)).dim(1), pool.outputShape(Shape.of(c, h, w)).dim(2));
                Tensor g = Tensor.uniform(out, t, -1, 1, r.nextLong());
                Tensor[] want = run(pool, false, t, x, g, tan, v);
                Tensor[] got = run(pool, true, t, x, g, tan, v);
                String what = t + " " + pool.describe() + " on " + s;
                String[] names = {"values", "gradient", "tangent", "second order"};
                for (int i = 0; i < 4; i++) {
                    assertBits(want[i], got[i], what + " " + names[i]);
                }
                configs++;
            }
        }
        assertTrue(configs == 120);
    }
}
