package dev.clarke.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.Certificate;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.DensePass;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Full training steps of an MLP on a trace — forward, kink log, backward, certificate, update — in
 * a {@link Workspace} with {@link DoubleBufferedSgd}, against the same steps on fresh arrays with
 * the allocating update {@code sub(w, scale(g, lr))}: the same bits, step after step, while the
 * workspace stops taking arrays from the heap.
 */
class DoubleBufferedSgdTest {

    private static final Kernels K = Kernels.get();
    private static final Sequential NET = Sequential.of(Dense.of(300, 40, Activation.relu()),
            Dense.of(40, 40, Activation.relu()), Dense.of(40, 7, null));
    private static final int BATCH = 29;
    private static final double LR = 0.1;
    private static final int[] LABELS = new int[BATCH];

    static {
        for (int i = 0; i < BATCH; i++) {
            LABELS[i] = (5 * i) % 7;
        }
    }

    /** He-like weights and zero biases, so that the all-zero input rows put every first-layer neuron on its kink. */
    private static List<Tensor> initial(DType t) {
        Parameters layout = new Parameters(NET, new double[NET.parameterCount()]);
        double[] w = layout.values();
        SplittableRandom rng = new SplittableRandom(3);
        for (int l = 0; l < NET.depth(); l++) {
            Dense d = NET.layer(l);
            for (int j = 0; j < d.in(); j++) {
                for (int i = 0; i < d.out(); i++) {
                    w[layout.weightIndex(l, j, i)] = rng.nextGaussian() * Math.sqrt(2.0 / d.in());
                }
            }
        }
        return new Parameters(NET, w).tensors(t);
    }

    /** Inputs in [0, 1) with every fourth row all zeros. */
    private static Tensor inputs(DType t) {
        double[] x = Tensor.uniform(Shape.of(BATCH, 300), DType.F64, 0, 1, 4).toDoubleArray();
        for (int r = 0; r < BATCH; r += 4) {
            java.util.Arrays.fill(x, r * 300, (r + 1) * 300, 0.0);
        }
        return Tensor.of(t, Shape.of(BATCH, 300), x);
    }

    /** What one step computed, read before the next step (the workspace's tensors are valid until then). */
    private record Outcome(double loss, List<double[]> grads, int kinks, String verdict, double[] certGradient,
                           List<Certificate.Hit> hits) {
    }

    private static Outcome step(List<Tensor> params, Tensor x, java.util.function.BiConsumer<Integer, Tensor> update) {
        Trace t = new Trace(KinkPolicy.mid(), x.dtype());
        Var[] leaves = new Var[params.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = t.input(params.get(i));
        }
        DensePass pass = NET.forward(t, leaves, t.constant(x));
        Gradients g = t.grad(Loss.crossEntropy(LABELS).apply(pass.output()), leaves);
        KinkLog log = t.kinks();
        List<double[]> grads = new java.util.ArrayList<>();
        for (int i = 0; i < leaves.length; i++) {
            grads.add(g.of(leaves[i]).toDoubleArray());
            update.accept(i, g.of(leaves[i]));
        }
        Certificate c = Certificate.of(NET, pass, log, t.policy());
        return new Outcome(g.value().item(), grads, log.size(), c.verdict().name(), c.gradient(), c.hits());
    }

    private static void assertBits(double[] want, double[] got, String what) {
        if (want == null || got == null) {
            assertSame(want, got, what);
            return;
        }
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    what + " element " + i + ": " + want[i] + " vs " + got[i]);
        }
    }

    @Test
    void stepsInAWorkspaceGiveTheBitsOfAllocatingStepsInF32AndF64() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Tensor x = inputs(t);
            Tensor[] plain = initial(t).toArray(new Tensor[0]);
            DoubleBufferedSgd sgd = new DoubleBufferedSgd(initial(t), LR);
            Workspace ws = new Workspace();
            for (int s = 0; s < 5; s++) {
                String what = t + " step " + s;
                Outcome want = step(List.of(plain), x, (i, g) -> plain[i] = K.sub(plain[i], K.scale(g, LR)));
                Outcome got;
                try (Workspace.Scope scope = ws.open()) {
                    Tensor[] current = new Tensor[sgd.size()];
                    for (int i = 0; i < current.length; i++) {
                        current[i] = sgd.parameter(i);
                    }
                    got = step(List.of(current), x, sgd::step);
                }
                if (s == 0) {
                    assertTrue(want.kinks() >= 40 * (BATCH / 4), what + ": the zero rows hit every first-layer kink");
                }
                assertEquals(Double.doubleToRawLongBits(want.loss()), Double.doubleToRawLongBits(got.loss()), what + " loss");
                assertEquals(want.kinks(), got.kinks(), what + " kink hits");
                assertEquals(want.verdict(), got.verdict(), what + " verdict");
                assertEquals(want.hits(), got.hits(), what + " certificate hits");
                assertBits(want.certGradient(), got.certGradient(), what + " certificate gradient");
                for (int i = 0; i < plain.length; i++) {
                    assertBits(want.grads().get(i), got.grads().get(i), what + " gradient " + i);
                    assertBits(plain[i].toDoubleArray(), sgd.parameter(i).toDoubleArray(), what + " parameter " + i);
                }
            }
        }
    }

    @Test
    void afterWarmUpATraceStepTakesNoFreshArrays() {
        Tensor x = inputs(DType.F32);
        DoubleBufferedSgd sgd = new DoubleBufferedSgd(initial(DType.F32), LR);
        Workspace ws = new Workspace();
        long[] fresh = new long[10];
        for (int s = 0; s < 10; s++) {
            try (Workspace.Scope scope = ws.open()) {
                Tensor[] current = new Tensor[sgd.size()];
                for (int i = 0; i < current.length; i++) {
                    current[i] = sgd.parameter(i);
                }
                step(List.of(current), x, sgd::step);
            }
            fresh[s] = ws.freshAllocations();
        }
        assertTrue(fresh[0] > 30, "the first step takes its arrays from the heap: " + fresh[0]);
        for (int s = 3; s < 10; s++) {
            assertEquals(fresh[2], fresh[s], "fresh arrays after step " + (s + 1));
        }
    }

    @Test
    void aParameterStaysUnchangedThroughTheNextStepAndIsOverwrittenByTheOneAfter() {
        Tensor w = Tensor.of(DType.F32, Shape.of(3), 1, 2, 3);
        DoubleBufferedSgd sgd = new DoubleBufferedSgd(List.of(w), 0.5);
        Tensor g = Tensor.of(DType.F32, Shape.of(3), 2, 2, 2);
        Tensor before = sgd.parameter(0);
        sgd.step(0, g);
        assertArrayEquals(new double[] {1, 2, 3}, before.toDoubleArray(), "unchanged through the next step");
        assertArrayEquals(new double[] {0, 1, 2}, sgd.parameter(0).toDoubleArray());
        sgd.step(0, g);
        assertArrayEquals(new double[] {-1, 0, 1}, sgd.parameter(0).toDoubleArray());
        assertSame(before.floatData(), sgd.parameter(0).floatData(), "the step after reuses its array");
        assertArrayEquals(new double[] {1, 2, 3}, w.toDoubleArray(), "the initial tensor was copied, not taken");
    }
}
