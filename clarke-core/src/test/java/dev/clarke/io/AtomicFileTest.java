package dev.clarke.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: new files, refused and allowed replacement, and nothing left behind by a failed write. */
class AtomicFileTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesANewFileAndNothingElse() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFile.write(f, false, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void refusesToReplaceUnlessAsked() throws IOException {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "old");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFile.write(f, false, "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
        AtomicFile.write(f, true, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(f, true, out -> {
            out.write("half of the new conte".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    /** A process stopped (SIGTERM, as Ctrl-C) in the middle of a write leaves the old file and no temporary. */
    @Test
    void aStoppedWriterLeavesNoTemporary() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "old");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowWrite.class.getName(), f.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("writing", line);
        assertEquals(2, names().size(), "the temporary exists while writing: " + names());
        p.destroy();
        p.waitFor();
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void aMissingDirectoryIsAnIoError() {
        assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("no/such/dir/a"), false, new byte[1]));
    }
}
