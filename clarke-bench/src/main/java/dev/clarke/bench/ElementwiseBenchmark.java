package dev.clarke.bench;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The elementwise kernels of an MLP step on a [128, 256] F32 activation, per backend
 * ({@code vector}: {@link Kernels#get()} in a fork with {@code --add-modules jdk.incubator.vector};
 * {@code java}: {@link Kernels#pureJava()}): the bias add {@code [128,256] + [256]}, relu with the kink
 * detection fused in (no element on 0, so it measures detection only), relu's slope, and the
 * strong-zero product of backward.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {

    @Param({"vector", "java"})
    public String backend;

    Kernels k;
    Tensor h;     // [128, 256]
    Tensor bias;  // [256]
    Tensor g;     // [128, 256]
    int hits;

    @Setup(Level.Trial)
    public void data() {
        k = backend.equals("java") ? Kernels.pureJava() : Kernels.get();
        h = Tensor.randn(Shape.of(128, 256), DType.F32, 31);
        bias = Tensor.randn(Shape.of(256), DType.F32, 32);
        g = Tensor.randn(Shape.of(128, 256), DType.F32, 33);
    }

    @Benchmark
    public Tensor biasAdd() {
        return k.add(h, bias);
    }

    @Benchmark
    public Tensor reluWithKinkDetection() {
        return k.relu(h, i -> hits++);
    }

    @Benchmark
    public Tensor reluSlope() {
        return k.reluSlope(h, 0.5);
    }

    @Benchmark
    public Tensor mulStrong() {
        return k.mulStrong(g, h);
    }
}
