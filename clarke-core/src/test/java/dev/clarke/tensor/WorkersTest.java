package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The spinning worker pool: every part runs exactly once, failures reach the caller, no deadlock. */
class WorkersTest {

    private static List<Workers.Part> parts(int n, AtomicIntegerArray runs) {
        List<Workers.Part> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int q = i;
            out.add(new Workers.Part(() -> runs.incrementAndGet(q)));
        }
        return out;
    }

    @Test
    void everyPartRunsExactlyOnceAlsoAfterTheWorkersHaveParked() throws InterruptedException {
        Workers w = new Workers(2, "test-workers");
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(5);
            w.runAll(parts(5, runs));
            for (int q = 0; q < 5; q++) {
                assertEquals(1, runs.get(q), "round " + round + " part " + q);
            }
            if (round % 50 == 49) {
                Thread.sleep(2 * Workers.SPIN_NANOS / 1_000_000 + 5); // let the workers park
            }
        }
    }

    @Test
    void aFailingPartIsRethrownInTheCaller() {
        Workers w = new Workers(1, "test-workers");
        List<Workers.Part> ps = List.of(new Workers.Part(() -> { }), new Workers.Part(() -> {
            throw new IllegalStateException("part 1 failed");
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.runAll(ps));
        assertEquals("part 1 failed", e.getMessage());
    }

    /** A part that itself splits work on the same pool (one worker) must not wait for itself. */
    @Test
    void nestedCallsDoNotDeadlock() {
        Workers w = new Workers(1, "test-workers");
        AtomicInteger inner = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 100; round++) {
                List<Workers.Part> outer = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    outer.add(new Workers.Part(() -> w.runAll(parts(3, new AtomicIntegerArray(3)))));
                    outer.add(new Workers.Part(inner::incrementAndGet));
                }
                w.runAll(outer);
            }
        });
        assertEquals(300, inner.get());
    }

    /** Products from several threads at once on the shared pool: each equals its one-thread result, bit for bit. */
    @Test
    void concurrentProductsOnTheSharedPool() throws Exception {
        Tensor a = Tensor.randn(Shape.of(96, 70), DType.F32, 1), b = Tensor.randn(Shape.of(70, 120), DType.F32, 2);
        float[] want = MatMul.matmul(a, b, false, false, 1).floatData();
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int r = 0; r < 50; r++) {
                        assertArrayEquals(want, MatMul.matmul(a, b, false, false, 3, r % 2 == 0).floatData());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join(60_000);
        }
        assertEquals(List.of(), failures);
    }
}
