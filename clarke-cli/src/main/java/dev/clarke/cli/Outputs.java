package dev.clarke.cli;

import dev.clarke.io.AtomicFile;
import dev.clarke.io.OutputPath;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a command writes: checked before the work starts ({@link #checkFile}, {@link #checkDirectory})
 * and written atomically ({@link #write}), an existing file replaced only with {@code --force}.
 */
final class Outputs {

    private Outputs() {
    }

    /** Refuses, before any work, an output file {@code option FILE} that cannot be written. */
    static void checkFile(String option, Path file, boolean force) {
        String problem = OutputPath.fileProblem(file, force);
        if (problem != null) {
            throw new BadInput(option + " " + Messages.quote(file.toString()) + ": " + problem);
        }
    }

    /** Refuses, before any work, an output directory {@code option DIR} that cannot receive {@code names}. */
    static void checkDirectory(String option, Path dir, List<String> names, boolean force) {
        String problem = OutputPath.directoryFilesProblem(dir, names, force);
        if (problem != null) {
            throw new BadInput(option + " " + Messages.quote(dir.toString()) + ": " + problem);
        }
    }

    /** Writes {@code file} atomically for {@code option}, reporting failure as one line. */
    static void write(String option, Path file, boolean force, AtomicFile.Body body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFile.write(file, force, body);
        } catch (FileAlreadyExistsException e) {
            throw new BadInput(option + " " + Messages.quote(file.toString()) + ": already exists; add --force to replace it");
        } catch (IOException e) {
            throw new BadInput(option + " " + Messages.quote(file.toString()) + ": cannot write: " + Messages.reason(e));
        }
    }
}
