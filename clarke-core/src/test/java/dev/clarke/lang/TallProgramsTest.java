package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.absnormal.Certification;
import dev.clarke.absnormal.Certifier;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.certify.Verdict;
import dev.clarke.pap.AlmostEverywhere;
import dev.clarke.pap.IntensionalChecker;
import dev.clarke.tensor.DType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Programs as tall as the parser admits work from a thread with a small stack: every public entry
 * point that walks a program's tree runs on {@link DeepStack}'s thread, so the caller's stack size
 * does not matter. Each test runs on a thread with a 192 KiB stack, less than any JVM's default.
 */
class TallProgramsTest {

    private static final long SMALL_STACK = 192L << 10;

    /** Runs {@code body} on a thread with a small stack and rethrows what it threw. */
    private static void onSmallStack(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** x + x + ... + x with n terms: a left-leaning chain of height n. */
    private static String chain(int n) {
        return "x" + "+x".repeat(n - 1);
    }

    @Test
    void aChainAtTheHeightBoundParsesAndEvaluates() throws Throwable {
        onSmallStack(() -> {
            Program p = Program.parse(chain(1999));
            assertEquals(1999, p.height());
            assertEquals(3 * 1999, Run.value(chain(1999), "x", 3.0), 0);
            assertArrayEquals(new double[] {1999}, Run.grad(chain(1999), "x", 3.0), 0);
            assertEquals("(add ".repeat(1998) + "x" + " x)".repeat(1998), p.root().show());
        });
    }

    @Test
    void nestingAtTheBoundParses() throws Throwable {
        onSmallStack(() -> {
            String relus = "relu(".repeat(199) + "x - 1" + ")".repeat(199);
            assertEquals(2, Run.value(relus, "x", 3.0), 0);
            assertEquals(0, Run.value(relus, "x", -3.0), 0);
            SyntaxError e = org.junit.jupiter.api.Assertions.assertThrows(SyntaxError.class,
                    () -> Program.parse("(".repeat(300) + "1" + ")".repeat(300)));
            assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
        });
    }

    @Test
    void theCheckersAndTheCertifierTakeTallPrograms() throws Throwable {
        // y = x + sum of 600 terms relu(x): at x = 0 every relu is at its kink; f(x) = x + 600 relu(x)
        // has one-sided slopes 1 (left) and 601 (right), so the Clarke gradient is [1, 601]
        String source = "x" + "+relu(x)".repeat(600);
        onSmallStack(() -> {
            Program p = Program.parse(source);
            Map<String, Double> at = Map.of("x", 0.0);
            assertTrue(IntensionalChecker.check(p, at, KinkPolicy.pytorch()).intensional());
            Certification c = Certifier.certify(p, at, KinkPolicy.pytorch(), DType.F64);
            assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
            assertArrayEquals(new double[] {1}, c.ad(), 0); // relu'(0) = 0 under PyTorch's rule
            assertEquals(601, Run.grad(source, "x", 2.0)[0], 0);
            assertTrue(AlmostEverywhere.check(p, KinkPolicy.pytorch(), 20, 1, -1, 1).passed());
        });
    }
}
