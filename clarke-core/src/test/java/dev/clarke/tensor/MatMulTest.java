package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Matrix products against a naive triple loop. The contract fixes the summation order (p = 0..k-1,
 * {@code c = fma(a, b, c)} in float for float storage, in double for F64), so the naive loop in that
 * arithmetic must match bit for bit; the exact product in double checks the error bound too.
 */
class MatMulTest {

    private static final Kernels K = Kernels.get();
    private static final MinifloatOracle F16 = new MinifloatOracle(5, 10);
    private static final MinifloatOracle BF16 = new MinifloatOracle(8, 7);

    /** Element (i, j) of a stored [rows, cols] matrix starting at {@code off}, read transposed if asked. */
    private static double at(Tensor x, int off, int rows, int cols, boolean trans, int i, int j) {
        return trans ? x.get(off + j * cols + i) : x.get(off + i * cols + j);
    }

    /** The naive product with the contract's arithmetic, element by element through broadcast indices. */
    private static double[] naive(Tensor a, Tensor b, boolean ta, boolean tb, int[] outDims) {
        int[] da = a.shape().dims(), db = b.shape().dims();
        int ra = da[da.length - 2], ca = da[da.length - 1], rb = db[db.length - 2], cb = db[db.length - 1];
        int m = ta ? ca : ra, k = ta ? ra : ca, n = tb ? rb : cb;
        int[] batchOut = java.util.Arrays.copyOf(outDims, outDims.length - 2);
        int[] batchA = java.util.Arrays.copyOf(da, da.length - 2), batchB = java.util.Arrays.copyOf(db, db.length - 2);
        int batches = Naive.size(batchOut);
        double[] out = new double[batches * m * n];
        for (int bi = 0; bi < batches; bi++) {
            int[] idx = Naive.unravel(bi, batchOut);
            int offA = Naive.broadcastIndex(idx, batchA) * ra * ca, offB = Naive.broadcastIndex(idx, batchB) * rb * cb;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double d = 0;
                    float f = 0;
                    for (int p = 0; p < k; p++) {
                        double x = at(a, offA, ra, ca, ta, i, p), y = at(b, offB, rb, cb, tb, p, j);
                        d = Math.fma(x, y, d);
                        f = Math.fma((float) x, (float) y, f);
                    }
                    DType t = a.dtype();
                    out[(bi * m + i) * n + j] = t == DType.F64 ? d : t == DType.F32 ? f
                            : t == DType.F16 ? F16.round(f) : BF16.round(f);
                }
            }
        }
        return out;
    }

    private static int[] outDims(int[] batch, int m, int n) {
        int[] d = java.util.Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = m;
        d[batch.length + 1] = n;
        return d;
    }

    private static Tensor random(DType t, int[] batch, int rows, int cols, SplittableRandom rng) {
        int[] dims = outDims(batch, rows, cols);
        return Tensor.of(t, Shape.of(dims), Naive.values(Naive.size(dims), rng));
    }

    private static void check(DType t, int[] batchA, int[] batchB, int m, int k, int n, boolean ta, boolean tb,
                              SplittableRandom rng) {
        Tensor a = ta ? random(t, batchA, k, m, rng) : random(t, batchA, m, k, rng);
        Tensor b = tb ? random(t, batchB, n, k, rng) : random(t, batchB, k, n, rng);
        int[] out = outDims(Naive.broadcast(batchA, batchB), m, n);
        double[] want = naive(a, b, ta, tb, out);
        for (int threads = 1; threads <= 3; threads++) {
            Tensor c = MatMul.matmul(a, b, ta, tb, threads);
            assertEquals(Shape.of(out), c.shape());
            assertEquals(t, c.dtype());
            assertArrayEquals(want, c.toDoubleArray(), 0.0, () -> t + " " + a.shape() + (ta ? "^T" : "") + " x "
                    + b.shape() + (tb ? "^T" : ""));
        }
        Tensor ea = ta ? K.transpose(a, -1, -2) : a, eb = tb ? K.transpose(b, -1, -2) : b;
        assertArrayEquals(K.matmul(ea, eb, false, false).toDoubleArray(), K.matmul(a, b, ta, tb).toDoubleArray(), 0.0,
                "transposed flags equal explicit transpose");
    }

    @Test
    void randomShapesAllFlagsAllDtypes() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 160; trial++) {
            DType t = DType.values()[trial % 4];
            int[] batch = Naive.dims(rng.nextInt(3), 3, rng);
            int[] batchA = rng.nextBoolean() ? batch : Naive.broadcastable(batch, rng);
            int[] batchB = rng.nextBoolean() ? batch : Naive.broadcastable(batch, rng);
            check(t, batchA, batchB, 1 + rng.nextInt(9), rng.nextInt(11), 1 + rng.nextInt(9),
                    rng.nextBoolean(), rng.nextBoolean(), rng);
        }
    }

    /** Sizes that cross the KC/NC panel edges, odd rows, narrow outputs and the parallel threshold. */
    @Test
    void largeAndEdgeShapes() {
        SplittableRandom rng = new SplittableRandom(6);
        int[][] mkn = {{67, 131, 259}, {128, 300, 10}, {5, 520, 3}, {1, 700, 300}, {300, 9, 1}, {96, 257, 70}};
        for (int[] s : mkn) {
            for (int flags = 0; flags < 4; flags++) {
                check(DType.F32, new int[0], new int[0], s[0], s[1], s[2], (flags & 1) != 0, (flags & 2) != 0, rng);
            }
            check(DType.F64, new int[] {2}, new int[0], s[0], s[1], s[2], true, false, rng);
        }
        check(DType.BF16, new int[] {3}, new int[] {1}, 70, 130, 65, false, true, rng);
        check(DType.F16, new int[] {2, 1}, new int[] {3}, 33, 64, 80, true, true, rng);
    }

    @Test
    void errorBoundAgainstExactDouble() {
        Tensor a = Tensor.randn(Shape.of(64, 200), DType.F32, 1), b = Tensor.randn(Shape.of(200, 48), DType.F32, 2);
        Tensor c = K.matmul(a, b, false, false);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 48; j++) {
                double exact = 0, abs = 0;
                for (int p = 0; p < 200; p++) {
                    exact += a.get(i * 200 + p) * b.get(p * 48 + j);
                    abs += Math.abs(a.get(i * 200 + p) * b.get(p * 48 + j));
                }
                double bound = 201 * Math.pow(2, -24) * abs; // gamma_k for float, with room
                assertEquals(exact, c.get(i * 48 + j), bound);
            }
        }
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor c = K.matmul(Tensor.zeros(Shape.of(2, 0), DType.F32), Tensor.zeros(Shape.of(0, 3), DType.F32), false, false);
        assertEquals(Shape.of(2, 3), c.shape());
        assertArrayEquals(new double[6], c.toDoubleArray());
        assertEquals(Shape.of(0, 3), K.matmul(Tensor.zeros(Shape.of(0, 4), DType.F64),
                Tensor.zeros(Shape.of(4, 3), DType.F64), false, false).shape());
    }

    @Test
    void errors() {
        Tensor a = Tensor.zeros(Shape.of(2, 3), DType.F32), b = Tensor.zeros(Shape.of(4, 5), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K.matmul(a, b, false, false));
        assertEquals("matmul: inner dimensions differ: [2, 3] x [4, 5] (3 != 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.matmul(a, b, true, false));
        assertEquals("matmul: inner dimensions differ: [2, 3]^T x [4, 5] (2 != 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.matmul(Tensor.zeros(Shape.of(3), DType.F32), b, false, false));
        assertEquals("matmul: operands need rank >= 2, got [3] x [4, 5]; reshape a vector to [1, k] or [k, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.matmul(a, Tensor.zeros(Shape.of(3, 5), DType.F64), false, false));
        assertEquals("matmul: dtypes differ: f32[2, 3] and f64[3, 5]; convert one with Tensor.to(DType)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K.matmul(Tensor.zeros(Shape.of(2, 2, 3), DType.F32),
                Tensor.zeros(Shape.of(3, 3, 5), DType.F32), false, false));
        assertEquals("matmul: batch dimensions of [2, 2, 3] and [3, 3, 5] do not broadcast; aligned from the right,"
                + " each pair must be equal or 1", e.getMessage());
    }
}
