package dev.clarke.experiment;

import dev.clarke.ad.Trace;
import dev.clarke.certify.Certificate;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Stochastic generalized-gradient descent on a dense ReLU network, one run per kink policy, every
 * step's gradient certified.
 *
 * <p>The data: every point of the grid {−2, …, 2}² with the target t = |x₁| − |x₂| (25 samples). The
 * network: 2 → hidden ReLU layers with bias → 1, MSE loss. Parameters live on a fixed-point grid
 * 2^−q·ℤ (machine-representable, as in Lee, Park, Aiken): the initial values are drawn on it, and
 * after every step w − α_k·g is rounded to it stochastically (up with probability equal to the
 * remainder, so the rounding is unbiased). With integer inputs, pre-activations are multiples of
 * 2^−q and land exactly on relu's kink at 0 at a steady rate.
 *
 * <p>Step k (from 0) draws one sample uniformly, computes AD's gradient of its loss under the
 * policy with the {@link Certificate} (batch 1, bias everywhere: every verdict is decided), and
 * moves with α_k = α₀·τ/(τ + k): Σ α_k = ∞, Σ α_k² &lt; ∞, the step sizes the convergence theory of
 * stochastic subgradient methods needs. Each policy replays the same random stream (initialisation,
 * samples, rounding), so the runs differ only through the derivative at the kinks. With
 * {@code correct}, a step certified not Clarke moves along the certificate's Clarke subgradient
 * (D⁻ at every kink) instead of AD's value: any policy then follows the D⁻ run exactly.
 */
public final class SgdExperiment {

    /**
     * The settings.
     *
     * @param hidden     hidden widths
     * @param steps      steps per policy
     * @param rate       α₀
     * @param decay      τ (steps)
     * @param gridBits   q: parameters are multiples of 2^−q
     * @param seed       the random stream shared by every policy
     * @param every      the loss is evaluated on the whole data every this many steps (and at the end)
     * @param correct    whether a step whose gradient is certified not Clarke moves along the
     *                   certificate's {@link Certificate#correctGradient()} instead
     */
    public record Config(int[] hidden, int steps, double rate, double decay, int gridBits, long seed, int every,
                         boolean correct) {

        /**
         * Checks the bounds.
         *
         * @param hidden hidden widths, 1 to 8 layers of 1 to 256 neurons
         * @param steps steps per policy, 1 to 10⁷
         * @param rate α₀, in (0, 10]
         * @param decay τ in steps, in (0, 10⁹]
         * @param gridBits q, 1 to 40: parameters are multiples of 2^−q
         * @param seed the random stream shared by every policy
         * @param every the loss is evaluated on the whole data every this many steps (and at the
         *     end), ≥ 1
         * @param correct whether a step whose gradient is certified not Clarke moves along the
         *     certificate's {@link Certificate#correctGradient()} instead
         * @throws IllegalArgumentException if a setting is outside its range, naming it
         */
        public Config {
            hidden = hidden.clone();
            if (hidden.length < 1 || hidden.length > 8) {
                throw new IllegalArgumentException("hidden layers: " + hidden.length + " must be from 1 to 8");
            }
            for (int h : hidden) {
                if (h < 1 || h > 256) {
                    throw new IllegalArgumentException("hidden width " + h + " must be from 1 to 256");
                }
            }
            if (steps < 1 || steps > 10_000_000) {
                throw new IllegalArgumentException("steps: " + steps + " must be from 1 to 10000000");
            }
            if (!(rate > 0 && rate <= 10) || !(decay > 0 && decay <= 1e9)) {
                throw new IllegalArgumentException("rate must be in (0, 10] and decay in (0, 1e9]");
            }
            if (gridBits < 1 || gridBits > 40) {
                throw new IllegalArgumentException("grid bits: " + gridBits + " must be from 1 to 40");
            }
            if (every < 1) {
                throw new IllegalArgumentException("every: " + every + " must be positive");
            }
        }
    }

    /**
     * One certified step, as the observer sees it before the update.
     *
     * @param step      k, from 0
     * @param params    the parameters w_k
     * @param sample    the sample's index
     * @param gradient  AD's gradient of the sample's loss under the policy
     * @param certificate the certificate of that gradient
     */
    public record Step(int step, double[] params, int sample, double[] gradient, Certificate certificate) {
    }

    /**
     * One policy's run.
     *
     * @param policy          the kink policy
     * @param verdicts        step counts per verdict
     * @param liveKinkSteps   steps with a kink hit of non-zero adjoint (f not differentiable there)
     * @param kinkSteps       steps with any kink hit
     * @param checkpoints     the steps at which the loss was evaluated (0, every, 2·every, …, steps)
     * @param loss            the whole-data MSE at each checkpoint
     * @param perStep         each step's verdict, in order
     */
    public record Run(KinkPolicy policy, Map<Verdict, Long> verdicts, long liveKinkSteps, long kinkSteps,
                      int[] checkpoints, double[] loss, List<Verdict> perStep) {
    }

    /** Observes every step (tests use it to check steps independently). */
    public interface Observer {
        /**
         * Called before the update of step {@code s.step()} under {@code policy}.
         *
         * @param policy the run's policy
         * @param s      the step
         */
        void step(KinkPolicy policy, Step s);
    }

    private final Config config;
    private final Sequential net;
    private final double[][] xs;
    private final double[] ts;

