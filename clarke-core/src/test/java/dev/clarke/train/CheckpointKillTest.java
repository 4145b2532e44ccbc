package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process saving a checkpoint over and over is killed (SIGKILL) at random moments and at the moment
 * the file on disk changes (when an in-place save would have just truncated it); after every kill
 * the checkpoint on disk must load and be one whole version: every parameter equal to the same
 * version number, and that number one the child had started or finished saving.
 */
class CheckpointKillTest {

    @TempDir
    Path dir;

    /** Returns as soon as {@code file}'s size, time or identity changes: the moment a save touches it. */
    private static void awaitChange(Path file, long deadline) throws java.io.IOException {
        String before = state(file);
        while (state(file).equals(before) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static String state(Path file) throws java.io.IOException {
        try {
            var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return "missing";
        }
    }

    /** The versions the child reported saved, one per complete line. */
    private static List<Integer> versions(Path log) throws java.io.IOException {
        List<Integer> out = new java.util.ArrayList<>();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
            out.add(Integer.parseInt(line.trim()));
        }
        return out;
    }

    @Test
    void theOldCheckpointSurvivesAKillDuringSave() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Sequential net = CheckpointSaveLoop.network();
        Checkpoint.save(file, net, CheckpointSaveLoop.constant(net, 0), dev.clarke.tensor.DType.F32, java.util.Map.of());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(13);
        int next = 1;
        for (int kill = 0; kill < 6; kill++) {
            Path log = dir.resolve("saved-" + kill + ".log");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CheckpointSaveLoop.class.getName(), file.toString(), Integer.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(log.toFile()).start();
            // wait for the first finished save, so that the kill falls among saves, then kill after 0-150 ms
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (versions(log).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(!versions(log).isEmpty(), "the saving process did not save");
            if (kill % 2 == 0) {
                Thread.sleep(random.nextInt(150));
            } else {
                awaitChange(file, deadline);
            }
            p.destroyForcibly();
            p.waitFor();
            List<Integer> done = versions(log);
            int lastDone = done.get(done.size() - 1);
            Files.delete(log);
            List<Tensor> loaded = Checkpoint.load(file, net);
            double v = loaded.get(0).get(0);
            for (Tensor t : loaded) {
                for (int i = 0; i < t.size(); i++) {
                    assertEquals(v, t.get(i), 0, "a parameter of another version: the file mixes two saves");
                }
            }
            assertTrue(v == lastDone || v == lastDone + 1, "version " + v + " after version " + lastDone + " was saved");
            next = lastDone + 2;
        }
        try (var s = Files.list(dir)) {
            assertTrue(s.allMatch(f -> f.equals(file) || f.getFileName().toString().endsWith(".part")),
                    "only the checkpoint and, from killed saves, temporaries named .*.part");
        }
    }
}
