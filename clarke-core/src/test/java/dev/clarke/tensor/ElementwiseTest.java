package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final Kernels K = Kernels.get();
    private static final MinifloatOracle F16 = new MinifloatOracle(5, 10);
    private static final MinifloatOracle BF16 = new MinifloatOracle(8, 7);

    /** The exactly rounded result of {@code op} on two exact doubles, from BigDecimal arithmetic. */
    private static double exact(char op, double x, double y, DType t) {
        double ieee = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        if (!Double.isFinite(x) || !Double.isFinite(y) || op == '/' && y == 0) {
            return ieee; // infinities and NaN: the IEEE rules, the same in every format
        }
        BigDecimal a = new BigDecimal(x), b = new BigDecimal(y);
        BigDecimal r = op == '+' ? a.add(b) : op == '-' ? a.subtract(b) : op == '*' ? a.multiply(b)
                : a.divide(b, new MathContext(200));
        if (r.signum() == 0) {
            return ieee; // an exact zero: its sign follows the IEEE rule, whatever the precision
        }
        switch (t) {
            case F64: return r.doubleValue();
            case F32: return r.floatValue();
            case F16: return F16.round(r, r.signum() < 0);
            default: return BF16.round(r, r.signum() < 0);
        }
    }

    private static Tensor apply(char op, Tensor a, Tensor b) {
        switch (op) {
            case '+': return K.add(a, b);
            case '-': return K.sub(a, b);
            case '*': return K.mul(a, b);
            default: return K.div(a, b);
        }
    }

    /**
     * Rank-0 operands (the shortcut scalar programs take, on both backends) against the exact
     * oracle: random values and signed zeros, infinities, NaN, in every dtype; and the strong
     * product's zero, which beats NaN and ∞.
     */
    @Test
    void scalarOperandsRoundExactlyOnBothBackends() {
        double[] special = {0.0, -0.0, 1.0, -3.5, 1e-310, 65504, 3e38, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN};
        SplittableRandom rng = new SplittableRandom(5);
        for (Kernels k : new Kernels[] {Kernels.get(), Kernels.pureJava()}) {
            for (DType t : DType.values()) {
                for (int trial = 0; trial < 400; trial++) {
                    double x = t.round(trial < 100 ? special[trial % 10] : rng.nextGaussian() * Math.exp(rng.nextInt(40) - 20));
                    double y = t.round(trial < 100 ? special[trial / 10] : rng.nextGaussian());
                    Tensor a = Tensor.scalar(x, t), b = Tensor.scalar(y, t);
                    for (char op : new char[] {'+', '-', '*', '/'}) {
                        Tensor r = op == '+' ? k.add(a, b) : op == '-' ? k.sub(a, b) : op == '*' ? k.mul(a, b) : k.div(a, b);
                        String at = k.backend() + " " + t + ": " + x + " " + op + " " + y;
                        assertEquals(0, r.rank(), at);
                        assertEquals(t, r.dtype(), at);
                        assertEquals(Double.doubleToRawLongBits(exact(op, x, y, t)), Double.doubleToRawLongBits(r.item()), at);
                    }
                    double strong = k.mulStrong(a, b).item();
                    double want = x == 0 ? 0.0 : exact('*', x, y, t);
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(strong), k.backend() + " " + t
                            + ": strong " + x + " * " + y);
                }
            }
        }
    }

    /** Broadcasting arithmetic on random shapes against a per-element oracle with exact rounding. */
    @Test
    void arithmeticBroadcastsAndRoundsExactly() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            DType t = DType.values()[trial % 4];
            int[] full = Naive.dims(rng.nextInt(4), 5, rng);
            int[] da = rng.nextBoolean() ? full : Naive.broadcastable(full, rng);
            int[] db = rng.nextInt(3) == 0 ? da : Naive.broadcastable(full, rng);
            if (rng.nextInt(4) == 0) {
                int[] tmp = da;
                da = db;
                db = tmp;
            }
            Tensor a = Tensor.of(t, Shape.of(da), Naive.values(Naive.size(da), rng));
            Tensor b = Tensor.of(t, Shape.of(db), Naive.values(Naive.size(db), rng));
            int[] out = Naive.broadcast(da, db);
            for (char op : new char[] {'+', '-', '*', '/'}) {
                Tensor r = apply(op, a, b);
                assertEquals(Shape.of(out), r.shape());
                assertEquals(t, r.dtype());
                for (int i = 0; i < r.size(); i++) {
                    int[] idx = Naive.unravel(i, out);
                    double x = a.get(Naive.broadcastIndex(idx, da)), y = b.get(Naive.broadcastIndex(idx, db));
                    double want = exact(op, x, y, t);
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(r.get(i)),
                            t + " " + x + " " + op + " " + y + " at " + i + " of " + Shape.of(da) + op + Shape.of(db));
                }
            }
        }
    }

    @Test
    void biasRowsAndScalars() {
        for (DType t : DType.values()) {
            Tensor x = Tensor.of(t, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
            Tensor bias = Tensor.of(t, Shape.of(3), 10, 20, 30);
            assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, K.add(x, bias).toDoubleArray());
            assertArrayEquals(new double[] {-9, -18, -27, -6, -15, -24}, K.sub(x, bias).toDoubleArray());
            assertArrayEquals(new double[] {9, 18, 27, 6, 15, 24}, K.sub(bias, x).toDoubleArray());
            Tensor two = Tensor.scalar(2, t);
            assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, K.mul(x, two).toDoubleArray());
            assertArrayEquals(new double[] {2, 1, 2.0 / 3, 0.5, 0.4, 1.0 / 3},
                    K.div(two, x).toDoubleArray(), 1e-2);
            Tensor col = Tensor.of(t, Shape.of(2, 1), 100, 200);
            assertArrayEquals(new double[] {101, 102, 103, 204, 205, 206}, K.add(x, col).toDoubleArray());
        }
    }

    @Test
    void mulStrongZeroesAgainstNanAndInfinity() {
        for (DType t : DType.values()) {
            Tensor g = Tensor.of(t, Shape.of(5), 0, -0.0, 2, 0, 3);
            Tensor d = Tensor.of(t, Shape.of(5), Double.NaN, Double.POSITIVE_INFINITY, 4, Double.NEGATIVE_INFINITY, Double.NaN);
            Tensor r = K.mulStrong(g, d);
            assertEquals(0.0, r.get(0));
            assertEquals(0.0, r.get(1));
            assertEquals(8.0, r.get(2));
            assertEquals(0.0, r.get(3));
            assertTrue(Double.isNaN(r.get(4)));
            assertTrue(Double.isNaN(K.mul(g, d).get(0)), "plain mul is not strong");
            Tensor rb = K.mulStrong(Tensor.of(t, Shape.of(2, 1), 0, 1), Tensor.of(t, Shape.of(2), Double.NaN, 5));
            assertEquals(0.0, rb.get(0));
            assertEquals(0.0, rb.get(1));
            assertTrue(Double.isNaN(rb.get(2)));
            assertEquals(5.0, rb.get(3));
        }
    }

    @Test
    void reluDetectsExactZeros() {
        for (DType t : DType.values()) {
            Tensor x = Tensor.of(t, Shape.of(6), -1, 0.0, -0.0, 2.5, Double.NaN, 1e-30);
            List<Integer> hits = new ArrayList<>();
            Tensor r = K.relu(x, hits::add);
            assertEquals(t == DType.F16 ? List.of(1, 2, 5) : List.of(1, 2), hits); // 1e-30 underflows in f16
            assertEquals(0.0, r.get(0));
            assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(r.get(2)), "relu(-0.0) = +0.0");
            assertEquals(2.5, r.get(3));
            assertTrue(Double.isNaN(r.get(4)));
            assertEquals(t.round(1e-30), r.get(5));
            assertArrayEquals(r.toDoubleArray(), K.relu(x, null).toDoubleArray());
            Tensor s = K.reluSlope(x, 0.5);
            assertEquals(0.0, s.get(0));
            assertEquals(0.5, s.get(1));
            assertEquals(0.5, s.get(2));
            assertEquals(1.0, s.get(3));
            assertTrue(Double.isNaN(s.get(4)));
            assertEquals(t.round(1e-30) > 0 ? 1.0 : 0.5, s.get(5));
        }
    }

    @Test
    void whereBroadcastsAndReadsAnyMask() {
        Tensor mask = Tensor.of(DType.F32, Shape.of(2, 1), 1, 0);
        Tensor a = Tensor.of(DType.F64, Shape.of(3), 1, 2, 3);
        Tensor b = Tensor.scalar(-1, DType.F64);
        Tensor r = K.where(mask, a, b);
        assertEquals(Shape.of(2, 3), r.shape());
        assertEquals(DType.F64, r.dtype());
        assertArrayEquals(new double[] {1, 2, 3, -1, -1, -1}, r.toDoubleArray());
        Tensor m2 = Tensor.of(DType.F64, Shape.of(3), Double.NaN, -0.0, -2);
        assertArrayEquals(new double[] {1, -1, 3}, K.where(m2, a, b).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> K.where(mask, a, Tensor.scalar(0, DType.F32)));
    }

    @Test
    void mapZipNegScaleRound() {
        Tensor x = Tensor.of(DType.F16, Shape.of(3), 1, 2, 3);
        assertArrayEquals(new double[] {F16.round(Math.sqrt(2)), F16.round(Math.sqrt(3))},
                new double[] {K.map(x, Math::sqrt).get(1), K.map(x, Math::sqrt).get(2)});
        DoubleBinaryOperator hyp = Math::hypot;
        Tensor z = K.zip(x, Tensor.of(DType.F16, Shape.of(2, 1), 1, 0), hyp);
        assertEquals(Shape.of(2, 3), z.shape());
        assertEquals(F16.round(Math.sqrt(5)), z.get(1));
        assertEquals(3.0, z.get(5));
        assertArrayEquals(new double[] {-1, -2, -3}, K.neg(x).toDoubleArray());
        assertArrayEquals(new double[] {BF16.round(0.1), BF16.round(0.2), BF16.round(0.3)},
                K.scale(Tensor.of(DType.BF16, Shape.of(3), 1, 2, 3), 0.1).toDoubleArray());
        assertEquals((float) (0.1 * 3), K.scale(Tensor.of(DType.F32, Shape.of(1), 3), 0.1).get(0));
    }

    @Test
    void errorMessagesNameOpShapesAndFix() {
        Tensor a = Tensor.zeros(Shape.of(2, 3), DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> K.add(a, Tensor.zeros(Shape.of(4), DType.F64)));
        assertEquals("add: shapes [2, 3] and [4] do not broadcast; aligned from the right, each pair of dimensions"
                + " must be equal or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.mul(a, Tensor.zeros(Shape.of(2, 3), DType.F32)));
        assertEquals("mul: dtypes differ: f64[2, 3] and f32[2, 3]; convert one with Tensor.to(DType)", e.getMessage());
    }
}
