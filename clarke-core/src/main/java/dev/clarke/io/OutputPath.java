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

    /** What prevents writing the file {@code target}, or null if nothing does. */
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
            return Files.isWritable(existing) ? null : "cannot be created: " + existing + " is not writable";
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
        return Files.isWritable(d) ? null : "is not writable";
    }

    private static String directoryProblem(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return "its directory " + dir + " does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        if (!Files.isWritable(dir)) {
            return "its directory " + dir + " is not writable";
        }
        return null;
    }
}
