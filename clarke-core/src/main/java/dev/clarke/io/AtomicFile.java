package dev.clarke.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers, a crash or a kill see either the complete old contents or the
 * complete new ones: the bytes go to a temporary file in the same directory, which is forced to disk
 * ({@link FileChannel#force}), then renamed onto the target ({@code ATOMIC_MOVE}), and the directory
 * is forced too where the platform allows it. Without {@code replace} an existing target is never
 * touched: the new file is linked into place only if the name is still free, atomically.
 */
public final class AtomicFile {

    /** What writes the contents to the temporary file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the whole contents to {@code out} (do not close it).
         *
         * @param out the temporary file's stream; do not close it
         * @throws IOException if writing fails; the temporary file is then removed
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Temporaries being written. On an orderly JVM exit (Ctrl-C, SIGTERM) a hook deletes those left:
     * the target is then untouched (if the rename had not happened) or already whole (if it had).
     */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // nothing more can be done while the JVM exits
                }
            }
        }, "clarke-atomic-file-cleanup"));
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code bytes} to {@code target}; see {@link #write(Path, boolean, Body)}.
     *
     * @param target the file to write; its directory must exist
     * @param replace whether an existing {@code target} may be replaced
     * @param bytes the whole contents
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists and {@code replace}
     *     is false
     * @throws IOException if the directory is missing or not writable, or the disk is full (nothing
     *     is left behind)
     */
    public static void write(Path target, boolean replace, byte[] bytes) throws IOException {
        write(target, replace, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to write; its directory must exist
     * @param replace whether an existing {@code target} may be replaced
     * @param body writes the whole contents to the temporary file's stream
     * @throws FileAlreadyExistsException if {@code target} exists and {@code replace} is false (it is left as it was)
     * @throws IOException if the directory is missing or not writable, or the disk is full (nothing is left behind)
     */
    public static void write(Path target, boolean replace, Body body) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (!replace && Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = createTemporary(dir, file.getFileName().toString());
        PENDING.add(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            if (replace) {
                moveOnto(tmp, file);
            } else {
                linkIfFree(tmp, file);
            }
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            PENDING.remove(tmp);
        }
        forceDirectory(dir);
    }

    private static void moveOnto(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A new empty file {@code .NAME.RANDOM.part} next to the target, created with the default permissions
     * (the user's umask), unlike {@link Files#createTempFile}, which makes it private.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Puts {@code tmp} at {@code file} only if that name is free: a hard link where supported, else a plain move. */
    private static void linkIfFree(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Files.move(tmp, file);
            return;
        }
        Files.delete(tmp);
    }

    /** Forces the directory entry to disk; platforms that cannot open a directory (Windows) are skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The rename itself is atomic; only its durability across a power loss is then up to the platform.
        }
    }
}
