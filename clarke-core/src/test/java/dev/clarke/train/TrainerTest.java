package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.data.Dataset;
import dev.clarke.data.Split;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Network;
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
        Network net = Network.mlp(new int[] {2, 3, 2}, Activation.relu(), Init.HE);
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
        Network net = Network.mlp(new int[] {2, 8, 2}, Activation.relu(), Init.HE);
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
}
