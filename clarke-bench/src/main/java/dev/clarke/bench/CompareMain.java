package dev.clarke.bench;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.Certificate;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.DensePass;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.optim.DoubleBufferedSgd;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Clarke's side of {@code bench/compare-pytorch}: a small server that reads commands on stdin and
 * answers each with one line of per-iteration times, so that the driver can alternate blocks of
 * Clarke and PyTorch in one run without restarting (and re-warming) either side.
 *
 * <ul>
 *   <li>{@code step N}: N SGD steps (lr 0.01) of a 784-256-256-10 ReLU MLP with bias, batch 128, F32,
 *       policy {@code mid}, mean softmax cross-entropy, kink log off and no certificate;</li>
 *   <li>{@code stepcert N}: the same steps with the kink log on, each followed by its
 *       {@link Certificate} (from the same passes; no extra pass);</li>
 *   <li>{@code pairs N}: N pairs of steps, an uncertified one then a certified one, answered as
 *       {@code pairs u1 c1 u2 c2 ...}: the two kinds under the same conditions, step by step;</li>
 *   <li>{@code cnnpairs N}: N pairs of steps of {@link CnnStep}'s convolutional network (batch 64),
 *       one with the kink log off then one with it on, answered as {@code cnnpairs u1 c1 u2 c2 ...};</li>
 *   <li>{@code cnncert N}: N such steps with the kink log on and the step's {@code NetworkCertificate};</li>
 *   <li>{@code mm N}: N products {@code [1024,1024]·[1024,1024]} in F32, each in a workspace scope;</li>
 *   <li>{@code info}: the backend in use; {@code quit}.</li>
 * </ul>
 * Answers are {@code <command> t1 t2 ...} in microseconds; the first line printed is {@code ready}.
 * Steps run in a {@link Workspace} scope and update the parameters with {@link DoubleBufferedSgd},
 * so after the first steps they take no tensor storage from the heap.
 */
public final class CompareMain {

    static final int BATCH = 128;
    static final DType T = DType.F32;
    static final double LR = 0.01;
    private static final Kernels K = Kernels.get();

    private final Sequential net = Sequential.of(Dense.of(784, 256, Activation.relu()),
            Dense.of(256, 256, Activation.relu()), Dense.of(256, 10, null));
    private final Tensor x = Tensor.uniform(Shape.of(BATCH, 784), T, 0, 1, 1);
    private final int[] labels = new int[BATCH];
    private final DoubleBufferedSgd sgd;
    private final Workspace workspace = new Workspace();
    private final Tensor big1 = Tensor.randn(Shape.of(1024, 1024), T, 24);
    private final Tensor big2 = Tensor.randn(Shape.of(1024, 1024), T, 25);
    private final CnnStep cnn = new CnnStep();
    /** Keeps results reachable so nothing is optimised away. */
    private Object sink;

    private CompareMain() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(10);
        }
        double[] w = new double[net.parameterCount()];
        SplittableRandom r = new SplittableRandom(11);
        Parameters layout = new Parameters(net, w);
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            double s = Math.sqrt(2.0 / d.in());
            for (int j = 0; j < d.in(); j++) {
                for (int i = 0; i < d.out(); i++) {
                    w[layout.weightIndex(l, j, i)] = s * Math.sqrt(-2 * Math.log(1 - r.nextDouble()))
                            * Math.cos(2 * Math.PI * r.nextDouble());
                }
            }
        }
        sgd = new DoubleBufferedSgd(new Parameters(net, w).tensors(T), LR);
    }

    /**
     * One SGD step; with {@code certify}, the kink log is on and the certificate is built from this
     * step's trace. The result is valid until the next step opens the workspace again.
     */
    Object step(boolean certify) {
        try (Workspace.Scope s = workspace.open()) {
            Trace t = new Trace(KinkPolicy.mid(), T).logKinks(certify);
            Var[] leaves = new Var[sgd.size()];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = t.input(sgd.parameter(i));
            }
            DensePass pass = net.forward(t, leaves, t.constant(x));
            Var loss = Loss.crossEntropy(labels).apply(pass.output());
            Gradients g = t.grad(loss, leaves);
            for (int i = 0; i < leaves.length; i++) {
                sgd.step(i, g.of(leaves[i]));
            }
            return certify ? Certificate.of(net, pass, t.kinks(), t.policy()) : g.value();
        }
    }

    /**
     * One 1024³ product, in a workspace scope like the step: its 4 MB result reuses the previous
     * product's array. A fresh array per product would make most of them land in heap memory the
     * process has never touched, and the page faults of first use cost up to half the product's time.
     */
    Object product() {
        try (Workspace.Scope s = workspace.open()) {
            return K.matmul(big1, big2, false, false);
        }
    }

    private String run(String cmd, int n) {
        StringBuilder out = new StringBuilder(cmd);
        for (int i = 0; i < n; i++) {
            if (cmd.equals("pairs") || cmd.equals("cnnpairs")) { // an uncertified step, then a certified one
                boolean mlp = cmd.equals("pairs");
                long t0 = System.nanoTime();
                sink = mlp ? step(false) : cnn.step(false, false);
                long t1 = System.nanoTime();
                sink = mlp ? step(true) : cnn.step(true, false);
                long t2 = System.nanoTime();
                out.append(' ').append((t1 - t0) / 1e3).append(' ').append((t2 - t1) / 1e3);
                continue;
            }
            long t0 = System.nanoTime();
            switch (cmd) {
                case "step": sink = step(false); break;
                case "stepcert": sink = step(true); break;
                case "mm": sink = product(); break;
                case "cnncert": sink = cnn.step(true, true); break;
                default: return "error unknown command " + cmd;
            }
            long t1 = System.nanoTime();
            out.append(' ').append((t1 - t0) / 1e3);
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        CompareMain m = new CompareMain();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                break;
            } else if (w[0].equals("info")) {
                out.println("info kernels=" + K.backend() + " threads=" + Runtime.getRuntime().availableProcessors()
                        + " java=" + System.getProperty("java.version"));
            } else {
                out.println(m.run(w[0], w.length > 1 ? Integer.parseInt(w[1]) : 1));
            }
        }
        if (m.sink == null) {
            out.println("no result");
        }
    }
}
