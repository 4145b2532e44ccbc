package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReduceTest {

    private static final Kernels K = Kernels.get();

    private static final Tensor X = Tensor.of(DType.F64, Shape.of(2, 3, 2),
            1, 2, 3, 4, 5, 6,
            7, 8, 9, 10, 11, 12);

    @Test
    void sums() {
        assertEquals(Shape.SCALAR, K.sum(X).shape());
        assertEquals(78.0, K.sum(X).item());
        assertArrayEquals(new double[] {8, 10, 12, 14, 16, 18}, K.sum(X, 0, false).toDoubleArray());
        assertArrayEquals(new double[] {9, 12, 27, 30}, K.sum(X, 1, false).toDoubleArray());
        assertEquals(Shape.of(2, 3), K.sum(X, -1, false).shape());
        assertArrayEquals(new double[] {3, 7, 11, 15, 19, 23}, K.sum(X, -1, false).toDoubleArray());
        assertEquals(Shape.of(2, 1, 2), K.sum(X, 1, true).shape());
        assertEquals(Shape.SCALAR, K.sum(Tensor.of(DType.F32, Shape.of(3), 1, 2, 3), 0, false).shape());
        assertEquals(0.0, K.sum(Tensor.zeros(Shape.of(0), DType.F32)).item());
    }

    @Test
    void sumAccumulatesInDoubleAndRoundsOnce() {
        // 1 + 2^-24 * 2^24 terms: a float accumulator would stay at 1 (each add ties to even).
        int n = 1 << 12;
        double[] v = new double[n + 1];
        v[0] = 1;
        for (int i = 1; i <= n; i++) {
            v[i] = Math.pow(2, -24);
        }
        Tensor x = Tensor.of(DType.F32, Shape.of(n + 1), v);
        assertEquals((float) (1 + n * Math.pow(2, -24)), K.sum(x).item());
        assertEquals((float) (1 + n * Math.pow(2, -24)), K.sum(K.reshape(x, Shape.of(1, n + 1)), 1, false).item());
        Tensor h = Tensor.of(DType.F16, Shape.of(3), 2048, 1, 1); // 2049 is not an f16; 2050 is
        assertEquals(2050.0, K.sum(h).item());
    }

    @Test
    void maxMin() {
        assertArrayEquals(new double[] {5, 6, 11, 12}, K.max(X, 1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11}, K.min(X, 2, false).toDoubleArray());
        assertEquals(Shape.of(1, 3, 2), K.max(X, 0, true).shape());
        Tensor y = Tensor.of(DType.F32, Shape.of(2, 2), 1, Double.NaN, -0.0, 0.0);
        Tensor mx = K.max(y, 1, false);
        assertTrue(Double.isNaN(mx.get(0)));
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(mx.get(1)));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(K.min(y, 1, false).get(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> K.max(Tensor.zeros(Shape.of(2, 0), DType.F64), 1, false));
        assertEquals("max: axis 1 of shape [2, 0] is empty; there is no extremum of zero elements", e.getMessage());
    }

    @Test
    void broadcastToAndSumToExamples() {
        Tensor b = Tensor.of(DType.F64, Shape.of(3, 1), 1, 2, 3);
        Tensor big = K.broadcastTo(b, Shape.of(2, 3, 4));
        assertEquals(Shape.of(2, 3, 4), big.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(1 + (i / 4) % 3, big.get(i));
        }
        assertArrayEquals(new double[] {8, 16, 24}, K.sumTo(big, Shape.of(3, 1)).toDoubleArray());
        assertArrayEquals(new double[] {48}, K.sumTo(big, Shape.SCALAR).toDoubleArray());
        assertArrayEquals(new double[] {12, 12, 12, 12}, K.sumTo(big, Shape.of(1, 4)).toDoubleArray());
        assertSame(b, K.sumTo(b, Shape.of(3, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K.sumTo(big, Shape.of(2)));
        assertEquals("sumTo: target [2] does not broadcast to [2, 3, 4]; the target must be a shape that broadcasting"
                + " could have expanded to [2, 3, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.broadcastTo(b, Shape.of(3, 2, 4)));
        assertEquals("broadcastTo: shape [3, 1] does not broadcast to [3, 2, 4]; aligned from the right, each"
                + " dimension must equal the target's or be 1", e.getMessage());
    }

    /** sumTo is the adjoint of broadcastTo: {@code <sumTo(g), x> == <g, broadcastTo(x)>}. */
    @Property(tries = 200)
    void sumToIsAdjointOfBroadcastTo(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] full = Naive.dims(rng.nextInt(5), 4, rng);
        int[] small = Naive.broadcastable(full, rng);
        DType t = rng.nextBoolean() ? DType.F64 : DType.F32;
        Tensor x = Tensor.of(t, Shape.of(small), Naive.values(Naive.size(small), rng));
        Tensor g = Tensor.of(t, Shape.of(full), Naive.values(Naive.size(full), rng));
        Tensor st = K.sumTo(g, Shape.of(small));
        Tensor bx = K.broadcastTo(x, Shape.of(full));
        assertEquals(Shape.of(small), st.shape());
        double lhs = 0, rhs = 0, scale = 0;
        for (int i = 0; i < x.size(); i++) {
            lhs += st.get(i) * x.get(i);
        }
        for (int i = 0; i < g.size(); i++) {
            rhs += g.get(i) * bx.get(i);
            scale += Math.abs(g.get(i) * bx.get(i));
        }
        assertEquals(rhs, lhs, 1e-12 + (t == DType.F64 ? 1e-13 : 1e-6) * scale);
        // and element by element, against the naive broadcast index map
        double[] want = new double[x.size()], abs = new double[x.size()];
        for (int i = 0; i < g.size(); i++) {
            want[Naive.broadcastIndex(Naive.unravel(i, full), small)] += g.get(i);
            abs[Naive.broadcastIndex(Naive.unravel(i, full), small)] += Math.abs(g.get(i));
            assertEquals(x.get(Naive.broadcastIndex(Naive.unravel(i, full), small)), bx.get(i));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], st.get(i), (t == DType.F64 ? 1e-14 : 1e-7) * abs[i]);
        }
    }
}
