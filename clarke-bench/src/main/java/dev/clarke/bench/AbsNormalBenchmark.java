package dev.clarke.bench;

import dev.clarke.absnormal.AbsNormalForm;
import dev.clarke.absnormal.Lexicographic;
import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost claims of docs/theory/abs-normal.md, measured: "the LD-derivative costs 1 + n forward
 * sweeps" and "the abs-normal form costs s + m sweeps" (ADOL-C's count: s + m reverse sweeps).
 *
 * <p>The program is scalar (m = 1) with n scalar inputs and s = n kinks: with j = i + 1 mod n,
 * <pre>
 *   f(x) = Σ_i t_i,   t_i = relu(x_i − x_j) | abs(x_i + ½x_j) | max(x_i, x_j)   for i mod 3 = 0 | 1 | 2
 * </pre>
 * recorded with one {@code trace.input} per variable, policy {@code mid}, F64. {@code point}:
 * {@code generic} is uniform in [−1, 1]ⁿ (seed 7, no kink active); {@code kinks} is x = 0, where all
 * s kinks are active, so the LD-derivative's first-non-zero rule has to look past the value.
 *
 * <p>What is timed (each from scratch unless it says "on"):
 * <ul>
 *   <li>{@link #forwardPlain}: f in plain doubles, no trace (a lower bound, for reference);</li>
 *   <li>{@link #forward}: f recorded on a fresh {@link Trace}: Clarke's forward evaluation, the unit
 *       of the program-level ratios;</li>
 *   <li>{@link #gradient}: forward + reverse mode (the cheap-gradient reference);</li>
 *   <li>{@link #anfOnTrace}: {@link AbsNormalForm#of} on an already recorded trace (extraction alone);
 *       {@link #anf}: forward + extraction;</li>
 *   <li>{@link #modelForward}: one forward evaluation of the piecewise-linear model
 *       ({@link AbsNormalForm#evaluate}), the unit of the model-level ratio;</li>
 *   <li>{@link #ldOnForm}: {@link Lexicographic#derivative} on the extracted form (M = I, so 1 + n
 *       columns counting the value); {@link #ld}: forward + extraction + LD-derivative, which is how
 *       Clarke computes it (the certifier's fallback).</li>
 * </ul>
 * The warm-up is long (8 × 1 s) because on a loaded 2-core machine the JIT compiler threads are
 * starved, and shorter warm-ups measured the extraction still half-interpreted (up to 10× slower).
 * Results and ratios: docs/benchmarks.md, "Abs-normal form and LD-derivatives".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class AbsNormalBenchmark {

    @Param({"4", "16", "64"})
    public int n;

    @Param({"generic", "kinks"})
    public String point;

    double[] x;
    Trace recorded;
    Var recordedOutput;
    AbsNormalForm form;
    double[] dx;

    @Setup(Level.Trial)
    public void setup() {
        x = new double[n];
        if (point.equals("generic")) {
            SplittableRandom rng = new SplittableRandom(7);
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble(-1, 1);
            }
        }
        recorded = new Trace(KinkPolicy.mid(), DType.F64);
        recordedOutput = record(recorded, x, null);
        form = AbsNormalForm.of(recorded, recordedOutput, null);
        if (form.n() != n || form.s() != n || form.m() != 1) {
            throw new IllegalStateException("expected n = s = " + n + ", m = 1; got n = " + form.n() + ", s = "
                    + form.s() + ", m = " + form.m());
        }
        int active = form.active().length;
        if (point.equals("kinks") != (active == n) || (point.equals("generic") && active != 0)) {
            throw new IllegalStateException("unexpected number of active kinks: " + active);
        }
        dx = new double[n];
        for (int i = 0; i < n; i++) {
            dx[i] = 1e-3 * (i % 5 - 2);
        }
    }

    /** Records f at x on {@code t}; the inputs go to {@code inputs} if it is not null. */
    static Var record(Trace t, double[] x, List<Var> inputs) {
        int n = x.length;
        Var[] v = new Var[n];
        for (int i = 0; i < n; i++) {
            v[i] = t.input(x[i]);
            if (inputs != null) {
                inputs.add(v[i]);
            }
        }
        Var sum = null;
        for (int i = 0; i < n; i++) {
            Var a = v[i];
            Var b = v[(i + 1) % n];
            Var term;
            switch (i % 3) {
                case 0: term = a.sub(b).relu(); break;
                case 1: term = a.add(b.mul(0.5)).abs(); break;
                default: term = a.max(b); break;
            }
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** f in plain doubles. */
    static double plain(double[] x) {
        int n = x.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double a = x[i];
            double b = x[(i + 1) % n];
            switch (i % 3) {
                case 0: sum += Math.max(a - b, 0); break;
                case 1: sum += Math.abs(a + 0.5 * b); break;
                default: sum += Math.max(a, b); break;
            }
        }
        return sum;
    }

    @Benchmark
    public double forwardPlain() {
        return plain(x);
    }

    @Benchmark
    public double forward() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        return record(t, x, null).item();
    }

    @Benchmark
    public Object gradient() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        List<Var> inputs = new ArrayList<>(n);
        Var y = record(t, x, inputs);
        return t.grad(y, inputs, Backward.RELEASE);
    }

    @Benchmark
    public AbsNormalForm anfOnTrace() {
        return AbsNormalForm.of(recorded, recordedOutput, null);
    }

    @Benchmark
    public AbsNormalForm anf() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var y = record(t, x, null);
        return AbsNormalForm.of(t, y, null);
    }

    @Benchmark
    public double[] modelForward() {
        return form.evaluate(dx);
    }

    @Benchmark
    public double[][] ldOnForm() {
        return Lexicographic.derivative(form);
    }

    @Benchmark
    public double[][] ld() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var y = record(t, x, null);
        return Lexicographic.derivative(AbsNormalForm.of(t, y, null));
    }
}
