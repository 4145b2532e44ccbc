package dev.clarke.audit;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of {@code n} vectors (one per batch) by a fixed binary tree over the batch indices, so that
 * the floating-point result depends on the terms only — not on the order they arrive in nor on how
 * the batches were split between machines. The tree is the dyadic one over {@code [0, n)}: a node
 * covering {@code [a, a + 2s)} is its left child plus its right child ({@code left[i] + right[i]}),
 * or its left child alone when the right one lies past {@code n}. A partial sum holds the nodes it has
 * completed; adding a term or merging another partial sum combines siblings as soon as both are
 * present, so {@link #merge} is associative and commutative, bit for bit, and a sum holding every term
 * has the root alone. Pairwise summation also bounds the rounding error by O(log n) ulps rather than
 * the O(n) of a running sum.
 */
public final class PairwiseSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A completed tree node: it covers {@code [start, start + size)} (cut at n). */
    private record Node(int size, double[] value) implements Serializable {
    }

    /** The number of terms of the whole sum. */
    private final int n;
    /** The length of every term. */
    private final int length;
    /** The completed nodes, by their first term: disjoint, no two of them siblings. */
    private final TreeMap<Integer, Node> nodes = new TreeMap<>();

    /**
     * An empty sum.
     *
     * @param n      the number of terms of the whole sum (leaves of the tree), at least 1
     * @param length the length of every term
     */
    public PairwiseSum(int n, int length) {
        if (n < 1 || length < 0) {
            throw new IllegalArgumentException("a pairwise sum needs at least one term and a length >= 0");
        }
        this.n = n;
        this.length = length;
    }

    /**
     * Adds term {@code index}; the array is kept, not copied.
     *
     * @param index the term's leaf, from 0 to n - 1, not added before
     * @param term  its value, of the sum's length
     */
    public void add(int index, double[] term) {
        if (index < 0 || index >= n || term.length != length) {
            throw new IllegalArgumentException("term " + index + " of length " + term.length + " does not fit a sum of "
                    + n + " terms of length " + length);
        }
        insert(index, new Node(1, term));
    }

    /**
     * Adds the terms of {@code other}, a sum of the same shape over disjoint terms.
     *
     * @param other the other partial sum (left unchanged)
     * @return this
     */
    public PairwiseSum merge(PairwiseSum other) {
        if (other.n != n || other.length != length) {
            throw new IllegalArgumentException("cannot merge pairwise sums of different shapes");
        }
        for (Map.Entry<Integer, Node> e : other.nodes.entrySet()) {
            insert(e.getKey(), e.getValue());
        }
        return this;
    }

    /**
     * Whether every term has been added.
     *
     * @return true when the root is complete
     */
    public boolean complete() {
        return nodes.size() == 1 && nodes.firstKey() == 0 && nodes.firstEntry().getValue().size() >= n;
    }

    /**
     * The sum of all the terms.
     *
     * @return the root's value (shared; do not modify)
     * @throws IllegalStateException if some term is missing
     */
    public double[] total() {
        if (!complete()) {
            throw new IllegalStateException("the pairwise sum is missing some of its " + n + " terms");
        }
        return nodes.firstEntry().getValue().value();
    }

    private void insert(int start, Node node) {
        int a = start;
        Node cur = node;
        Node clash = nodes.get(a);
        if (clash != null || overlaps(a, cur.size())) {
            throw new IllegalArgumentException("term " + a + " was added twice");
        }
        while (cur.size() < n || a != 0) {
            int s = cur.size();
            if (a % (2 * s) == 0) {   // a left child
                if (a + s >= n) {   // no right sibling within [0, n): the parent is this node
                    cur = new Node(2 * s, cur.value());
                    continue;
                }
                Node right = nodes.get(a + s);
                if (right == null || right.size() != s) {
                    break;
                }
                nodes.remove(a + s);
                cur = new Node(2 * s, add(cur.value(), right.value()));
            } else {
                Node left = nodes.get(a - s);
                if (left == null || left.size() != s) {
                    break;
                }
                nodes.remove(a - s);
                a -= s;
                cur = new Node(2 * s, add(left.value(), cur.value()));
            }
        }
        nodes.put(a, cur);
    }

    private boolean overlaps(int a, int size) {
        Map.Entry<Integer, Node> before = nodes.floorEntry(a);
        if (before != null && before.getKey() + before.getValue().size() > a) {
            return true;
        }
        Integer after = nodes.ceilingKey(a);
        return after != null && after < a + size;
    }

    private static double[] add(double[] left, double[] right) {
        double[] out = new double[left.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = left[i] + right[i];
        }
        return out;
    }
}
