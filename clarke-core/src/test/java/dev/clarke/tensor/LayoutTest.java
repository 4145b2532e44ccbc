package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayoutTest {

    private static final Kernels K = Kernels.get();

    @Test
    void reshapeSharesStorage() {
        Tensor x = Tensor.of(DType.F32, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor r = K.reshape(x, Shape.of(3, 2));
        assertEquals(Shape.of(3, 2), r.shape());
        assertSame(x.floatData(), r.floatData());
        assertArrayEquals(x.toDoubleArray(), r.toDoubleArray());
        Tensor d = Tensor.of(DType.F64, Shape.of(4), 1, 2, 3, 4);
        assertSame(d.doubleData(), K.reshape(d, Shape.of(2, 1, 2)).doubleData());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K.reshape(x, Shape.of(4)));
        assertEquals("reshape: cannot reshape [2, 3] (6 elements) to [4] (4 elements); the sizes must match", e.getMessage());
    }

    /** Transpose against the index definition, on random shapes and axis pairs. */
    @Test
    void transposeMatchesIndexDefinition() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + rng.nextInt(4);
            int[] dims = Naive.dims(rank, 5, rng);
            if (trial < 10) {
                dims = new int[] {33 + trial, 70};
                rank = 2;
            }
            DType t = DType.values()[trial % 4];
            Tensor x = Tensor.of(t, Shape.of(dims), Naive.values(Naive.size(dims), rng));
            int p = rng.nextInt(rank), q = rng.nextInt(rank);
            Tensor y = K.transpose(x, p - (rng.nextBoolean() ? rank : 0), q);
            int[] od = dims.clone();
            od[p] = dims[q];
            od[q] = dims[p];
            assertEquals(Shape.of(od), y.shape());
            for (int i = 0; i < y.size(); i++) {
                int[] idx = Naive.unravel(i, od);
                int tmp = idx[p];
                idx[p] = idx[q];
                idx[q] = tmp;
                int src = 0;
                for (int a = 0; a < rank; a++) {
                    src = src * dims[a] + idx[a];
                }
                assertEquals(x.get(src), y.get(i));
            }
        }
    }

    @Test
    void sliceValues() {
        Tensor x = Tensor.of(DType.F64, Shape.of(2, 4), 0, 1, 2, 3, 4, 5, 6, 7);
        assertArrayEquals(new double[] {1, 2, 5, 6}, K.slice(x, 1, 1, 3).toDoubleArray());
        assertEquals(Shape.of(2, 2), K.slice(x, -1, 1, 3).shape());
        assertArrayEquals(new double[] {4, 5, 6, 7}, K.slice(x, 0, 1, 2).toDoubleArray());
        assertEquals(Shape.of(2, 0), K.slice(x, 1, 2, 2).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K.slice(x, 1, 3, 5));
        assertEquals("slice: range [3, 5) is not within axis 1 of shape [2, 4]; need 0 <= start <= end <= 4", e.getMessage());
    }

    /** Slicing a tensor into random pieces along an axis and concatenating them gives it back. */
    @Test
    void concatSliceRoundTrip() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 100; trial++) {
            int rank = 1 + rng.nextInt(4);
            int[] dims = Naive.dims(rank, 6, rng);
            DType t = DType.values()[trial % 4];
            Tensor x = Tensor.of(t, Shape.of(dims), Naive.values(Naive.size(dims), rng));
            int axis = rng.nextInt(rank);
            List<Tensor> pieces = new ArrayList<>();
            for (int start = 0; start < dims[axis]; ) {
                int end = start + 1 + rng.nextInt(dims[axis] - start);
                pieces.add(K.slice(x, axis, start, end));
                start = end;
            }
            Tensor y = K.concat(pieces, axis - rank);
            assertEquals(x.shape(), y.shape());
            assertEquals(t, y.dtype());
            assertArrayEquals(x.toDoubleArray(), y.toDoubleArray());
        }
    }

    @Test
    void concatValuesAndErrors() {
        Tensor a = Tensor.of(DType.F64, Shape.of(2, 1), 1, 2), b = Tensor.of(DType.F64, Shape.of(2, 2), 3, 4, 5, 6);
        assertArrayEquals(new double[] {1, 3, 4, 2, 5, 6}, K.concat(List.of(a, b), 1).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K.concat(List.of(a, b), 0));
        assertEquals("concat: shapes [2, 1] and [2, 2] differ outside axis 0; all dimensions but the concatenation axis"
                + " must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.concat(List.of(a, a.to(DType.F32)), 0));
        assertEquals("concat: dtypes differ: f64 and f32; convert with Tensor.to(DType) first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> K.concat(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> K.concat(List.of(Tensor.scalar(1, DType.F64)), 0));
    }
}
