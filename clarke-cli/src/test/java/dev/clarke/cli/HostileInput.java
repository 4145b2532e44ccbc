package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * The property every command keeps on any input: it exits 0 or 2, within {@link #TIME}; on 2 the
 * error stream holds one message line of at most {@link Messages#MAX_LINE} characters (plus, for a
 * syntax error, the source window and a caret), never a stack trace; and it leaves no file behind.
 */
final class HostileInput {

    /** The longest a command may take on a fuzzed input. */
    static final Duration TIME = Duration.ofSeconds(20);

    private HostileInput() {
    }

    /** Runs {@code args} and checks the property; {@code dir} (may be null) must hold the same files afterwards. */
    static CliRun check(Path dir, String... args) {
        List<String> before = list(dir);
        CliRun r = Assertions.assertTimeoutPreemptively(TIME, () -> CliRun.of(args), () -> "took longer than " + TIME);
        assertTrue(r.code() == 0 || r.code() == 2, "exit code " + r.code() + ": " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
        if (r.code() == 2) {
            List<String> lines = r.err().lines().collect(Collectors.toList());
            String command = args.length == 0 ? "" : args[0];
            assertTrue(lines.get(0).startsWith("clarke " + command + ":") || lines.get(0).startsWith("clarke:"), lines.get(0));
            assertTrue(lines.size() <= 3, lines.size() + " lines: " + r.err());
            for (String l : lines) {
                assertTrue(l.length() <= Messages.MAX_LINE + 4, () -> l.length() + " characters: " + l.substring(0, 100));
            }
        }
        assertEquals(before, list(dir), "files left behind");
        return r;
    }

    /** Deletes {@code dirs} and everything in them (the fuzz tests' scratch directories). */
    static void deleteAll(Path... dirs) throws IOException {
        for (Path d : dirs) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }

    private static List<String> list(Path dir) {
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
