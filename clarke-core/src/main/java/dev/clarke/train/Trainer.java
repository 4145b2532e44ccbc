package dev.clarke.train;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.Certificate;
import dev.clarke.certify.NetworkCertificate;
import dev.clarke.certify.Verdict;
import dev.clarke.data.Batches;
import dev.clarke.data.Dataset;
import dev.clarke.data.Split;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.optim.Adam;
import dev.clarke.optim.Optimizer;
import dev.clarke.optim.Sgd;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import dev.clarke.tensor.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * Minibatch training of a classifier with softmax cross-entropy. Every step records a fresh trace in
 * the configured policy and dtype, runs one backward pass (which releases the trace), feeds the kink
 * log to the {@link KinkTelemetry} and the certificate ({@link Certificate} for dense networks,
 * {@link NetworkCertificate} for the others), then lets the optimiser update its F64 master
 * parameters. After each epoch the test set is evaluated without kink
 * logging.
 */
public final class Trainer {

    /** Receives progress; both methods do nothing by default. */
    public interface Listener {
        /**
         * After every step.
         *
         * @param s the step's progress
         */
        default void step(Step s) {
        }

        /**
         * After every step, before {@link #step}: the kink counters of that step alone (one step, its
         * hits per layer, its verdict), for per-step plots.
         *
         * @param step the step's number, from 1
         * @param ofStep its kink counters
         */
        default void stepKinks(long step, KinkTelemetry ofStep) {
        }

        /**
         * After every epoch.
         *
         * @param m the epoch's metrics
         */
        default void epoch(EpochMetrics m) {
        }
    }

    /**
     * Progress after one step.
     *
     * @param step       steps taken
     * @param totalSteps steps of the whole run
     * @param epoch      the current epoch, from 1
     * @param loss       this batch's loss
     * @param accuracy   training accuracy of the epoch so far (0 in regression)
     * @param seconds    wall time so far
     * @param regression whether the loss is MSE on real-valued targets
     */
    public record Step(long step, long totalSteps, int epoch, double loss, double accuracy, double seconds,
                       boolean regression) {

        /**
         * A classification step.
         *
         * @param step       steps taken
         * @param totalSteps steps of the whole run
         * @param epoch      the current epoch, from 1
         * @param loss       this batch's loss
         * @param accuracy   training accuracy of the epoch so far
         * @param seconds    wall time so far
         */
        public Step(long step, long totalSteps, int epoch, double loss, double accuracy, double seconds) {
            this(step, totalSteps, epoch, loss, accuracy, seconds, false);
        }
    }

    /**
     * The outcome of a run.
     *
     * @param network    the network
     * @param parameters the trained parameters (F64)
     * @param epochs     per-epoch metrics
     * @param kinks      the telemetry of the whole run
     * @param seconds    wall time
     */
    public record Result(Sequential network, List<Tensor> parameters, List<EpochMetrics> epochs, KinkTelemetry kinks,
                         double seconds) {
        /**
         * The last epoch's test accuracy.
         *
         * @return the accuracy, in [0, 1]
         */
        public double testAccuracy() {
            return epochs.get(epochs.size() - 1).testAccuracy();
        }
    }

    private Trainer() {
    }

    /**
     * The optimiser the configuration names, over {@code initial}.
     *
     * @param c the configuration
     * @param initial the initial parameters
     * @return the optimiser
     */
    public static Optimizer optimizer(TrainConfig c, List<Tensor> initial) {
        return c.optimizer().equals("adam") ? new Adam(initial, c.lr(), 0.9, 0.999, 1e-8, c.weightDecay())
                : new Sgd(initial, c.lr(), c.momentum(), c.weightDecay(), false);
    }

    /**
     * Trains {@code net} from its seeded initialisation.
     *
     * @param net the network
     * @param data the train and test samples
     * @param c the configuration
     * @param listener told after every step and epoch, or null
     * @return the trained parameters and the run's metrics
     */
    public static Result train(Sequential net, Split data, TrainConfig c, Listener listener) {
        return train(net, net.initialParameters(DType.F64, c.seed()), data, c, listener);
    }

    /**
     * Trains {@code net} from the given parameters. Every step runs in a scope of one
     * {@link Workspace}, so the tensors of a step reuse the arrays of the step before.
     *
     * @param net the network
     * @param initial its initial parameters
     * @param data the train and test samples
     * @param c the configuration
     * @param listener told after every step and epoch, or null
     * @return the trained parameters and the run's metrics
     */
    public static Result train(Sequential net, List<Tensor> initial, Split data, TrainConfig c, Listener listener) {
        return train(net, initial, data, c, listener, new Workspace());
    }

