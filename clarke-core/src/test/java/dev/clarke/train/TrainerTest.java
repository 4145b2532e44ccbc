package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.data.Dataset;
import dev.clarke.data.Split;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training loop's telemetry on inputs where the kink hits are known in advance, and learning on separable data. */
class TrainerTest {

    /**
     * Four samples at x = 0 with zero initial biases: every pre-activation x·W₁ + b₁ is exactly 0, so
     * the first (only) step hits the ReLU kink at all 4 × 3 (sample, neuron) pairs. The logits are
     * 0 + b₂ = 0, p = (½, ½), and the adjoint at neuron i of a sample of label 0 is
     * ½(W₂[i,1] − W₂[i,0])/4 (negated for label 1), non-zero because the weights are random: all 12 hits
     * have a non-zero adjoint and the step counts as possibly non-differentiable. With a batch, a bias per
     * neuron and one λ, the certificate says CLARKE.
     */
    @Test
    void zeroInputsHitEveryKinkOnce() {
        Dataset d = new Dataset("zeros", new float[10], new int[] {0, 1, 0, 1, 0}, Shape.of(2), 2);
        Split s = Split.of(d, 4, 1);
        Sequential net = Sequential.mlp(new int[] {2, 3, 2}, Activation.relu(), Init.HE);
        TrainConfig c = new TrainConfig(1, 4, "sgd", 0.1, 0, 0, 3, KinkPolicy.mid(), DType.F64, true);
        Trainer.Result r = Trainer.train(net, s, c, null);
        KinkTelemetry k = r.kinks();
        assertEquals(1, k.steps());
        assertEquals(12, k.totalHits());
        assertEquals(12, k.hits(1));
        assertEquals(0, k.hits(0));
        assertEquals(12, k.totalNdfHits());
        assertEquals(1, k.ndfSteps());
        assertEquals(Map.of(Verdict.CLARKE, 1L), k.verdicts());
        assertEquals(1, r.epochs().size());
        assertEquals(Math.log(2), r.epochs().get(0).trainLoss(), 1e-12);   // logits 0 at the first step
    }

    /** Two classes split by the sign of the first feature: a ReLU MLP reaches full accuracy; steps = epochs·⌈n/batch⌉. */
    @Test
    void learnsASeparableProblem() {
        int n = 200;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble() * 2 - 1;
            x[2 * i] = (float) (a + Math.signum(a) * 0.2);
            x[2 * i + 1] = (float) (rng.nextDouble() * 2 - 1);
            y[i] = a > 0 ? 1 : 0;
        }
        Split s = Split.of(new Dataset("half-planes", x, y, Shape.of(2), 2), 150, 1);
        Sequential net = Sequential.mlp(new int[] {2, 8, 2}, Activation.relu(), Init.HE);
        TrainConfig c = new TrainConfig(15, 16, "adam", 0.02, 0, 0, 1, KinkPolicy.mid(), DType.F32, true);
        int[] steps = {0};
        Trainer.Result r = Trainer.train(net, s, c, new Trainer.Listener() {
            @Override
            public void step(Trainer.Step st) {
                steps[0]++;
                assertEquals(15 * 10, st.totalSteps());
            }
        });
        assertEquals(150, steps[0]);
        assertEquals(150, r.kinks().steps());
        assertEquals(1.0, r.testAccuracy(), 0);
        assertTrue(r.epochs().get(14).trainLoss() < r.epochs().get(0).trainLoss());
    }

    /**
     * Training in a workspace (each step reusing the previous step's arrays, uncleared) gives the bits of
     * training with fresh arrays: final parameters, every epoch's losses and accuracies, and the kink
     * telemetry — for a dense network in F32 and emulated BF16 (with its kinks and certificate) and for
     * a small conv-pool network, over enough steps that every array is recycled many times.
     */
    @Test
    void trainingInAWorkspaceHasTheBitsOfTrainingWithFreshArrays() {
        Split spirals = Split.of(dev.clarke.data.Synthetic.spirals(60, 2, 0.02, 3), 96, 1);
        for (DType t : new DType[] {DType.F32, DType.BF16}) {
            Sequential net = Sequential.mlp(new int[] {2, 16, 16, 2}, Activation.relu(), Init.HE);
            TrainConfig c = new TrainConfig(3, 16, "adam", 0.01, 0, 0, 5, KinkPolicy.mid(), t, true);
            assertSameTraining(Trainer.train(net, net.initialParameters(DType.F64, 5), spirals, c, null, null),
                    Trainer.train(net, net.initialParameters(DType.F64, 5), spirals, c, null,
                            new dev.clarke.tensor.Workspace()), t.toString());
        }
        float[] images = new float[40 * 36];
        int[] labels = new int[40];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        for (int i = 0; i < images.length; i++) {
            images[i] = rng.nextInt(4) / 4f; // coarse values, so max-pool windows hold ties
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images[i * 36] > 0.3f ? 1 : 0;
        }
        Split small = Split.of(new Dataset("images", images, labels, Shape.of(1, 6, 6), 2), 32, 1);
        Sequential conv = new Sequential(Shape.of(1, 6, 6), java.util.List.of(
                new dev.clarke.nn.Conv2d(1, 2, 3, 1, 0, Init.HE), new dev.clarke.nn.ActivationLayer(Activation.relu()),
                dev.clarke.nn.MaxPool2d.of(2), new dev.clarke.nn.Flatten(), new dev.clarke.nn.Linear(8, 2, Init.HE)));
        TrainConfig c = new TrainConfig(2, 8, "sgd", 0.05, 0.9, 0, 2, KinkPolicy.mid(), DType.F32, false);
        assertSameTraining(Trainer.train(conv, conv.initialParameters(DType.F64, 2), small, c, null, null),
                Trainer.train(conv, conv.initialParameters(DType.F64, 2), small, c, null, new dev.clarke.tensor.Workspace()),
                "conv");
    }

    private static void assertSameTraining(Trainer.Result fresh, Trainer.Result reused, String what) {
        assertEquals(fresh.parameters().size(), reused.parameters().size(), what);
        for (int i = 0; i < fresh.parameters().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.parameters().get(i).toDoubleArray(),
                    reused.parameters().get(i).toDoubleArray(), what + " parameter " + i);
        }
        for (int e = 0; e < fresh.epochs().size(); e++) {
            EpochMetrics a = fresh.epochs().get(e), b = reused.epochs().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, what + " epoch " + e);
            assertEquals(a.testLoss(), b.testLoss(), 0.0, what + " epoch " + e);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0, what + " epoch " + e);
        }
        assertEquals(fresh.kinks().totalHits(), reused.kinks().totalHits(), what);
        assertEquals(fresh.kinks().totalNdfHits(), reused.kinks().totalNdfHits(), what);
        assertEquals(fresh.kinks().verdicts(), reused.kinks().verdicts(), what);
    }
}
