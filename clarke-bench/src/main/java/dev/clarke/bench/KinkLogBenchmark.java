package dev.clarke.bench;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
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
 * The part of a training step the kink log changes, isolated: one recorded {@code relu} on a fresh
 * trace over a [128, 256] F32 pre-activation, with the log on and off. The MLP step does this twice,
 * so twice the difference is the log's cost per step, measured with far less noise than the
 * difference of two ~5 ms step times.
 *
 * <p>{@code realistic}: the MLP's first pre-activation {@code x·W1 + b1} on random data, which has
 * no element exactly at 0, so this is the cost of detection alone. {@code halfZeros}: the
 * relu of that, fed to relu again, so about half the elements sit exactly on the kink and are
 * logged: the worst case of a log that grows by one entry per hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class KinkLogBenchmark {

    private static final Kernels K = Kernels.get();
    private static final DType T = DType.F32;

    Tensor realistic;
    Tensor halfZeros;

    @Setup(Level.Trial)
    public void data() {
        Tensor x = Tensor.uniform(Shape.of(128, 784), T, 0, 1, 1);
        Tensor w = K.scale(Tensor.randn(Shape.of(784, 256), T, 11), Math.sqrt(2.0 / 784));
        Tensor b = Tensor.uniform(Shape.of(256), T, -0.1, 0.1, 31);
        realistic = K.add(K.matmul(x, w, false, false), b);
        halfZeros = K.relu(realistic, null);
    }

    private static int relu(Tensor pre, boolean logKinks) {
        Trace t = new Trace(KinkPolicy.mid(), T).logKinks(logKinks);
        Var y = t.input(pre).relu();
        return y.nodeId() + t.kinks().size();
    }

    /** relu with detection and logging on; no element is at the kink. */
    @Benchmark
    public int reluWithKinkLog() {
        return relu(realistic, true);
    }

    /** relu with the log off; no element is at the kink. */
    @Benchmark
    public int reluWithoutKinkLog() {
        return relu(realistic, false);
    }

    /** relu with the log on over an input about half of which is exactly 0: every such element is logged. */
    @Benchmark
    public int reluHalfZerosWithKinkLog() {
        return relu(halfZeros, true);
    }

    /** relu with the log off over the same input. */
    @Benchmark
    public int reluHalfZerosWithoutKinkLog() {
        return relu(halfZeros, false);
    }
}
