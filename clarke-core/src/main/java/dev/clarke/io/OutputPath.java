package dev.clarke.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks, before any long work, that an output can be written where it is asked for: the
 * directory exists (or can be created) and is writable, the name is not a directory, and an
 * existing file is replaced only when allowed. Each check answers with what is wrong, in words, or
 * null when the path is fine.
 */
public final class OutputPath {

    private OutputPath() {
    }

    /**
     * What prevents writing the file {@code target}, or null if nothing does.
     *
     * @param target the file to be written
     * @param replace whether an existing file may be replaced
     * @return a short reason to follow the path in a message, such as
     *     {@code "already exists; add --force to replace it, or choose another name"}, or null if the
     *     file can be written
     */
    public static String fileProblem(Path target, boolean replace) {
        Path file = target.toAbsolutePath().normalize();
        if (file.getFileName() == null) {
            return "is not a file name";
        }
        if (Files.isDirectory(file)) {
            return "is a directory; give a file name";
        }
        if (Files.exists(file) && !replace) {
            return "already exists; add --force to replace it, or choose another name";
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return "exists and is not a regular file";
        }
        return directoryProblem(file.getParent());
    }

    /**
     * What prevents writing the files {@code names} into directory {@code dir} (created if missing),
     * or null if nothing does.
     *
     * @param dir the directory, created when missing
     * @param names the files' names within it
     * @param replace whether existing files may be replaced
     * @return a short reason, or null if every file can be written
     */
    public static String directoryFilesProblem(Path dir, List<String> names, boolean replace) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            return "exists and is not a directory";
        }
        if (!Files.exists(d)) {
            Path existing = d.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing)) {
                return "cannot be created: no existing parent directory";
            }
            String probe = probe(existing);
            return probe == null ? null : "cannot be created: " + existing + " " + probe;
        }
        for (String name : names) {
            Path f = d.resolve(name);
            if (Files.isDirectory(f)) {
                return "holds a directory named " + name + " where a file goes";
            }
            if (Files.exists(f) && !replace) {
                return "already holds " + name + "; add --force to replace the report, or choose another directory";
            }
        }
        return probe(d);
    }

    private static String directoryProblem(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return "its directory " + dir + " does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        String probe = probe(dir);
        return probe == null ? null : "its directory " + dir + " " + probe;
    }

    /**
     * Whether a file can be created in {@code dir}, found by creating (and deleting) an empty one:
     * permissions alone do not say it (a superuser passes every permission check, yet cannot write
     * to a read-only file system or /proc). Null if it can, else why not.
     */
    private static String probe(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".clarke-probe-", ".tmp"));
            return null;
        } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            return "is not writable (" + why + ")";
        }
    }
}
