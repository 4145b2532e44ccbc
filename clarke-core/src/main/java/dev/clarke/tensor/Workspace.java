package dev.clarke.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A pool of element arrays reused from one training step to the next, so that the steady state of
 * a loop of steps allocates no tensor storage.
 *
 * <pre>{@code
 * Workspace ws = new Workspace();
 * for (int step = 0; step < steps; step++) {
 *     try (Workspace.Scope s = ws.open()) {   // recycles everything the previous scope handed out
 *         Trace t = new Trace(policy, DType.F32);
 *         ... record the forward pass, t.grad(loss, leaves), update the parameters ...
 *     }
 * }
 * }</pre>
 *
 * <p>While a scope is open on a thread, the storage of every tensor made on that thread — results of
 * {@link Kernels}, tensor factories, conversions — comes from this workspace's free lists (by storage
 * type and length) instead of the heap; only a length not on a free list takes a fresh array
 * ({@link #freshAllocations()} counts them). Other threads are not affected, and without an open
 * scope tensors are allocated as usual. Recycled arrays are not cleared: every kernel either writes
 * each element of its output or asks for a zeroed array.
 *
 * <p><b>Validity.</b> A tensor made in a scope stays valid after the scope closes, until this
 * workspace's next scope opens: {@link #open()} puts every array handed out during the previous scope
 * back on the free lists, to be overwritten. Anything needed for longer — parameters, a loss history,
 * a tensor kept for a report — must be copied out before then (e.g. {@code Tensor.to} of another
 * dtype, or a {@code double[]} from {@link Tensor#toDoubleArray()}, which never comes from a
 * workspace), or made outside any scope. Parameters updated every step belong in arrays the caller
 * owns ({@link Kernels#sgdStep}).
 *
 * <p>A workspace serves one thread at a time and is not thread-safe; give each training thread its
 * own. Scopes of one workspace do not nest.
 */
public final class Workspace {

    private final Stock<float[]> floats = new Stock<>(float[]::new, a -> a.length);
    private final Stock<double[]> doubles = new Stock<>(double[]::new, a -> a.length);
    private Scope current;

    /** An empty workspace: its first scope allocates every array it hands out. */
    public Workspace() {
    }

    /**
     * Recycles every array handed out during the previous scope (the tensors made there become
     * invalid) and opens a scope on the calling thread.
     *
     * @throws IllegalStateException if a scope of this workspace is still open
     * @return the scope, to close
     */
    public Scope open() {
        if (current != null) {
            throw new IllegalStateException("Workspace.open: the previous scope (on thread " + current.thread.getName()
                    + ") is still open; close it first (try-with-resources)");
        }
        floats.recycle();
        doubles.recycle();
        current = new Scope(Buffers.bind(this));
        return current;
    }

    /**
     * How many arrays this workspace has taken from the heap so far; constant once steps repeat.
     *
     * @return the number of allocations
     */
    public long freshAllocations() {
        return floats.fresh + doubles.fresh;
    }

    /**
     * Bytes of all arrays this workspace holds, free or handed out.
     *
     * @return the number of bytes
     */
    public long bytesHeld() {
        return 4 * floats.elements + 8 * doubles.elements;
    }

    /** Fills every free array with NaN, so that a kernel reading its output before writing it shows (for tests). */
    void poisonFreeArrays() {
        floats.forEachFree(a -> Arrays.fill(a, Float.NaN));
        doubles.forEachFree(a -> Arrays.fill(a, Double.NaN));
    }

    float[] floats(int n) {
        return floats.take(n);
    }

    double[] doubles(int n) {
        return doubles.take(n);
    }

    /**
     * An open scope: closing it stops serving the thread from the workspace (the tensors made in it
     * stay valid until the workspace's next {@link Workspace#open()}).
     */
    public final class Scope implements AutoCloseable {

        private final Thread thread = Thread.currentThread();
        private final Workspace previous;
        private boolean closed;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        /**
         * Closes the scope; the thread returns to whatever served it before (another workspace's
         * scope, or the heap). Closing twice does nothing.
         *
         * @throws IllegalStateException if called from another thread than the one that opened it
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("Workspace.Scope.close: opened on thread " + thread.getName()
                        + ", closed on " + Thread.currentThread().getName());
            }
            closed = true;
            Buffers.bind(previous);
            current = null;
        }
    }

    /**
     * Arrays of one storage type: free lists by length (sorted lengths, binary search, so no boxing)
     * and the arrays handed out since the last {@link #recycle()}.
     */
    private static final class Stock<A> {

        private final IntFunction<A> make;
        private final ToIntFunction<A> length;
        private int[] lengths = new int[8];
        private final ArrayList<ArrayDeque<A>> free = new ArrayList<>();
        private final ArrayList<A> lent = new ArrayList<>();
        long fresh;
        long elements;

        Stock(IntFunction<A> make, ToIntFunction<A> length) {
            this.make = make;
            this.length = length;
        }

        A take(int n) {
            A a = freeList(n).poll();
            if (a == null) {
                a = make.apply(n);
                fresh++;
                elements += n;
            }
            lent.add(a);
            return a;
        }

        void recycle() {
            for (int i = 0, size = lent.size(); i < size; i++) {
                A a = lent.get(i);
                freeList(length.applyAsInt(a)).push(a);
            }
            lent.clear();
        }

        void forEachFree(Consumer<A> action) {
            for (ArrayDeque<A> list : free) {
                list.forEach(action);
            }
        }

        private ArrayDeque<A> freeList(int n) {
            int kinds = free.size();
            int at = Arrays.binarySearch(lengths, 0, kinds, n);
            if (at >= 0) {
                return free.get(at);
            }
            at = -at - 1;
            if (kinds == lengths.length) {
                lengths = Arrays.copyOf(lengths, 2 * kinds);
            }
            System.arraycopy(lengths, at, lengths, at + 1, kinds - at);
            lengths[at] = n;
            ArrayDeque<A> list = new ArrayDeque<>();
            free.add(at, list);
            return list;
        }
    }
}
