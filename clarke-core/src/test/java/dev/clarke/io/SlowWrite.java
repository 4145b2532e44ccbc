package dev.clarke.io;

import java.nio.file.Path;

/** A child process for {@link AtomicFileTest}: starts an atomic write that never finishes, says so, and waits to be stopped. */
public final class SlowWrite {

    private SlowWrite() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFile.write(Path.of(args[0]), true, out -> {
            out.write("half".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
