package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factoriesRoundAndStore() {
        Tensor f = Tensor.of(DType.F16, Shape.of(2), 0.1, 70000);
        assertEquals(0.0999755859375, f.get(0)); // nearest f16 to 0.1: 1638/2^14
        assertEquals(Double.POSITIVE_INFINITY, f.get(1));
        assertNull(f.doubleData());
        assertEquals(2, f.floatData().length);
        Tensor d = Tensor.of(DType.F64, Shape.of(2), 0.1, 0.2);
        assertEquals(0.1, d.get(0));
        assertNull(d.floatData());
        assertEquals(1.0, Tensor.ones(Shape.of(2, 2), DType.BF16).get(3));
        assertEquals(0.0, Tensor.zeros(Shape.of(2, 2), DType.F32).get(3));
        assertEquals((float) Math.PI, Tensor.full(Shape.of(3), DType.F32, Math.PI).get(2));
        assertEquals(Shape.SCALAR, Tensor.scalar(2, DType.F64).shape());
        assertEquals(2.0, Tensor.scalar(2, DType.F64).item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(DType.F64, Shape.of(2, 2), 1, 2, 3));
        assertEquals("Tensor.of: 3 values for shape [2, 2] of size 4", e.getMessage());
    }

    @Test
    void oneHotRows() {
        Tensor h = Tensor.oneHot(new int[] {2, 0}, 3, DType.BF16);
        assertEquals(Shape.of(2, 3), h.shape());
        assertEquals(DType.BF16, h.dtype());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, h.toDoubleArray());
        assertArrayEquals(new double[] {0, 1}, Tensor.oneHot(new int[] {1}, 2, DType.F64).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(new int[] {3}, 3, DType.F32));
    }

    @Test
    void wrapDoesNotCopy() {
        double[] d = {1, 2, 3};
        assertSame(d, Tensor.wrap(Shape.of(3), d).doubleData());
        float[] f = {1, 2};
        Tensor t = Tensor.wrap(Shape.of(1, 2), DType.BF16, f);
        assertSame(f, t.floatData());
        assertEquals(DType.BF16, t.dtype());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(Shape.of(2), d));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(Shape.of(2), DType.F64, f));
    }

    @Test
    void accessors() {
        Tensor x = Tensor.of(DType.F32, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertEquals(6, x.size());
        assertEquals(2, x.rank());
        assertEquals(5.0, x.get(4));
        double[] copy = x.toDoubleArray();
        copy[0] = 99;
        assertEquals(1.0, x.get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, x::item);
        assertEquals("item: tensor of shape [2, 3] has 6 elements, not 1; reduce it first (e.g. sum)", e.getMessage());
        assertEquals(7.0, Tensor.of(DType.F64, Shape.of(1, 1), 7).item());
        assertEquals("f32[2, 3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", x.toString());
        assertEquals("f64[7] [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ...]", Tensor.zeros(Shape.of(7), DType.F64).toString());
        assertEquals("bf16[] [1.0]", Tensor.scalar(1, DType.BF16).toString());
    }

    @Test
    void conversion() {
        Tensor x = Tensor.of(DType.F64, Shape.of(3), 1.0 / 3, 1e6 + 1, -0.0);
        Tensor h = x.to(DType.F16);
        assertEquals(DType.F16, h.dtype());
        assertEquals(0.333251953125, h.get(0));
        assertEquals(Double.POSITIVE_INFINITY, h.get(1));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(h.get(2)));
        assertEquals((float) (1.0 / 3), x.to(DType.F32).get(0));
        assertEquals(0.333984375, x.to(DType.F32).to(DType.BF16).get(0)); // 171/512
        assertEquals((double) (float) (1.0 / 3), x.to(DType.F32).to(DType.F64).get(0));
        assertSame(x, x.to(DType.F64));
        assertFalse(h.allFinite());
        assertTrue(x.allFinite());
        assertFalse(Tensor.of(DType.F64, Shape.of(1), Double.NaN).allFinite());
    }

    @Test
    void randnIsReproducibleAndStandard() {
        Shape s = Shape.of(200, 250);
        Tensor a = Tensor.randn(s, DType.F64, 42), b = Tensor.randn(s, DType.F64, 42), c = Tensor.randn(s, DType.F64, 43);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i) == c.get(i) ? 1 : 0;
        }
        assertTrue(same < 10, "different seeds give different samples");
        double mean = 0, sq = 0;
        for (int i = 0; i < a.size(); i++) {
            mean += a.get(i);
            sq += a.get(i) * a.get(i);
        }
        mean /= a.size();
        double var = sq / a.size() - mean * mean;
        assertEquals(0.0, mean, 0.02); // sd of the mean is 1/sqrt(50000) ~ 0.0045
        assertEquals(1.0, var, 0.03);
        Tensor f = Tensor.randn(Shape.of(3), DType.F32, 42);
        assertEquals((float) a.get(1), f.get(1));
        assertEquals(Shape.of(7), Tensor.randn(Shape.of(7), DType.BF16, 1).shape());
    }

    @Test
    void uniformRangeAndSeeds() {
        Tensor u = Tensor.uniform(Shape.of(10_000), DType.F64, -3, 5, 7);
        double mean = 0;
        for (int i = 0; i < u.size(); i++) {
            assertTrue(u.get(i) >= -3 && u.get(i) < 5);
            mean += u.get(i) / u.size();
        }
        assertEquals(1.0, mean, 0.1);
        assertArrayEquals(u.toDoubleArray(), Tensor.uniform(Shape.of(10_000), DType.F64, -3, 5, 7).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(Shape.of(1), DType.F64, 2, 1, 0));
    }
}
