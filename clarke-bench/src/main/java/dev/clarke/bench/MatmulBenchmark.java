package dev.clarke.bench;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
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
 * F32 matrix products through {@link Kernels#matmul}, on every core the kernel uses. GFLOP/s is
 * {@code 2·m·k·n / time}: 51.38 MFLOP for each of the 128×784×256 products, 2147.5 MFLOP for
 * 1024³. Besides the MLP's first-layer forward product, the two transposed products its backward
 * pass makes for that layer are timed: {@code dW1 = xᵀ·g} (transposed A) and {@code dx = g·W1ᵀ}
 * (transposed B). {@code f64Mm512cubed} is a 512³ product in F64 (268.4 MFLOP). {@code backend}
 * selects {@link Kernels#get()} ({@code vector}: the Vector API kernels, since the fork runs with
 * {@code --add-modules jdk.incubator.vector}) or {@link Kernels#pureJava()} ({@code java}).
 * Every product runs in a {@link Workspace} scope, as in a training step: its result reuses the
 * previous product's array instead of landing in heap memory the process has never touched, whose
 * first-use page faults would be timed too (they halved the 1024³ product's speed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatmulBenchmark {

    private static final DType T = DType.F32;

    @Param({"vector", "java"})
    public String backend;

    Kernels k;
    final Workspace workspace = new Workspace();

    Tensor x;      // [128, 784]
    Tensor w;      // [784, 256]
    Tensor g;      // [128, 256]
    Tensor big1;   // [1024, 1024]
    Tensor big2;   // [1024, 1024]
    Tensor d1;     // [512, 512] F64
    Tensor d2;     // [512, 512] F64

    @Setup(Level.Trial)
    public void data() {
        k = backend.equals("java") ? Kernels.pureJava() : Kernels.get();
        d1 = Tensor.randn(Shape.of(512, 512), DType.F64, 26);
        d2 = Tensor.randn(Shape.of(512, 512), DType.F64, 27);
        x = Tensor.uniform(Shape.of(128, 784), T, 0, 1, 21);
        w = Tensor.randn(Shape.of(784, 256), T, 22);
        g = Tensor.randn(Shape.of(128, 256), T, 23);
        big1 = Tensor.randn(Shape.of(1024, 1024), T, 24);
        big2 = Tensor.randn(Shape.of(1024, 1024), T, 25);
    }

    /** x·W1: [128, 784] × [784, 256]. */
    @Benchmark
    public Tensor mm128x784x256() {
        try (Workspace.Scope s = workspace.open()) {
            return k.matmul(x, w, false, false);
        }
    }

    /** xᵀ·g: [128, 784]ᵀ × [128, 256] → [784, 256] (the dW1 product of backward). */
    @Benchmark
    public Tensor mm128x784x256TransA() {
        try (Workspace.Scope s = workspace.open()) {
            return k.matmul(x, g, true, false);
        }
    }

    /** g·W1ᵀ: [128, 256] × [784, 256]ᵀ → [128, 784] (the dx product of backward). */
    @Benchmark
    public Tensor mm128x784x256TransB() {
        try (Workspace.Scope s = workspace.open()) {
            return k.matmul(g, w, false, true);
        }
    }

    /** [1024, 1024] × [1024, 1024]. */
    @Benchmark
    public Tensor mm1024cubed() {
        try (Workspace.Scope s = workspace.open()) {
            return k.matmul(big1, big2, false, false);
        }
    }

    /** [512, 512] × [512, 512] in F64. */
    @Benchmark
    public Tensor f64Mm512cubed() {
        try (Workspace.Scope s = workspace.open()) {
            return k.matmul(d1, d2, false, false);
        }
    }
}
