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

    static String epochLine(EpochMetrics m) {
        return String.format(Locale.ROOT, "epoch %3d  loss %.4f  acc %6.2f%%  test loss %.4f  test acc %6.2f%%  kinks %d (%d non-zero adjoint)  %s",
                m.epoch(), m.trainLoss(), 100 * m.trainAccuracy(), m.testLoss(), 100 * m.testAccuracy(),
                m.kinks().totalHits(), m.kinks().totalNdfHits(), Progress.duration(m.seconds()));
    }

    static void summary(PrintWriter out, Trainer.Result r) {
        KinkTelemetry k = r.kinks();
        out.println(String.format(Locale.ROOT, "result    test accuracy %.2f%%, %d steps, %s",
                100 * r.testAccuracy(), k.steps(), Progress.duration(r.seconds())));
        out.println("kinks     " + k.totalHits() + " hits in " + k.stepsWithHits() + " steps; " + k.totalNdfHits()
                + " with non-zero adjoint, in " + k.ndfSteps() + " steps (where the loss may not be differentiable)");
        List<Layer> ls = r.network().layers();
        for (int l = 0; l < ls.size(); l++) {
            if (kinky(ls.get(l)) || k.hits(l) > 0) {
                out.println(String.format(Locale.ROOT, "  layer %d %-14s hits %d   non-zero adjoint %d",
                        l, ls.get(l).describe(), k.hits(l), k.ndfHits(l)));
            }
        }
        Map<Verdict, Long> v = k.verdicts();
        if (!v.isEmpty()) {
            StringBuilder sb = new StringBuilder("verdicts ");
            v.forEach((verdict, n) -> sb.append(' ').append(verdict).append(' ').append(n));
            out.println(sb);
        }
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
        o.addProperty("testAccuracy", r.testAccuracy());
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
            e.addProperty("trainAccuracy", m.trainAccuracy());
            e.addProperty("testLoss", m.testLoss());
            e.addProperty("testAccuracy", m.testAccuracy());
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
