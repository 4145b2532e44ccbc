package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The workspace against the heap. Every result computed on recycled arrays — filled with NaN
 * before each scope ({@link Workspace#poisonFreeArrays}), so that a kernel reading its output before
 * writing it would show — must be bit for bit the result computed on fresh arrays without a
 * workspace, on both backends; so must several training steps of an MLP in a row. Then the steady
 * state (no fresh arrays after warm-up), the validity contract, and the scoping rules.
 */
class WorkspaceTest {

    private static final Kernels[] BACKENDS = {Kernels.get(), Kernels.pureJava()};
    private static final DType[] DTYPES = {DType.F32, DType.F64};

    static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        assertEquals(want.dtype(), got.dtype(), what);
        for (int i = 0; i < want.size(); i++) {
            long w = Double.doubleToRawLongBits(want.get(i)), g = Double.doubleToRawLongBits(got.get(i));
            if (w != g) {
                throw new AssertionError(what + ": element " + i + " differs: " + want.get(i) + " vs " + got.get(i));
            }
        }
    }

    private static Tensor random(DType t, Shape s, long seed) {
        return Tensor.uniform(s, t, -1, 1, seed);
    }

    // ---- every kernel on recycled arrays --------------------------------------------------------

    /**
     * One call of each kernel and factory, including those that accumulate into their output (sums,
     * sumTo, matmul over two k-blocks of the vector kernel, matmul with k = 0).
     */
    private static List<Function<Kernels, Tensor>> everyKernel(DType t) {
        Tensor a = random(t, Shape.of(37, 300), 1), b = random(t, Shape.of(300, 45), 2);
        Tensor c = random(t, Shape.of(37, 45), 3), row = random(t, Shape.of(45), 4);
        Tensor mask = random(t, Shape.of(45), 6);
        Tensor empty = Tensor.zeros(Shape.of(37, 0), t), emptyB = Tensor.zeros(Shape.of(0, 45), t);
        List<Function<Kernels, Tensor>> calls = new ArrayList<>();
        calls.add(k -> k.matmul(a, b, false, false));
        calls.add(k -> k.matmul(a, c, true, false));
        calls.add(k -> k.matmul(c, b, false, true));
        calls.add(k -> k.matmul(empty, emptyB, false, false));
        calls.add(k -> k.add(c, row));
        calls.add(k -> k.sub(c, c));
        calls.add(k -> k.mul(row, row));
        calls.add(k -> k.div(c, row));
        calls.add(k -> k.mulStrong(c, row));
        calls.add(k -> k.add(Tensor.scalar(1, t), Tensor.scalar(2, t)));
        calls.add(k -> k.zip(c, row, Math::atan2));
        calls.add(k -> k.map(c, Math::exp));
        calls.add(k -> k.neg(c));
        calls.add(k -> k.scale(c, 0.1));
        calls.add(k -> k.relu(c, null));
        calls.add(k -> k.reluSlope(c, 0.5));
        calls.add(k -> k.where(k.relu(mask, null), c, k.neg(c)));
        calls.add(k -> k.sum(c));
        calls.add(k -> k.sum(c, 0, false));
        calls.add(k -> k.sum(c, 1, true));
        calls.add(k -> k.sumTo(c, Shape.of(45)));
        calls.add(k -> k.sumTo(c, Shape.of(37, 1)));
        calls.add(k -> k.broadcastTo(row, Shape.of(37, 45)));
        calls.add(k -> k.max(c, 1, true));
        calls.add(k -> k.min(c, 0, false));
        calls.add(k -> k.transpose(c, 0, 1));
        calls.add(k -> k.slice(c, 1, 3, 20));
        calls.add(k -> k.concat(List.of(c, k.reshape(row, Shape.of(1, 45))), 0));
        calls.add(k -> c.to(t == DType.F64 ? DType.F32 : DType.F64));
        calls.add(k -> Tensor.zeros(Shape.of(37, 45), t));
        calls.add(k -> Tensor.oneHot(new int[] {3, 0, 44}, 45, t));
        calls.add(k -> Tensor.full(Shape.of(45), t, 0.3));
        calls.add(k -> Tensor.of(t, Shape.of(3), 1, 2, 3));
        calls.add(k -> Tensor.randn(Shape.of(37, 45), t, 5));
        return calls;
    }

    @Test
    void everyKernelOnRecycledPoisonedArraysGivesTheBitsOfFreshArrays() {
        for (Kernels k : BACKENDS) {
            for (DType t : DTYPES) {
                List<Function<Kernels, Tensor>> calls = everyKernel(t);
                Workspace ws = new Workspace();
                long freshAfterFirstRound = 0;
                for (int round = 0; round < 3; round++) { // round 0 fills the free lists, later rounds reuse them
                    List<Tensor> got = new ArrayList<>();
                    try (Workspace.Scope s = ws.open()) {
                        ws.poisonFreeArrays();
                        for (Function<Kernels, Tensor> call : calls) {
                            got.add(call.apply(k));
                        }
                    }
                    for (int i = 0; i < calls.size(); i++) { // the reference: fresh arrays, no scope open
                        assertBits(calls.get(i).apply(k), got.get(i), k.backend() + " " + t + " call " + i + " round " + round);
                    }
                    freshAfterFirstRound = round == 0 ? ws.freshAllocations() : freshAfterFirstRound;
                }
                long arrays = calls.stream().filter(c -> c.apply(k).rank() > 0).count(); // scalars take a plain array
                assertTrue(freshAfterFirstRound >= arrays, "the first round took its arrays from the heap");
                assertEquals(freshAfterFirstRound, ws.freshAllocations(), "later rounds reuse every array");
            }
        }
    }

    // ---- training steps -------------------------------------------------------------------------

    private static final int BATCH = 37;
    private static final double LR = 0.05;

    /** A 300-45-45-7 ReLU MLP's parameters W1, b1, W2, b2, W3, b3 (300 > one k-block of the vector matmul). */
    private static Tensor[] mlp(DType t) {
        int[] widths = {300, 45, 45, 7};
        Tensor[] w = new Tensor[6];
        for (int l = 0; l < 3; l++) {
            w[2 * l] = Kernels.pureJava().scale(random(t, Shape.of(widths[l], widths[l + 1]), 10 + l), 0.3);
            w[2 * l + 1] = random(t, Shape.of(widths[l + 1]), 20 + l);
        }
        return w;
    }

    /** One-hot rows of 7 classes. */
    private static Tensor labels(DType t) {
        double[] v = new double[BATCH * 7];
        for (int i = 0; i < BATCH; i++) {
            v[i * 7 + (i * 3) % 7] = 1;
        }
        return Tensor.of(t, Shape.of(BATCH, 7), v);
    }

    /**
     * The gradients of the mean softmax cross-entropy of the MLP with respect to its six parameters,
     * written with kernels only (so it runs on either backend): forward, softmax minus one-hot,
     * then backward with the transposed products, relu's slope (1/2 at 0) and the bias sums.
     */
    private static Tensor[] gradients(Kernels k, Tensor x, Tensor onehot, Tensor[] w) {
        Tensor z1 = k.add(k.matmul(x, w[0], false, false), w[1]);
        Tensor h1 = k.relu(z1, null);
        Tensor z2 = k.add(k.matmul(h1, w[2], false, false), w[3]);
        Tensor h2 = k.relu(z2, null);
        Tensor logits = k.add(k.matmul(h2, w[4], false, false), w[5]);
        Tensor e = k.map(k.sub(logits, k.max(logits, 1, true)), Math::exp);
        Tensor dLogits = k.scale(k.sub(k.div(e, k.sum(e, 1, true)), onehot), 1.0 / BATCH);
        Tensor dz2 = k.mulStrong(k.matmul(dLogits, w[4], false, true), k.reluSlope(z2, 0.5));
        Tensor dz1 = k.mulStrong(k.matmul(dz2, w[2], false, true), k.reluSlope(z1, 0.5));
        return new Tensor[] {k.matmul(x, dz1, true, false), k.sumTo(dz1, w[1].shape()),
            k.matmul(h1, dz2, true, false), k.sumTo(dz2, w[3].shape()),
            k.matmul(h2, dLogits, true, false), k.sumTo(dLogits, w[5].shape())};
    }

    /** {@code w} updated into {@code into} (double-buffered: the caller swaps the arrays). */
    private static Tensor sgdInto(Kernels k, Tensor w, Tensor g, Object into) {
        return into instanceof double[] ? k.sgdStep(w, g, LR, (double[]) into) : k.sgdStep(w, g, LR, (float[]) into);
    }

    private static Object storage(Tensor w) {
        return w.dtype() == DType.F64 ? w.doubleData() : w.floatData();
    }

    @Test
    void trainingStepsInAWorkspaceGiveTheBitsOfTheAllocatingSteps() {
        for (Kernels k : BACKENDS) {
            for (DType t : DTYPES) {
                Tensor x = random(t, Shape.of(BATCH, 300), 7), onehot = labels(t);
                Tensor[] plain = mlp(t), pooled = mlp(t);
                Object[] spare = new Object[6];
                for (int i = 0; i < 6; i++) {
                    spare[i] = Buffers.storage(t, pooled[i].size()); // no scope open: fresh arrays the test owns
                }
                Workspace ws = new Workspace();
                for (int step = 0; step < 6; step++) {
                    String what = k.backend() + " " + t + " step " + step;
                    Tensor[] want = gradients(k, x, onehot, plain);
                    for (int i = 0; i < 6; i++) {
                        plain[i] = k.sub(plain[i], k.scale(want[i], LR)); // today's allocating update
                    }
                    try (Workspace.Scope s = ws.open()) {
                        if (step % 2 == 1) {
                            ws.poisonFreeArrays();
                        }
                        Tensor[] got = gradients(k, x, onehot, pooled);
                        for (int i = 0; i < 6; i++) {
                            assertBits(want[i], got[i], what + " gradient " + i);
                            Tensor next = sgdInto(k, pooled[i], got[i], spare[i]);
                            spare[i] = storage(pooled[i]);
                            pooled[i] = next;
                            assertBits(plain[i], pooled[i], what + " parameter " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void afterWarmUpStepsTakeNoFreshArrays() {
        for (Kernels k : BACKENDS) {
            DType t = DType.F32;
            Tensor x = random(t, Shape.of(BATCH, 300), 7), onehot = labels(t);
            Tensor[] w = mlp(t);
            Object[] spare = new Object[6];
            for (int i = 0; i < 6; i++) {
                spare[i] = Buffers.storage(t, w[i].size());
            }
            Workspace ws = new Workspace();
            long[] fresh = new long[10];
            for (int step = 0; step < 10; step++) {
                try (Workspace.Scope s = ws.open()) {
                    Tensor[] g = gradients(k, x, onehot, w);
                    for (int i = 0; i < 6; i++) {
                        Tensor next = sgdInto(k, w[i], g[i], spare[i]);
                        spare[i] = storage(w[i]);
                        w[i] = next;
                    }
                }
                fresh[step] = ws.freshAllocations();
            }
            assertTrue(fresh[0] >= 20, k.backend() + ": the first step takes every array from the heap, " + fresh[0]);
            for (int step = 3; step < 10; step++) {
                assertEquals(fresh[2], fresh[step], k.backend() + ": fresh arrays by step " + (step + 1));
            }
            assertTrue(ws.bytesHeld() > 4L * BATCH * 300, "the workspace holds the step's arrays");
        }
    }

    // ---- the validity contract and scoping ---------------------------------------------------------

    @Test
    void aTensorFromAScopeStaysIntactUntilTheNextScopeOpensAndIsThenRecycled() {
        Kernels k = Kernels.get();
        Tensor a = random(DType.F32, Shape.of(64, 64), 1), b = random(DType.F32, Shape.of(64, 64), 2);
        double[] expected = k.matmul(a, b, false, false).toDoubleArray(); // no scope: fresh arrays
        Workspace ws = new Workspace();
        Tensor first;
        try (Workspace.Scope s = ws.open()) {
            first = k.matmul(a, b, false, false);
        }
        Tensor outside = k.add(first, first); // no scope open: the heap, not the recycled arrays
        assertNotSame(first.floatData(), outside.floatData());
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, first.toDoubleArray(), 0.0, "intact after close");
        try (Workspace.Scope s = ws.open()) {
            Tensor second = k.matmul(b, a, false, false);
            assertSame(first.floatData(), second.floatData(), "the next scope reuses the array of the same length");
            assertTrue(Double.doubleToRawLongBits(expected[0]) != Double.doubleToRawLongBits(first.get(0))
                    || Double.doubleToRawLongBits(expected[1]) != Double.doubleToRawLongBits(first.get(1)),
                    "so the old tensor now holds the new values");
        }
    }

    @Test
    void otherThreadsAndClosedScopesUseTheHeap() throws Exception {
        Kernels k = Kernels.get();
        Tensor a = random(DType.F64, Shape.of(100), 1);
        Workspace ws = new Workspace();
        try (Workspace.Scope s = ws.open()) {
            k.neg(a);
            long fresh = ws.freshAllocations();
            AtomicReference<Tensor> other = new AtomicReference<>();
            Thread th = new Thread(() -> other.set(k.neg(a)));
            th.start();
            th.join();
            assertEquals(fresh, ws.freshAllocations(), "another thread is not served by this scope");
            assertBits(k.neg(a), other.get(), "the other thread's result");
        }
        long fresh = ws.freshAllocations();
        k.neg(a);
        assertEquals(fresh, ws.freshAllocations(), "no scope open: the heap");
    }

    @Test
    void scopesOfOneWorkspaceDoNotNestAndInnerWorkspacesRestoreTheOuter() {
        Workspace outer = new Workspace(), inner = new Workspace();
        Tensor a = random(DType.F32, Shape.of(10), 1);
        try (Workspace.Scope s = outer.open()) {
            assertThrows(IllegalStateException.class, outer::open);
            try (Workspace.Scope t = inner.open()) {
                Kernels.get().neg(a);
            }
            assertEquals(1, inner.freshAllocations());
            assertEquals(0, outer.freshAllocations());
            Kernels.get().neg(a);
            assertEquals(1, outer.freshAllocations(), "closing the inner scope gives the thread back to the outer one");
        }
    }

    // ---- the SGD step ----------------------------------------------------------------------------

    @Test
    void sgdStepHasTheBitsOfSubOfScaleOnBothBackendsAndEveryDtype() {
        for (Kernels k : BACKENDS) {
            for (DType t : DType.values()) {
                for (int n : new int[] {1, 7, 16, 33, 1000, 65_549, 200_003}) {   // the last two split among threads
                    double[] wv = new double[n], gv = new double[n];
                    java.util.SplittableRandom rng = new java.util.SplittableRandom(n);
                    double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-42, 3e38, -7e-46};
                    for (int i = 0; i < n; i++) {
                        wv[i] = i % 5 == 0 ? specials[rng.nextInt(specials.length)] : rng.nextGaussian();
                        gv[i] = i % 3 == 0 ? specials[rng.nextInt(specials.length)] : rng.nextGaussian() * 100;
                    }
                    Tensor w = Tensor.of(t, Shape.of(n), wv), g = Tensor.of(t, Shape.of(n), gv);
                    for (double lr : new double[] {0.01, 0.1, 1.0 / 3}) {
                        Tensor want = k.sub(w, k.scale(g, lr));
                        Tensor got = t == DType.F64 ? k.sgdStep(w, g, lr, new double[n]) : k.sgdStep(w, g, lr, new float[n]);
                        assertBits(want, got, k.backend() + " " + t + " n=" + n + " lr=" + lr);
                    }
                }
            }
        }
    }

    @Test
    void sgdStepWritesIntoTheGivenArrayAndRejectsOneThatDoesNotFit() {
        Tensor w = Tensor.of(DType.F32, Shape.of(2), 1, 2), g = Tensor.of(DType.F32, Shape.of(2), 10, 20);
        float[] into = new float[2];
        Tensor r = Kernels.get().sgdStep(w, g, 0.5, into);
        assertSame(into, r.floatData());
        assertEquals(-4.0, r.get(0));
        assertEquals(-8.0, r.get(1));
        Tensor inPlace = Kernels.get().sgdStep(w, g, 0.5, w.floatData());
        assertEquals(-8.0, inPlace.get(1));
        assertThrows(IllegalArgumentException.class, () -> Kernels.get().sgdStep(w, g, 0.5, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Kernels.get().sgdStep(w, g, 0.5, new double[2]));
        Tensor g3 = Tensor.of(DType.F32, Shape.of(1, 2), 1, 2);
        assertThrows(IllegalArgumentException.class, () -> Kernels.pureJava().sgdStep(w, g3, 0.5, new float[2]));
    }
}
