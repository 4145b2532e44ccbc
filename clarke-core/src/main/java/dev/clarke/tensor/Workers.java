package dev.clarke.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads that share the parts of a large product with the calling thread.
 *
 * <p>A training step makes a handful of products a few hundred microseconds apart, each split in
 * parts of 50–300 µs. Handing a part to a parked thread costs a wake-up of tens of microseconds on a
 * virtual machine, once to start the part and once more to report its end — a large fraction of the
 * part itself. So a worker that runs out of parts spins (with {@link Thread#onSpinWait}) for
 * {@link #SPIN_NANOS} before it parks, and a caller waiting for a part spins as long before it parks:
 * back-to-back products then pass parts without any wake-up. An idle pool parks after the spin and
 * costs nothing.
 *
 * <p>No caller ever waits for a part that no thread has started: after running its own part the
 * caller claims and runs every part still queued, so nested or concurrent calls cannot deadlock.
 */
final class Workers {

    /** How long an idle worker, or a waiting caller, spins before parking. */
    static final long SPIN_NANOS = 200_000;

    private final ConcurrentLinkedQueue<Part> queue = new ConcurrentLinkedQueue<>();
    private final Thread[] threads;
    /** Worker i's thread while it is parked (or about to park), else null. */
    private final AtomicReferenceArray<Thread> waiting;

    /** A pool of {@code n} daemon workers named {@code name}. */
    Workers(int n, String name) {
        threads = new Thread[n];
        waiting = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            final int w = i;
            threads[i] = new Thread(() -> loop(w), name);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Runs every part, on the workers and the calling thread; returns when all have finished. */
    void runAll(List<Part> parts) {
        for (int q = 1; q < parts.size(); q++) {
            queue.add(parts.get(q));
        }
        wakeIdle(parts.size() - 1);
        parts.get(0).run();
        for (Part p; (p = queue.poll()) != null; ) {
            p.run();
        }
        for (Part part : parts) {
            part.await();
        }
    }

    private void wakeIdle(int wanted) {
        for (int i = 0; i < waiting.length() && wanted > 0; i++) {
            Thread t = waiting.get(i);
            if (t != null) {
                LockSupport.unpark(t);
                wanted--;
            }
        }
    }

    private void loop(int w) {
        while (true) {
            Part p = queue.poll();
            if (p != null) {
                p.run();
                continue;
            }
            long until = System.nanoTime() + SPIN_NANOS;
            while (queue.isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (queue.isEmpty()) {
                waiting.set(w, Thread.currentThread());
                if (queue.isEmpty()) { // re-check after announcing, so a part added meanwhile is not missed
                    LockSupport.park(this);
                }
                waiting.set(w, null);
            }
        }
    }

    /** A block of work that exactly one thread runs: whichever claims it first. */
    static final class Part implements Runnable {
        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Part.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Runnable body;
        /** Set by the one thread that runs the part (a field, not an AtomicBoolean: one object fewer per part). */
        private volatile boolean claimed;
        private volatile boolean done;
        private volatile Thread waiter;
        private volatile Throwable failure;

        Part(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (CLAIMED.compareAndSet(this, false, true)) {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    done = true;
                    Thread t = waiter;
                    if (t != null) {
                        LockSupport.unpark(t);
                    }
                }
            }
        }

        /** Waits for the part (spinning first), then rethrows its failure, if any. */
        void await() {
            long until = System.nanoTime() + SPIN_NANOS;
            while (!done && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (!done) {
                waiter = Thread.currentThread();
                while (!done) {
                    LockSupport.park(this);
                }
                waiter = null;
            }
            if (failure instanceof RuntimeException) {
                throw (RuntimeException) failure;
            } else if (failure instanceof Error) {
                throw (Error) failure;
            } else if (failure != null) {
                throw new IllegalStateException("matmul: worker failed", failure);
            }
        }
    }
}
