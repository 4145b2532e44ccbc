package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.train.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by train: never replaced unasked, bad paths refused before training, same run same bytes. */
class OutputFilesTest {

    @TempDir
    Path dir;

    private static void assertRefusedBeforeTraining(CliRun r, String option) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("clarke train: " + option), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.out().contains("epoch"), "no training before the path check: " + r.out());
    }

    @Test
    void anExistingCheckpointIsKeptWithoutForce() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Files.writeString(f, "the user's file");
        CliRun r = CliRun.of("train", "--epochs", "1", "--save", f.toString());
        assertRefusedBeforeTraining(r, "--save");
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("the user's file", Files.readString(f));
    }

    @Test
    void anExistingReportIsKeptWithoutForce() throws IOException {
        Path rep = Files.createDirectories(dir.resolve("rep"));
        Files.writeString(rep.resolve("loss.png"), "mine");
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--report", rep.toString()), "--report");
        assertEquals("mine", Files.readString(rep.resolve("loss.png")));
        assertEquals(1, Files.list(rep).count());
    }

    @Test
    void badOutputPathsAreRefusedBeforeTraining() throws IOException {
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--save", dir.resolve("no/such/m.st").toString()), "--save");
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--save", dir.toString()), "--save");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--report", file.toString()), "--report");
        assertEquals(List.of("plain"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }

    /** A directory that permissions call writable but that refuses files (/proc, even for root) is found by trying. */
    @Test
    void aDirectoryThatRefusesFilesIsFoundBeforeTraining() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--save", "/proc/model.safetensors"), "--save");
        assertRefusedBeforeTraining(CliRun.of("train", "--epochs", "1", "--report", "/proc/report"), "--report");
    }

    @Test
    void anExistingPlotIsKeptWithoutForce() throws IOException {
        Path png = Files.writeString(dir.resolve("bif.png"), "mine");
        CliRun r = CliRun.of("bifurcation", "--width", "4", "--draws", "2", "--plot", png.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("clarke bifurcation: --plot") && r.err().contains("--force"), r.err());
        assertTrue(r.out().isEmpty(), "no draw before the path check: " + r.out());
        assertEquals("mine", Files.readString(png));
        assertEquals(0, CliRun.of("bifurcation", "--width", "4", "--draws", "2", "--plot", png.toString(), "--force").code());
        assertTrue(Files.size(png) > 100, "replaced by the chart");
    }

    /** Two identical runs write identical bytes; with --force the second replaces the first's files. */
    @Test
    void theSameRunWritesTheSameBytes() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Path rep = dir.resolve("rep");
        String[] args = {"train", "--epochs", "1", "--batch", "400", "--save", f.toString(), "--report", rep.toString(), "--force"};
        assertEquals(0, CliRun.of(args).code());
        byte[] ckpt = Files.readAllBytes(f);
        List<byte[]> report = new ArrayList<>();
        for (String name : TrainReport.FILES) {
            report.add(Files.readAllBytes(rep.resolve(name)));
        }
        assertEquals(0, CliRun.of(args).code());
        assertArrayEquals(ckpt, Files.readAllBytes(f));
        for (int i = 0; i < report.size(); i++) {
            assertArrayEquals(report.get(i), Files.readAllBytes(rep.resolve(TrainReport.FILES.get(i))), TrainReport.FILES.get(i));
        }
        List<String> keys = new ArrayList<>(SafeTensors.read(f).metadata().keySet());
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(sorted, keys, "metadata keys in sorted order");
        try (var s = Files.list(dir)) {
            assertEquals(List.of("m.safetensors", "rep"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
