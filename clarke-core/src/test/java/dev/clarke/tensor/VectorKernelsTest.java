package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two backends against each other and against a naive loop. The vector kernels perform the same
 * IEEE operation per element in the same order as the pure-Java ones (matmul: {@code c = fma(a, b, c)},
 * p = 0..k-1, one rounding per step), so the documented tolerance between them is zero: every
 * comparison here is bit for bit ({@link Float#floatToRawIntBits} / {@link Double#doubleToRawLongBits}),
 * including signed zeros, NaN and infinities. Surefire runs with {@code --add-modules
 * jdk.incubator.vector}, so {@link Kernels#get()} is the vector backend here; the pure-Java backend
 * is exercised directly through {@link JavaKernels#INSTANCE}.
 */
class VectorKernelsTest {

    private static final Kernels JAVA = JavaKernels.INSTANCE;
    private static final Kernels VEC = Kernels.get();

    @Test
    void vectorBackendIsChosenWhenTheModuleIsPresent() {
        assertTrue(KernelsChoice.vectorModulePresent(), "surefire's argLine adds jdk.incubator.vector");
        assertTrue(VEC.backend().startsWith("vector"), VEC.backend());
        assertEquals("java", Kernels.pureJava().backend());
    }

    /** Without the module (a JVM started without the flag) the pure-Java backend is chosen and works. */
    @Test
    void withoutTheModuleThePureJavaBackendRuns() throws Exception {
        String exe = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(exe, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.clarke.tensor.PureJavaProbe").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("java false true", out);
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        assertEquals(want.dtype(), got.dtype(), what);
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i), g = got.get(i);
            if (!(Double.isNaN(w) && Double.isNaN(g))) {
                assertEquals(Double.doubleToRawLongBits(w), Double.doubleToRawLongBits(g),
                        () -> what + " element differs: " + w + " vs " + g);
            }
        }
    }

    private static Tensor random(DType t, Shape s, SplittableRandom rng, boolean specials) {
        double[] v = Naive.values(s.size(), rng);
        if (specials) {
            double[] sp = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-40};
            for (int i = 0; i < v.length; i += 3) {
                v[i] = sp[rng.nextInt(sp.length)];
            }
        }
        return Tensor.of(t, s, v);
    }

    /** Naive matmul in the contract's arithmetic, for 2-D operands. */
    private static double[] naive(Tensor a, Tensor b, boolean ta, boolean tb) {
        int ra = a.shape().dim(0), ca = a.shape().dim(1), rb = b.shape().dim(0), cb = b.shape().dim(1);
        int m = ta ? ca : ra, k = ta ? ra : ca, n = tb ? rb : cb;
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double d = 0;
                float f = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a.get(p * ca + i) : a.get(i * ca + p);
                    double y = tb ? b.get(j * cb + p) : b.get(p * cb + j);
                    d = Math.fma(x, y, d);
                    f = Math.fma((float) x, (float) y, f);
                }
                out[i * n + j] = a.dtype() == DType.F64 ? d : f;
            }
        }
        return out;
    }

    @Test
    void matmulBitForBitAgainstPureJavaAndNaive() {
        SplittableRandom rng = new SplittableRandom(41);
        // tile edges (8 rows, 2 vectors of columns), KC/MC/NC block edges, the narrow-output case, tiny
        // products; blocks of whole 8-row strips (A read in place, rows or columns) beside ragged ones
        // (A packed), and splits by columns for a transposed B (a boundary rounded to a strip: 784 / 2)
        int[][] mkn = {{4, 8, 32}, {5, 9, 33}, {67, 131, 259}, {128, 300, 10}, {1, 700, 300}, {300, 9, 1},
            {130, 257, 1030}, {3, 2, 2}, {17, 129, 47}, {64, 256, 784}, {136, 33, 96}, {16, 520, 200}};
        for (int[] s : mkn) {
            for (DType t : new DType[] {DType.F32, DType.F64}) {
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                    Tensor a = random(t, ta ? Shape.of(s[1], s[0]) : Shape.of(s[0], s[1]), rng, false);
                    Tensor b = random(t, tb ? Shape.of(s[2], s[1]) : Shape.of(s[1], s[2]), rng, false);
                    String what = t + " " + s[0] + "x" + s[1] + "x" + s[2] + " ta=" + ta + " tb=" + tb;
                    Tensor want = JAVA.matmul(a, b, ta, tb);
                    assertBits(want, VEC.matmul(a, b, ta, tb), what);
                    for (int threads = 1; threads <= 3; threads++) {
                        assertBits(want, MatMul.matmul(a, b, ta, tb, threads, true), what + " threads=" + threads);
                    }
                    if ((long) s[0] * s[1] * s[2] < 200_000) {
                        assertArrayEquals(naive(a, b, ta, tb), want.toDoubleArray(), 0.0, what + " naive");
                    }
                }
            }
        }
    }

    @Test
    void matmulSpecialValuesAndBatches() {
        SplittableRandom rng = new SplittableRandom(42);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.BF16}) {
            Tensor a = random(t, Shape.of(3, 37, 70), rng, true), b = random(t, Shape.of(70, 45), rng, true);
            assertBits(JAVA.matmul(a, b, false, false), VEC.matmul(a, b, false, false), t + " batched with specials");
            Tensor c = random(t, Shape.of(2, 1, 70, 37), rng, false), d = random(t, Shape.of(3, 45, 70), rng, false);
            assertBits(JAVA.matmul(c, d, true, true), VEC.matmul(c, d, true, true), t + " broadcast batches, both transposed");
        }
    }

    @Test
    void elementwiseBitForBit() {
        SplittableRandom rng = new SplittableRandom(43);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.F16}) {
            for (int n : new int[] {1, 7, 16, 33, 1000}) {
                Tensor a = random(t, Shape.of(3, n), rng, true), b = random(t, Shape.of(3, n), rng, true);
                Tensor row = random(t, Shape.of(n), rng, true), col = random(t, Shape.of(3, 1), rng, true);
                for (Tensor y : new Tensor[] {b, row, col}) {
                    String what = t + " [3," + n + "] with " + y.shape();
                    assertBits(JAVA.add(a, y), VEC.add(a, y), "add " + what);
                    assertBits(JAVA.sub(a, y), VEC.sub(a, y), "sub " + what);
                    assertBits(JAVA.mul(a, y), VEC.mul(a, y), "mul " + what);
                    assertBits(JAVA.mulStrong(a, y), VEC.mulStrong(a, y), "mulStrong " + what);
                    assertBits(JAVA.sub(y, a), VEC.sub(y, a), "sub reversed " + what);
                }
                for (double z : new double[] {0.5, 0.0, 1.0}) {
                    assertBits(JAVA.reluSlope(a, z), VEC.reluSlope(a, z), "reluSlope " + t + " " + n);
                }
                List<Integer> hj = new ArrayList<>(), hv = new ArrayList<>();
                assertBits(JAVA.relu(a, hj::add), VEC.relu(a, hv::add), "relu " + t + " " + n);
                assertEquals(hj, hv, "relu's zero hits, in order");
                assertBits(JAVA.relu(a, null), VEC.relu(a, null), "relu without log " + t);
            }
        }
    }

    /**
     * allFinite: one non-finite value (NaN, +∞, −∞) anywhere — in a full vector or in the tail —
     * makes it false; the largest finite values and subnormals do not. Expected answers from the
     * position of the planted value, both backends.
     */
    @Test
    void allFiniteFindsEveryNonFiniteValue() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int n : new int[] {0, 1, 7, 16, 33, 100}) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 3 == 0 ? (t == DType.F32 ? Float.MAX_VALUE : Double.MAX_VALUE) : i % 3 == 1 ? -Double.MIN_VALUE : i;
                }
                Tensor ok = Tensor.of(t, Shape.of(n), v);
                assertTrue(VEC.allFinite(ok) && JAVA.allFinite(ok), t + " " + n);
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    for (int at = 0; at < n; at += Math.max(1, n / 5)) {
                        double[] w = v.clone();
                        w[at] = bad;
                        Tensor x = Tensor.of(t, Shape.of(n), w);
                        assertFalse(VEC.allFinite(x), t + " " + bad + " at " + at + " of " + n);
                        assertFalse(JAVA.allFinite(x), t + " " + bad + " at " + at + " of " + n);
                    }
                }
            }
        }
    }

    @Test
    void reluOfNegativeZeroIsPositiveZeroAndIsAHit() {
        Tensor x = Tensor.of(DType.F32, Shape.of(40), new double[40]);
        float[] v = x.floatData();
        for (int i = 0; i < 40; i++) {
            v[i] = i % 2 == 0 ? -0f : -1f;
        }
        List<Integer> hits = new ArrayList<>();
        Tensor r = VEC.relu(x, hits::add);
        for (int i = 0; i < 40; i++) {
            assertEquals(0, Float.floatToRawIntBits(r.floatData()[i]));
        }
        assertEquals(20, hits.size());
        assertEquals(38, hits.get(19));
    }
}
