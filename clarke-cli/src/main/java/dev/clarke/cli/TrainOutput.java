package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.certify.Verdict;
import dev.clarke.data.Split;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Layer;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.train.EpochMetrics;
import dev.clarke.train.KinkTelemetry;
import dev.clarke.train.TrainConfig;
import dev.clarke.train.Trainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code clarke train} prints: a human summary or one JSON object (also the report's metrics.json). */
final class TrainOutput {

    private TrainOutput() {
    }

    /** Whether layer l can hit kinks (activations and max pooling). */
    static boolean kinky(Layer l) {
        return l instanceof ActivationLayer || l instanceof MaxPool2d;
    }

    private static final String EPOCH_COLUMNS = "%5s  %10s  %9s  %9s  %8s  %13s  %13s  %8s";

    /** The heading of the epoch lines: one label per column. */
    static String epochHeader() {
        return epochHeader(false);
    }

    /** The heading of the epoch lines; a regression run reports RMSE where a classification run reports accuracy. */
    static String epochHeader(boolean regression) {
        return String.format(Locale.ROOT, EPOCH_COLUMNS, "epoch", "train loss", regression ? "train rmse" : "train acc",
                "test loss", regression ? "test rmse" : "test acc", "kink hits", "non-zero adj.", "elapsed");
    }

    /** One epoch under {@link #epochHeader()}; counts with thousands separators. */
    static String epochLine(EpochMetrics m) {
        return String.format(Locale.ROOT, EPOCH_COLUMNS, m.epoch(), String.format(Locale.ROOT, "%.4f", m.trainLoss()),
                m.regression() ? number(m.trainRmse()) : percent(m.trainAccuracy()), String.format(Locale.ROOT, "%.4f", m.testLoss()),
                m.regression() ? number(m.testRmse()) : percent(m.testAccuracy()),
                String.format(Locale.ROOT, "%,d", m.kinks().totalHits()), String.format(Locale.ROOT, "%,d", m.kinks().totalNdfHits()),
                Progress.duration(m.seconds()));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /**
     * What a run without any kink hit means: no activation or pooling input was exactly on a kink, so
     * every step's loss was differentiable there and AD's gradient was its derivative.
     */
    static String noKinkHit(KinkTelemetry k) {
        Long correct = k.verdicts().get(Verdict.DIFFERENTIABLE_CORRECT);
        if (correct != null && correct == k.steps()) {
            return String.format(Locale.ROOT, "No kink hit in %,d steps: every step's gradient certified DIFFERENTIABLE_CORRECT",
                    k.steps());
        }
        return String.format(Locale.ROOT, "No kink hit in %,d steps: no input of a kinked layer was exactly on a kink,"
                + " so every gradient is the loss's derivative", k.steps());
    }

    static void summary(PrintWriter out, Trainer.Result r) {
        KinkTelemetry k = r.kinks();
        EpochMetrics last = r.epochs().get(r.epochs().size() - 1);
        out.println(last.regression()
                ? String.format(Locale.ROOT, "result    test rmse %.4g (mse %.4g), %d steps, %s", last.testRmse(), last.testLoss(),
                        k.steps(), Progress.duration(r.seconds()))
                : String.format(Locale.ROOT, "result    test accuracy %.2f%%, %d steps, %s",
                        100 * r.testAccuracy(), k.steps(), Progress.duration(r.seconds())));
        out.println("kinks     " + lowerFirst(kinkHeadline(k)));
        if (k.totalHits() == 0) {
            return;
        }
        List<Layer> ls = r.network().layers();
        for (int l = 0; l < ls.size(); l++) {
            if (kinky(ls.get(l)) || k.hits(l) > 0) {
                out.println(String.format(Locale.ROOT, "  layer %d %-14s hits %,d   non-zero adjoint %,d",
                        l, ls.get(l).describe(), k.hits(l), k.ndfHits(l)));
            }
        }
        Map<Verdict, Long> v = k.verdicts();
        if (!v.isEmpty()) {
            StringBuilder sb = new StringBuilder("verdicts ");
            v.forEach((verdict, n) -> sb.append(' ').append(verdict).append(String.format(Locale.ROOT, " %,d", n)));
            out.println(sb);
        }
    }

    /** One sentence on the run's kinks (without the final period): their counts, or what none means. */
    static String kinkHeadline(KinkTelemetry k) {
        if (k.totalHits() == 0) {
            return noKinkHit(k);
        }
        return String.format(Locale.ROOT, "%,d kink hits in %,d of %,d steps; %,d with a non-zero adjoint, in %,d steps"
                + " (where the loss may not be differentiable)", k.totalHits(), k.stepsWithHits(), k.steps(),
                k.totalNdfHits(), k.ndfSteps());
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** A CSV file's class names with their indices, e.g. {@code cat = 0, dog = 1}. */
    static String classNames(java.util.List<String> names) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            b.append(k == 0 ? "" : ", ").append(names.get(k)).append(" = ").append(k);
        }
        return b.toString();
    }

    static JsonObject json(String dataName, Split data, TrainConfig c, String optimizer, Trainer.Result r) {
        JsonObject o = new JsonObject();
        KinkTelemetry k = r.kinks();
        o.addProperty("data", dataName);
        o.addProperty("trainSize", data.train().size());
        o.addProperty("testSize", data.test().size());
        o.addProperty("network", r.network().toString());
        o.addProperty("parameters", r.network().parameterCount());
        o.addProperty("optimizer", optimizer);
        o.addProperty("policy", c.policy().name());
        o.addProperty("dtype", c.dtype().id());
        o.addProperty("epochs", c.epochs());
        o.addProperty("batch", c.batch());
        o.addProperty("seed", c.seed());
        o.addProperty("loss", c.loss().id());
        EpochMetrics lastEpoch = r.epochs().get(r.epochs().size() - 1);
        if (lastEpoch.regression()) {
            o.addProperty("testRmse", lastEpoch.testRmse());
        } else {
            o.addProperty("testAccuracy", r.testAccuracy());
        }
        o.addProperty("testLoss", r.epochs().get(r.epochs().size() - 1).testLoss());
        o.addProperty("steps", k.steps());
        o.addProperty("kinkHits", k.totalHits());
        o.addProperty("ndfHits", k.totalNdfHits());
        o.addProperty("ndfSteps", k.ndfSteps());
        o.addProperty("stepsWithHits", k.stepsWithHits());
        o.addProperty("seconds", r.seconds());
        JsonArray layers = new JsonArray();
        List<Layer> ls = r.network().layers();
        for (int l = 0; l < ls.size(); l++) {
            if (kinky(ls.get(l)) || k.hits(l) > 0) {
                JsonObject lo = new JsonObject();
                lo.addProperty("index", l);
                lo.addProperty("layer", ls.get(l).describe());
                lo.addProperty("hits", k.hits(l));
                lo.addProperty("ndfHits", k.ndfHits(l));
                layers.add(lo);
            }
        }
        o.add("layers", layers);
        JsonObject verdicts = new JsonObject();
        k.verdicts().forEach((v, n) -> verdicts.addProperty(v.name(), n));
        o.add("verdicts", verdicts);
        JsonArray epochs = new JsonArray();
        for (EpochMetrics m : r.epochs()) {
            JsonObject e = new JsonObject();
            e.addProperty("epoch", m.epoch());
            e.addProperty("steps", m.steps());
            e.addProperty("trainLoss", m.trainLoss());
            e.addProperty("testLoss", m.testLoss());
            if (m.regression()) {
                e.addProperty("trainRmse", m.trainRmse());
                e.addProperty("testRmse", m.testRmse());
            } else {
                e.addProperty("trainAccuracy", m.trainAccuracy());
                e.addProperty("testAccuracy", m.testAccuracy());
            }
            e.addProperty("kinkHits", m.kinks().totalHits());
            e.addProperty("ndfHits", m.kinks().totalNdfHits());
            e.addProperty("ndfSteps", m.kinks().ndfSteps());
            JsonArray per = new JsonArray();
            for (int l = 0; l < ls.size(); l++) {
                per.add(m.kinks().hits(l));
            }
            e.add("hitsPerLayer", per);
            e.addProperty("seconds", m.seconds());
            epochs.add(e);
        }
        o.add("history", epochs);
        return o;
    }
}
