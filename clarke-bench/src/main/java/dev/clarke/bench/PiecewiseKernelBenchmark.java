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
 * The value (with the kink log's detection fused in) and slope kernels of the piecewise families
 * other than relu on a [128, 256] F64 activation: leaky_relu, hardtanh and hardswish, one call
 * site seeing all three as an MLP with mixed activations would. Written against the public
 * {@link UnaryPiecewise} API only, so the same file measures any version of the kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PiecewiseKernelBenchmark {

    @Param({"leaky_relu", "hardtanh", "hardswish"})
    public String family;

    Family f;
    double[] params;
    Tensor h;
    int hits;
    final HitSink sink = (element, point) -> hits++;

    @Setup(Level.Trial)
    public void data() {
        f = Family.byId(family);
        params = f == Family.LEAKY_RELU ? new double[] {0.01} : new double[0];
        h = Tensor.randn(Shape.of(128, 256), DType.F64, 31);
        // warm every family through the same call sites first
        for (Family g : new Family[] {Family.LEAKY_RELU, Family.HARDTANH, Family.HARDSWISH}) {
            double[] p = g == Family.LEAKY_RELU ? new double[] {0.01} : new double[0];
            for (int i = 0; i < 200; i++) {
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
