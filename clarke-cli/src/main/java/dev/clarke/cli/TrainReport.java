package dev.clarke.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.clarke.train.Trainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code --report DIR} of {@code clarke train}: index.html (the kink headline, every number of
 * metrics.json and the plots), metrics.json (the --json object without its timings, so that the same
 * run writes the same bytes) and loss.png, accuracy.png, kinks.png, each written atomically.
 */
final class TrainReport {

    /** The files a report writes. */
    static final List<String> FILES = List.of("index.html", "metrics.json", "loss.png", "accuracy.png", "kinks.png");

    private TrainReport() {
    }

    static void write(Path dir, boolean force, JsonObject metrics, Trainer.Result r, StepHistory history) {
        JsonObject m = withoutTimings(metrics);
        byte[] json = (Json.print(m) + "\n").getBytes(StandardCharsets.UTF_8);
        Outputs.write("--report", dir.resolve("metrics.json"), force, out -> out.write(json));
        Plots.training(dir, force, r, history);
        byte[] html = HtmlReport.render(m, TrainOutput.kinkHeadline(r.kinks()) + ".").getBytes(StandardCharsets.UTF_8);
        Outputs.write("--report", dir.resolve("index.html"), force, out -> out.write(html));
    }

    /** A deep copy of {@code o} without its "seconds" members, which differ from run to run. */
    static JsonObject withoutTimings(JsonObject o) {
        JsonObject copy = o.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonElement e) {
        if (e.isJsonObject()) {
            e.getAsJsonObject().remove("seconds");
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                strip(m.getValue());
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(TrainReport::strip);
        }
    }
}
