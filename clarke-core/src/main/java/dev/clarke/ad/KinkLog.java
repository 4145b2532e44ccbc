package dev.clarke.ad;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every exact kink hit of an evaluation: node, primitive, element index (in the primitive's
 * output), kink point, and — once a backward pass has reached the node — the adjoint, the
 * cotangent at the primitive's output element. Stored in growable primitive arrays so that logging
 * costs nothing on elements that miss every kink.
 */
public final class KinkLog {

    /**
     * One hit.
     *
     * @param node    id of the node in its trace
     * @param op      the primitive's name
     * @param element flat index into the primitive's output
     * @param point   the kink point: the switching variable's value (the tie value for max/min)
     * @param adjoint cotangent at that output element after backward, NaN before
     */
    public record Hit(int node, String op, int element, double point, double adjoint) {

        /** {@return whether a backward pass has set the adjoint (it is NaN before)} */
        public boolean hasAdjoint() {
            return !Double.isNaN(adjoint);
        }
    }

    /**
     * The most hits the calling thread's previous logs grew to, up to {@link #MAX_HINT} (1.8 MB of
     * arrays): a log's first hit allocates that capacity, so a training step's log does not grow by
     * doubling again, copying its arrays a dozen times, at every step. A log that is never written
     * allocates nothing; a small log after a large one allocates at most the cap.
     */
    private static final ThreadLocal<int[]> GROWN_TO = ThreadLocal.withInitial(() -> new int[] {16});
    private static final int MAX_HINT = 1 << 16;

    private int size;
    private int[] nodes = new int[0];
    private String[] ops = new String[0];
    private int[] elements = new int[0];
    private double[] points = new double[0];
    private double[] adjoints = new double[0];
    private boolean enabled = true;

    /** {@return whether hits are recorded (turned off by {@link Trace#logKinks(boolean)})} */
    public boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    void add(int node, String op, int element, double point) {
        if (size == nodes.length) {
            int[] hint = GROWN_TO.get();
            int n = size == 0 ? hint[0] : size * 2;
            hint[0] = Math.max(hint[0], Math.min(n, MAX_HINT));
            nodes = Arrays.copyOf(nodes, n);
            ops = Arrays.copyOf(ops, n);
            elements = Arrays.copyOf(elements, n);
            points = Arrays.copyOf(points, n);
            adjoints = Arrays.copyOf(adjoints, n);
        }
        nodes[size] = node;
        ops[size] = op;
        elements[size] = element;
        points[size] = point;
        adjoints[size] = Double.NaN;
        size++;
    }

    void setAdjoint(int index, double adjoint) {
        if (Double.isNaN(adjoints[index])) {
            adjoints[index] = adjoint;
        }
    }

    int elementAt(int index) {
        return elements[index];
    }

    /** {@return the number of hits logged so far} */
    public int size() {
        return size;
    }

    /** {@return whether no kink was hit} */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Hit {@code i}.
     *
     * @param i the hit's position in logging order, in [0, {@link #size()})
     * @return a snapshot of that hit (its adjoint as of now)
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public Hit get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("kink hit " + i + " of " + size);
        }
        return new Hit(nodes[i], ops[i], elements[i], points[i], adjoints[i]);
    }

    /**
     * The node of hit {@code i}, read without making a {@link Hit} (for readers of many hits).
     *
     * @param i the hit's position, in [0, {@link #size()})
     * @return the id of its node in the trace
     */
    public int nodeOf(int i) {
        return nodes[Objects.checkIndex(i, size)];
    }

    /**
     * The element of hit {@code i}, as {@link #nodeOf}.
     *
     * @param i the hit's position, in [0, {@link #size()})
     * @return the flat index into its primitive's output
     */
    public int elementOf(int i) {
        return elements[Objects.checkIndex(i, size)];
    }

    /**
     * The kink point of hit {@code i}, as {@link #nodeOf}.
     *
     * @param i the hit's position, in [0, {@link #size()})
     * @return the switching variable's value
     */
    public double pointOf(int i) {
        return points[Objects.checkIndex(i, size)];
    }

    /**
     * The adjoint of hit {@code i}, as {@link #nodeOf}.
     *
     * @param i the hit's position, in [0, {@link #size()})
     * @return the cotangent at its output element, NaN before a backward pass reached it
     */
    public double adjointOf(int i) {
        return adjoints[Objects.checkIndex(i, size)];
    }

    /** {@return a read-only live view of the hits in logging order} */
    public List<Hit> hits() {
        return new AbstractList<>() {
            @Override
            public Hit get(int i) {
                return KinkLog.this.get(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /**
     * {@return the number of hits whose adjoint is non-zero: where the differentiated output is not
     * differentiable-by-certainty}
     */
    public long countNonZeroAdjoint() {
        long c = 0;
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(adjoints[i]) && adjoints[i] != 0) {
                c++;
            }
        }
        return c;
    }

    void clear() {
        size = 0;
    }
}
