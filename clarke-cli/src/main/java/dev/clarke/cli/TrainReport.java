package dev.clarke.cli;

import com.google.gson.JsonObject;
import dev.clarke.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code --report DIR} of {@code clarke train}: index.html (every number and the plots), metrics.json
 * (the --json object) and loss.png, accuracy.png, kinks.png.
 */
final class TrainReport {

    private TrainReport() {
    }

    static void write(Path dir, JsonObject metrics, Trainer.Result r, StepHistory history) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("metrics.json"), Json.print(metrics) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput("--report " + dir + ": cannot write: " + e.getMessage());
        }
        Plots.training(dir, r, history);
        writeAtomically(dir.resolve("index.html"), HtmlReport.render(metrics, TrainOutput.kinkHeadline(r.kinks()) + "."));
    }

    /** Writes a temporary file in the same directory, forces it to disk and renames it over {@code file}. */
    private static void writeAtomically(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".index", ".tmp");
            try {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new BadInput("--report: cannot write " + file + ": " + e.getMessage());
        }
    }
}
