package dev.clarke.bench;

import dev.clarke.data.Dataset;
import dev.clarke.data.NpmMnist;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Parts of the training steps of {@code bench/compare-pytorch}, timed one by one in one JVM, for
 * finding where a step's time goes (medians over N repetitions after as many for warm-up):
 * <ul>
 *   <li>{@code products N}: the eight matrix products of the 784-256-256-10 MLP step at batch 128,
 *       F32 (three forward, five backward: no gradient for the input), each in a workspace scope;</li>
 *   <li>{@code cnncert N [mnist]}: the CNN step of {@link CnnStep} with its certificate, on its
 *       uniform images or, with {@code mnist}, on 40 batches of 64 digits from the npm cache that
 *       {@code clarke train --data mnist} fills (~/.cache/clarke/mnist); prints the median step
 *       without and with the kink log, then with the certificate, and the median certificate's thread
 *       CPU time (steady under a loaded machine, unlike wall time);</li>
 *   <li>{@code cnnparts N}: the CNN step's two conv → relu → max-pool blocks kernel by kernel (conv,
 *       relu, pool and their backward products, with the input gradient the second block needs), to
 *       see where the step's time goes;</li>
 *   <li>{@code biasgrad N}: the convolution bias gradient of [64, 8, 24, 24], the first layer's.</li>
 * </ul>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp clarke-bench/target/benchmarks.jar
 * dev.clarke.bench.StepPartsMain products 3000}.
 */
public final class StepPartsMain {

    private static final DType T = DType.F32;

    private StepPartsMain() {
    }

    /**
     * Runs one command.
     *
     * @param args the command and its repetitions, as above
     * @throws IOException if the digits cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: StepPartsMain products|cnncert|cnnparts|biasgrad N [mnist]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "products" -> products(n);
            case "cnncert" -> cnncert(n, args.length > 2 && args[2].equals("mnist"));
            case "cnnparts" -> cnnParts(n);
            case "biasgrad" -> {
                Tensor g = Tensor.randn(Shape.of(64, 8, 24, 24), T, 1);
                System.out.printf(Locale.ROOT, "biasgrad [64, 8, 24, 24] %.1f us%n",
                        median(n, () -> Kernels.get().conv2dBiasGrad(g)) / 1e3);
            }
            default -> {
                System.err.println("StepPartsMain: unknown command " + args[0] + "; use products, cnncert, cnnparts or biasgrad");
                System.exit(2);
            }
        }
    }

    private static void products(int n) {
        Kernels k = Kernels.get();
        Workspace ws = new Workspace();
        Tensor x = Tensor.uniform(Shape.of(128, 784), T, 0, 1, 1);
        Tensor w1 = Tensor.randn(Shape.of(784, 256), T, 2);
        Tensor h = Tensor.randn(Shape.of(128, 256), T, 3);
        Tensor w2 = Tensor.randn(Shape.of(256, 256), T, 4);
        Tensor w3 = Tensor.randn(Shape.of(256, 10), T, 5);
        Tensor g3 = Tensor.randn(Shape.of(128, 10), T, 6);
        String[] names = {"x·W1", "h·W2", "h·W3", "g3·W3ᵀ", "hᵀ·g3", "g·W2ᵀ", "hᵀ·g", "xᵀ·g"};
        java.util.List<Supplier<Object>> ops = java.util.List.of(
                () -> k.matmul(x, w1, false, false), () -> k.matmul(h, w2, false, false), () -> k.matmul(h, w3, false, false),
                () -> k.matmul(g3, w3, false, true), () -> k.matmul(h, g3, true, false), () -> k.matmul(h, w2, false, true),
                () -> k.matmul(h, h, true, false), () -> k.matmul(x, h, true, false));
        System.out.println(timeEach("products, us:", names, ops, ws, n));
    }

    /**
     * The first block of the CNN step, kernel by kernel, on a batch of 64 uniform images: conv 5×5×8
     * with its bias, relu, 2 × 2 max pool, and backward the pool's scatter, relu's slope product, the
     * weight and bias gradients (the input needs none). What a fused conv→bias→relu→pool could save
     * is bounded by the passes over the [64, 8, 24, 24] activations between the convolutions.
     */
    private static void cnnParts(int n) {
        cnnBlock(n, "cnn first block, us:", Shape.of(64, 1, 28, 28), dev.clarke.tensor.ConvGeometry.of(1, 28, 28, 8, 5, 1, 0));
        cnnBlock(n, "cnn second block, us:", Shape.of(64, 8, 12, 12), dev.clarke.tensor.ConvGeometry.of(8, 12, 12, 16, 5, 1, 0));
    }