    /**
     * The experiment with these settings.
     *
     * @param config the settings
     */
    public SgdExperiment(Config config) {
        this.config = config;
        List<Dense> layers = new ArrayList<>();
        int in = 2;
        for (int h : config.hidden()) {
            layers.add(new Dense(in, h, true, Activation.relu()));
            in = h;
        }
        layers.add(new Dense(in, 1, true, null));
        this.net = new Sequential(layers);
        List<double[]> x = new ArrayList<>();
        for (int a = -2; a <= 2; a++) {
            for (int b = -2; b <= 2; b++) {
                x.add(new double[] {a, b});
            }
        }
        xs = x.toArray(new double[0][]);
        ts = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ts[i] = Math.abs(xs[i][0]) - Math.abs(xs[i][1]);
        }
    }

    /**
     * The network.
     *
     * @return 2 → hidden ReLU layers with bias → 1
     */
    public Sequential network() {
        return net;
    }

    /**
     * Sample i's input.
     *
     * @param i the sample, from 0 to 24
     * @return (x₁, x₂)
     */
    public double[] input(int i) {
        return xs[i].clone();
    }

    /**
     * Sample i's target.
     *
     * @param i the sample, from 0 to 24
     * @return |x₁| − |x₂|
     */
    public double target(int i) {
        return ts[i];
    }

    /**
     * Runs every policy in turn.
     *
     * @param policies the kink policies
     * @param observer sees every step
     * @param progress receives (policy index, steps done)
     * @return one run per policy
     */
    public List<Run> run(List<KinkPolicy> policies, Observer observer, java.util.function.BiConsumer<Integer, Integer> progress) {
        List<Run> runs = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            int index = p;
            runs.add(run(policies.get(p), observer, done -> progress.accept(index, done)));
        }
        return runs;
    }

    private Run run(KinkPolicy policy, Observer observer, java.util.function.IntConsumer progress) {
        Random rng = new Random(config.seed());
        double h = Math.scalb(1.0, -config.gridBits());
        double[] w = initial(rng, h);
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        List<Verdict> perStep = new ArrayList<>(config.steps());
        int nCheck = config.steps() / config.every() + (config.steps() % config.every() == 0 ? 1 : 2);
        int[] checkpoints = new int[nCheck];
        double[] loss = new double[nCheck];
        int c = 0;
        long live = 0;
        long kinks = 0;
        for (int k = 0; k < config.steps(); k++) {
            if (k % config.every() == 0) {
                checkpoints[c] = k;
                loss[c++] = loss(w);
            }
            int i = rng.nextInt(xs.length);
            Tensor x = Tensor.of(DType.F64, Shape.of(1, 2), xs[i]);
            Tensor t = Tensor.of(DType.F64, Shape.of(1, 1), ts[i]);
            Certificate cert = Certificate.compute(net, new Parameters(net, w), x, new Loss.Mse(t), policy, DType.F64);
            double[] g = config.correct() && cert.correctGradient() != null ? cert.correctGradient() : cert.gradient();
            observer.step(policy, new Step(k, w.clone(), i, g.clone(), cert));
            counts.merge(cert.verdict(), 1L, Long::sum);
            perStep.add(cert.verdict());
            live += cert.nonZeroAdjointHits() > 0 ? 1 : 0;
            kinks += cert.hits().isEmpty() ? 0 : 1;
            double alpha = config.rate() * config.decay() / (config.decay() + k);
            for (int j = 0; j < w.length; j++) {
                w[j] = round(w[j] - alpha * g[j], h, rng);
            }
            if ((k + 1) % 256 == 0) {
                progress.accept(k + 1);
            }
        }
        checkpoints[c] = config.steps();
        loss[c] = loss(w);
        progress.accept(config.steps());
        return new Run(policy, counts, live, kinks, checkpoints, loss, perStep);
    }

    /** Weights uniform on the grid in [−½, ½], biases in [−¼, ¼]. */
    private double[] initial(Random rng, double h) {
        Parameters layout = new Parameters(net, new double[net.parameterCount()]);
        double[] w = new double[net.parameterCount()];
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            for (int i = 0; i < d.out(); i++) {
                for (int j = 0; j < d.in(); j++) {
                    w[layout.weightIndex(l, j, i)] = onGrid(rng, 0.5, h);
                }
                w[layout.biasIndex(l, i)] = onGrid(rng, 0.25, h);
            }
        }
        return w;
    }

    private static double onGrid(Random rng, double half, double h) {
        long n = (long) Math.floor(half / h);
        return (rng.nextInt((int) Math.min(2 * n + 1, Integer.MAX_VALUE)) - n) * h;
    }

    /** Stochastic rounding to the grid h·ℤ: up with probability equal to the remainder. */
    static double round(double v, double h, Random rng) {
        double q = v / h;
        double fl = Math.floor(q);
        return (rng.nextDouble() < q - fl ? fl + 1 : fl) * h;
    }

    /** The mean squared error over the whole data. */
    double loss(double[] w) {
        Tensor x = Sequential.batch(DType.F64, xs);
        Tensor t = Tensor.of(DType.F64, Shape.of(ts.length, 1), ts);
        try (Trace trace = new Trace(KinkPolicy.mid(), DType.F64)) {
            return new Loss.Mse(t).apply(net.forward(trace, new Parameters(net, w), x).output()).item();
        }
    }
}
