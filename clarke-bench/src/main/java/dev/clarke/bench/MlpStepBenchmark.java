package dev.clarke.bench;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.optim.DoubleBufferedSgd;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a 784-256-256-10 ReLU MLP, batch 128, F32, {@code mid} kink policy: record
 * the forward pass on a fresh {@link Trace}, take the gradient of the mean cross-entropy with
 * respect to the six parameters, and apply plain SGD to the parameter tensors. Each step runs in a
 * {@link Workspace} scope and updates the parameters with {@link DoubleBufferedSgd}, so its steady
 * state takes no tensor storage from the heap. The pair {@link #stepWithKinkLog} /
 * {@link #stepWithoutKinkLog} differs only by {@code trace.logKinks(false)};
 * {@link #forwardWithKinkLog} / {@link #forwardWithoutKinkLog} time the recorded forward pass
 * alone, where the detection happens; {@link #stepWithoutWorkspace} is the step without the
 * workspace and with the allocating update {@code sub(w, scale(g, lr))} (same bits), for comparison.
 *
 * <p>The parameters are re-initialised from their seeds before every measurement iteration, so each
 * iteration trains from the same point and iterations are comparable.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MlpStepBenchmark {

    static final int BATCH = 128;
    static final int IN = 784;
    static final int HIDDEN = 256;
    static final int CLASSES = 10;
    static final double LR = 0.01;
    static final DType T = DType.F32;

    private static final Kernels K = Kernels.get();

    /** Inputs in [0, 1), like normalised pixels. */
    Tensor x;
    int[] labels;
    /** W1, b1, W2, b2, W3, b3: the parameters {@link #stepWithoutWorkspace} replaces every step. */
    final Tensor[] params = new Tensor[6];
    /** The same six parameters, updated in their own arrays by the workspace steps. */
    DoubleBufferedSgd sgd;
    final Workspace workspace = new Workspace();

    @Setup(Level.Trial)
    public void data() {
        x = Tensor.uniform(Shape.of(BATCH, IN), T, 0, 1, 1);
        SplittableRandom rng = new SplittableRandom(2);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
    }

    @Setup(Level.Iteration)
    public void init() {
        params[0] = he(IN, HIDDEN, 11);
        params[1] = Tensor.zeros(Shape.of(HIDDEN), T);
        params[2] = he(HIDDEN, HIDDEN, 12);
        params[3] = Tensor.zeros(Shape.of(HIDDEN), T);
        params[4] = he(HIDDEN, CLASSES, 13);
        params[5] = Tensor.zeros(Shape.of(CLASSES), T);
        sgd = new DoubleBufferedSgd(List.of(params), LR);
    }

    /** He-normal weights {@code N(0, 2/fanIn)}. */
    private static Tensor he(int fanIn, int fanOut, long seed) {
        return K.scale(Tensor.randn(Shape.of(fanIn, fanOut), T, seed), Math.sqrt(2.0 / fanIn));
    }

    /** The loss of the MLP on the batch, recorded on {@code t}; {@code p} holds the six parameter leaves. */
    private Var loss(Trace t, Var[] p) {
        Var in = t.constant(x);
        Var h1 = in.matmul(p[0]).add(p[1]).relu();
        Var h2 = h1.matmul(p[2]).add(p[3]).relu();
        Var logits = h2.matmul(p[4]).add(p[5]);
        return logits.crossEntropy(labels);
    }

    /** The current parameters of {@link #sgd} as leaves of {@code t}. */
    private Var[] leaves(Trace t) {
        Var[] p = new Var[sgd.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = t.input(sgd.parameter(i));
        }
        return p;
    }

    private double step(boolean logKinks) {
        try (Workspace.Scope s = workspace.open()) {
            Trace t = new Trace(KinkPolicy.mid(), T).logKinks(logKinks);
            Var[] p = leaves(t);
            Gradients g = t.grad(loss(t, p), p);
            for (int i = 0; i < p.length; i++) {
                sgd.step(i, g.of(p[i]));
            }
            return g.value().item();
        }
    }

    private double forward(boolean logKinks) {
        try (Workspace.Scope s = workspace.open()) {
            Trace t = new Trace(KinkPolicy.mid(), T).logKinks(logKinks);
            return loss(t, leaves(t)).item();
        }
    }

    /** Forward, backward and SGD update, kink log on (the default). */
    @Benchmark
    public double stepWithKinkLog() {
        return step(true);
    }

    /** Forward, backward and SGD update, kink log off. */
    @Benchmark
    public double stepWithoutKinkLog() {
        return step(false);
    }

    /** Forward, backward and SGD update, kink log on, every array fresh from the heap. */
    @Benchmark
    public double stepWithoutWorkspace() {
        Trace t = new Trace(KinkPolicy.mid(), T);
        Var[] p = new Var[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = t.input(params[i]);
        }
        Gradients g = t.grad(loss(t, p), p);
        for (int i = 0; i < p.length; i++) {
            params[i] = K.sub(params[i], K.scale(g.of(p[i]), LR));
        }
        return g.value().item();
    }

    /** Recorded forward pass and loss only, kink log on. */
    @Benchmark
    public double forwardWithKinkLog() {
        return forward(true);
    }

    /** Recorded forward pass and loss only, kink log off. */
    @Benchmark
    public double forwardWithoutKinkLog() {
        return forward(false);
    }
}
