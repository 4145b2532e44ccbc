package dev.clarke.bench;

import dev.clarke.ops.Family;
import dev.clarke.ops.HitSink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.DType;
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
 * The value (with the kink log's detection fused in) and slope kernels of every piecewise family
 * with a row other than relu (which has its own kernel) on a [128, 256] activation in F64 and F32,
 * one call site seeing every family as an MLP with mixed activations would. Parameters are the
 * families' defaults. Written against the public {@link UnaryPiecewise} API only, so the same file
 * measures any version of the kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PiecewiseKernelBenchmark {

    @Param({"leaky_relu", "abs", "sign", "clamp", "hardtanh", "relu6", "hardsigmoid", "hardswish", "softshrink",
        "hardshrink", "elu"})
    public String family;

    @Param({"F64", "F32"})
    public String dtype;

    Family f;
    double[] params;
    Tensor h;
    int hits;
    final HitSink sink = (element, point) -> hits++;

    @Setup(Level.Trial)
    public void data() {
        f = Family.byId(family);
        params = new double[0];
        h = Tensor.randn(Shape.of(128, 256), DType.valueOf(dtype), 31);
        // warm every family through the same call sites first
        for (Family g : Family.values()) {
            if (g.row() == null || g == Family.RELU) {
                continue;
            }
            double[] p = new double[0];
            for (int i = 0; i < 50; i++) {
                UnaryPiecewise.value(g, h, p, sink);
                UnaryPiecewise.slope(g, h, p, KinkPolicy.mid());
            }
        }
    }

    @Benchmark
    public Tensor valueWithKinkDetection() {
        return UnaryPiecewise.value(f, h, params, sink);
    }

    @Benchmark
    public Tensor slope() {
        return UnaryPiecewise.slope(f, h, params, KinkPolicy.mid());
    }
}
