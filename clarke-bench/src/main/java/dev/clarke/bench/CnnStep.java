package dev.clarke.bench;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.optim.DoubleBufferedSgd;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One SGD step of {@code clarke train --arch conv}'s network (conv 5×5×8 – relu – maxpool 2 – conv
 * 5×5×16 – relu – maxpool 2 – linear 256→10) on a batch of 64 images 1×28×28, F32, policy
 * {@code mid}, mean softmax cross-entropy, lr 0.01: the CNN row of {@code bench/compare-pytorch}.
 * The images are uniform in [0, 1) (like the MLP row's inputs), the labels uniform over 10 classes;
 * {@link StepPartsMain} also runs it on batches of real digits.
 * Steps run in a {@link Workspace} scope and update the parameters with {@link DoubleBufferedSgd}.
 */
final class CnnStep {

    static final int BATCH = 64;
    static final DType T = DType.F32;
    static final double LR = 0.01;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final Sequential net = new Sequential(Shape.of(1, 28, 28), List.<Layer>of(
            new Conv2d(1, 8, 5, 1, 0, Init.HE), new ActivationLayer(Activation.relu()), MaxPool2d.of(2),
            new Conv2d(8, 16, 5, 1, 0, Init.HE), new ActivationLayer(Activation.relu()), MaxPool2d.of(2),
            new Flatten(), new Linear(256, 10, Init.HE)));
    private final Tensor[] xs;
    private final int[][] labels;
    private final DoubleBufferedSgd sgd = new DoubleBufferedSgd(net.initialParameters(T, 5), LR);
    private final Workspace workspace = new Workspace();
    private int next;
    /** The thread CPU time of the last certificate built by {@link #step}, in nanoseconds. */
    long certificateCpuNanos;

    /** The benchmark's step: one batch of uniform images and uniform labels, every step. */
    CnnStep() {
        this(new Tensor[] {Tensor.uniform(Shape.of(BATCH, 1, 28, 28), T, 0, 1, 3)}, new int[][] {randomLabels()});
    }

    /** Steps that cycle through the given batches ([64, 1, 28, 28] images and their labels). */
    CnnStep(Tensor[] xs, int[][] labels) {
        this.xs = xs.clone();
        this.labels = labels.clone();
    }

    private static int[] randomLabels() {
        int[] out = new int[BATCH];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < BATCH; i++) {
            out[i] = rng.nextInt(10);
        }
        return out;
    }

    /**
     * One step; with {@code logKinks} the kink log is on, and with {@code certify} too the step's
     * {@link NetworkCertificate} is built from its passes (no extra pass). Returns the loss or the
     * certificate, valid until the next step opens the workspace again.
     */
    Object step(boolean logKinks, boolean certify) {
        try (Workspace.Scope s = workspace.open()) {
            Trace t = new Trace(KinkPolicy.mid(), T).logKinks(logKinks || certify);
            Var[] leaves = new Var[sgd.size()];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = t.input(sgd.parameter(i));
            }
            int b = next;
            next = (next + 1) % xs.length;
            Sequential.Pass pass = net.forward(t, leaves, t.constant(xs[b]), Layer.Mode.EVAL);
            Var loss = Loss.crossEntropy(labels[b]).apply(pass.output());
            Gradients g = t.grad(loss, leaves);
            for (int i = 0; i < leaves.length; i++) {
                sgd.step(i, g.of(leaves[i]));
            }
            if (!certify) {
                return g.value();
            }
            long c0 = CPU.getCurrentThreadCpuTime();
            NetworkCertificate c = NetworkCertificate.of(net, pass, t.kinks(), t.policy());
            certificateCpuNanos = CPU.getCurrentThreadCpuTime() - c0;
            return c;
        }
    }
}