    /** One conv → relu → 2 × 2 max pool block, forward and backward, kernel by kernel, on uniform inputs. */
    private static void cnnBlock(int n, String label, Shape in, dev.clarke.tensor.ConvGeometry g) {
        Kernels k = Kernels.get();
        Workspace ws = new Workspace();
        Tensor x = Tensor.uniform(in, T, 0, 1, 3);
        Tensor w = Tensor.randn(Shape.of(g.outChannels(), g.inChannels(), g.kernelH(), g.kernelW()), T, 4);
        Tensor b = Tensor.randn(Shape.of(g.outChannels()), T, 5);
        Tensor y = k.conv2d(x, w, b, g);
        Tensor r = k.relu(y, i -> { });
        dev.clarke.tensor.Pooling.Window win = new dev.clarke.tensor.Pooling.Window(2, 2, 2, 2);
        dev.clarke.tensor.Pooling.MaxPool pool = dev.clarke.tensor.Pooling.maxPool2d(r, win, 0.5, null);
        Tensor gp = Tensor.randn(pool.values().shape(), T, 6);
        Tensor gr = dev.clarke.tensor.Pooling.scatter(gp, pool.selection(), r.shape(), win);
        Tensor slope = k.reluSlope(y, 0.5);
        Tensor gy = k.mul(gr, slope);
        String[] names = {"conv+bias", "relu", "maxpool", "pool scatter", "relu slope", "slope product", "weight grad",
            "bias grad", "input grad"};
        java.util.List<Supplier<Object>> ops = java.util.List.of(() -> k.conv2d(x, w, b, g), () -> k.relu(y, i -> { }),
                () -> dev.clarke.tensor.Pooling.maxPool2d(r, win, 0.5, null),
                () -> dev.clarke.tensor.Pooling.scatter(gp, pool.selection(), r.shape(), win), () -> k.reluSlope(y, 0.5),
                () -> k.mul(gr, slope), () -> k.conv2dWeightGrad(x, gy, g), () -> k.conv2dBiasGrad(gy),
                () -> k.conv2dInputGrad(gy, w, g));
        System.out.println(timeEach(label, names, ops, ws, n));
    }

    private static void cnncert(int n, boolean mnist) throws IOException {
        CnnStep step = mnist ? mnistStep() : new CnnStep();
        long[][] kinds = new long[2][n];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 2; k++) {
                    long t0 = System.nanoTime();
                    step.step(k == 1, false);
                    kinds[k][i] = System.nanoTime() - t0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "cnncert (%s): step %.3f ms, with the kink log %.3f ms%n",
                mnist ? "digits" : "uniform images", median(kinds[0]) / 1e6, median(kinds[1]) / 1e6);
        long[] wall = new long[n];
        long[] cpu = new long[n];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                step.step(true, true);
                wall[i] = System.nanoTime() - t0;
                cpu[i] = step.certificateCpuNanos;
            }
        }
        System.out.printf(Locale.ROOT, "cnncert (%s): step with certificate %.3f ms, certificate %.3f ms CPU%n",
                mnist ? "digits" : "uniform images", median(wall) / 1e6, median(cpu) / 1e6);
    }

    private static CnnStep mnistStep() throws IOException {
        Dataset d = NpmMnist.load(NpmMnist.defaultCache());
        int batches = 40;
        int[] index = new int[CnnStep.BATCH * batches];
        Arrays.setAll(index, i -> i);
        Tensor[] xs = new Tensor[batches];
        int[][] labels = new int[batches][CnnStep.BATCH];
        for (int b = 0; b < batches; b++) {
            xs[b] = Tensor.wrap(Shape.of(CnnStep.BATCH, 1, 28, 28), T,
                    d.batch(index, b * CnnStep.BATCH, (b + 1) * CnnStep.BATCH, T).floatData());
            for (int i = 0; i < CnnStep.BATCH; i++) {
                labels[b][i] = d.labels()[b * CnnStep.BATCH + i];
            }
        }
        return new CnnStep(xs, labels);
    }

    /** Each operation's median in microseconds, each call in a workspace scope, on one line with their total. */
    private static String timeEach(String label, String[] names, java.util.List<Supplier<Object>> ops, Workspace ws, int n) {
        StringBuilder out = new StringBuilder(label);
        double total = 0;
        for (int o = 0; o < ops.size(); o++) {
            Supplier<Object> op = ops.get(o);
            double us = median(n, () -> {
                try (Workspace.Scope s = ws.open()) {
                    return op.get();
                }
            }) / 1e3;
            total += us;
            out.append(String.format(Locale.ROOT, " %s %.1f", names[o], us));
        }
        return out.append(String.format(Locale.ROOT, "; total %.1f", total)).toString();
    }

    /** The median time of n calls after n more for warm-up, in nanoseconds. */
    private static double median(int n, Supplier<Object> op) {
        long[] t = new long[n];
        Object sink = null;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                sink = op.get();
                t[i] = System.nanoTime() - t0;
            }
        }
        return sink == null ? Double.NaN : median(t);
    }

    private static double median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