    /** As {@link #train(Sequential, List, Split, TrainConfig, Listener)}; a null workspace allocates every tensor afresh. */
    static Result train(Sequential net, List<Tensor> initial, Split data, TrainConfig c, Listener listener, Workspace ws) {
        long t0 = System.nanoTime();
        Dataset train = data.train();
        boolean regression = c.loss().regression();
        if (regression != train.isRegression() || regression != data.test().isRegression()) {
            throw new IllegalArgumentException("loss " + c.loss().id() + " needs " + (regression
                    ? "real-valued targets, but " + train.name() + " has class labels (use cross_entropy)"
                    : "class labels, but " + train.name() + " has real-valued targets (use mse)"));
        }
        Optimizer opt = optimizer(c, initial);
        int perEpoch = Batches.count(train.size(), c.batch());
        long total = (long) perEpoch * c.epochs();
        KinkTelemetry all = new KinkTelemetry(net.layers().size());
        List<EpochMetrics> epochs = new ArrayList<>();
        long step = 0;
        for (int e = 0; e < c.epochs(); e++) {
            KinkTelemetry tel = new KinkTelemetry(net.layers().size());
            int[] perm = Batches.permutation(train.size(), c.seed(), e + 1);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < perEpoch; b++) {
                try (Workspace.Scope scope = ws == null ? null : ws.open()) {
                    int from = Batches.start(b, c.batch());
                    int to = Batches.end(b, c.batch(), train.size());
                    Tensor x = train.batch(perm, from, to, c.dtype());
                    int[] y = train.labels(perm, from, to);
                    Trace t = new Trace(c.policy(), c.dtype());
                    Sequential.Pass pass = net.forward(t, opt.parameters(c.dtype()), x,
                            new Layer.Mode(true, c.seed() * 1_000_003L + step));
                    Tensor target = regression ? train.targets(perm, from, to, c.dtype()) : null;
                    Var loss = c.loss().bind(y, target).apply(pass.output());
                    Gradients g = t.grad(loss, List.of(pass.leaves()), Backward.RELEASE);
                    List<Tensor> grads = new ArrayList<>(pass.leaves().length);
                    for (Var leaf : pass.leaves()) {
                        grads.add(g.of(leaf));
                    }
                    Verdict v = !c.certify() ? null : net.isDense()
                            ? Certificate.of(net, net.densePass(pass), t.kinks(), c.policy()).verdict()
                            : NetworkCertificate.of(net, pass, t.kinks(), c.policy()).verdict();
                    KinkTelemetry ofStep = new KinkTelemetry(net.layers().size());
                    ofStep.record(pass, t.kinks(), v);
                    tel.add(ofStep);
                    opt.step(grads);
                    step++;
                    lossSum += loss.item() * (to - from);
                    correct += regression ? 0 : Metrics.correct(pass.output().value(), y);
                    seen += to - from;
                    if (listener != null) {
                        listener.stepKinks(step, ofStep);
                        listener.step(new Step(step, total, e + 1, loss.item(), (double) correct / seen, seconds(t0), regression));
                    }
                }
            }
            all.add(tel);
            double[] test = evaluate(net, opt.parameters(c.dtype()), data.test(), c.dtype(), c.policy(), 500, c.loss());
            EpochMetrics m = new EpochMetrics(e + 1, step, lossSum / seen, (double) correct / seen, test[0], test[1], tel,
                    seconds(t0), regression);
            epochs.add(m);
            if (listener != null) {
                listener.epoch(m);
            }
        }
        List<Tensor> trained = opt.parameters(DType.F64);
        net.setParameters(trained);
        return new Result(net, trained, List.copyOf(epochs), all, seconds(t0));
    }

    /**
     * Mean cross-entropy and accuracy of {@code params} on {@code data}, in batches, without kink logging.
     *
     * @param net the network
     * @param params its parameters
     * @param data the samples
     * @param dtype the working precision
     * @param policy the kink policy
     * @param batch the batch size
     * @return the mean loss and the accuracy
     */
    public static double[] evaluate(Sequential net, List<Tensor> params, Dataset data, DType dtype, KinkPolicy policy, int batch) {
        return evaluate(net, params, data, dtype, policy, batch, Loss.Criterion.CROSS_ENTROPY);
    }

    /**
     * Mean loss and accuracy (0 in regression) of {@code params} on {@code data} under the loss {@code loss}.
     *
     * @param net the network
     * @param params its parameters
     * @param data the samples
     * @param dtype the working dtype
     * @param policy the kink policy
     * @param batch the evaluation batch size
     * @param loss the loss
     * @return {mean loss, accuracy}
     */
    public static double[] evaluate(Sequential net, List<Tensor> params, Dataset data, DType dtype, KinkPolicy policy,
                                    int batch, Loss.Criterion loss) {
        int[] idx = data.allIndices();
        double lossSum = 0;
        long correct = 0;
        for (int b = 0; b < Batches.count(data.size(), batch); b++) {
            int from = Batches.start(b, batch);
            int to = Batches.end(b, batch, data.size());
            Trace t = new Trace(policy, dtype).logKinks(false);
            int[] y = data.labels(idx, from, to);
            Sequential.Pass pass = net.forward(t, params, data.batch(idx, from, to, dtype), Layer.Mode.EVAL);
            Tensor target = loss.regression() ? data.targets(idx, from, to, dtype) : null;
            lossSum += loss.bind(y, target).apply(pass.output()).item() * (to - from);
            correct += loss.regression() ? 0 : Metrics.correct(pass.output().value(), y);
        }
        return new double[] {lossSum / data.size(), (double) correct / data.size()};
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
