package dev.clarke.cli;

import com.google.gson.JsonObject;
import dev.clarke.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --report DIR} of {@code clarke train}: metrics.json (the --json object) and loss.png, accuracy.png, kinks.png. */
final class TrainReport {

    private TrainReport() {
    }

    static void write(Path dir, JsonObject metrics, Trainer.Result r) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("metrics.json"), Json.print(metrics) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput("--report " + dir + ": cannot write: " + e.getMessage());
        }
        Plots.training(dir, r);
    }
}
