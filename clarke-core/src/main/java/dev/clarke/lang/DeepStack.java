package dev.clarke.lang;

import java.util.function.Supplier;

/**
 * Runs work that recurses over a program's tree on a thread whose stack holds the tallest tree the
 * parser admits ({@code docs/language.md}), whatever the caller's thread stack is. The interpreters
 * (parser, evaluator, lowering, printing) recurse once per level, and a JVM's default thread stack
 * (often 512 KiB to 1 MiB, less in some containers) does not hold 2,000 levels of them. Shallow
 * programs run on the caller's thread, so the common case costs nothing; a tall one pays for one
 * thread start. The command line runs every command on this thread ({@link #run(Supplier)}). The
 * stack is reserved, not committed: memory is used only as deep as the recursion
 * actually goes.
 */
public final class DeepStack {

    /** Trees at most this tall run on the caller's thread: any JVM stack (from 128 KiB) holds them. */
    static final int SHALLOW = 96;

    /** The stack size of the worker thread: room for the parser's height bound, many times over. */
    static final long STACK_BYTES = 256L << 20;

    private DeepStack() {
    }

    /**
     * The result of {@code work}, computed on a thread whose stack holds a recursion over
     * {@code program}'s tree; on the caller's thread when the program is shallow or the caller is
     * already such a thread. Exceptions and errors from {@code work} reach the caller unchanged.
     *
     * @param <T> the result's type
     * @param program the program whose tree {@code work} walks
     * @param work the work
     * @return what {@code work} returned
     */
    public static <T> T run(Program program, Supplier<T> work) {
        return run(program.height(), work);
    }

    /**
     * The result of {@code work}, computed on a thread with the deep stack whatever it does (the
     * command line runs every command so); on the caller's thread when it is already such a thread.
     *
     * @param <T> the result's type
     * @param work the work
     * @return what {@code work} returned
     */
    public static <T> T run(Supplier<T> work) {
        return run(Integer.MAX_VALUE, work);
    }

    /** As {@link #run(Program, Supplier)}, for a tree of the given height. */
    static <T> T run(int height, Supplier<T> work) {
        if (height <= SHALLOW || Thread.currentThread() instanceof Worker) {
            return work.get();
        }
        Worker w = new Worker(work);
        try {
            w.start();
        } catch (OutOfMemoryError cannotReserve) {
            return work.get(); // a platform that cannot reserve the stack runs on the caller's
        }
        boolean interrupted = false;
        while (true) {
            try {
                w.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the work is short and bounded: finish it, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (w.failure instanceof RuntimeException e) {
            throw e;
        } else if (w.failure instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T result = (T) w.result;
        return result;
    }

    /** The thread with the deep stack; work run from inside it stays on it. */
    private static final class Worker extends Thread {
        private final Supplier<?> work;
        private Object result;
        private Throwable failure;

        Worker(Supplier<?> work) {
            super(null, null, "clarke-deep-stack", STACK_BYTES);
            this.work = work;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
    }
}
