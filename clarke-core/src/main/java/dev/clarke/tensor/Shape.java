package dev.clarke.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape: a list of non-negative dimensions, row-major. Rank 0 is a scalar of
 * size 1. Axes may be given negatively, {@code -1} being the last.
 */
public final class Shape {

    /** The rank-0 shape, of size 1. */
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long s = 1;
        for (int d : dims) {
            s *= d;
            if (s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
        this.size = (int) s;
    }

    /**
     * A shape with the given dimensions (none: the scalar shape).
     *
     * @throws IllegalArgumentException if a dimension is negative
     * @param dims the dimensions
     * @return the shape
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative dimension");
            }
        }
        return new Shape(dims.clone());
    }

    /**
     * Number of axes.
     *
     * @return the number of axes
     */
    public int rank() {
        return dims.length;
    }

    /**
     * Length of {@code axis}, which may be negative ({@code -1} = last).
     *
     * @param axis the axis
     * @return its length
     */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /**
     * A copy of the dimensions.
     *
     * @return the dimensions
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Number of elements (product of the dimensions; 1 for a scalar).
     *
     * @return the number of elements
     */
    public int size() {
        return size;
    }

    /**
     * Normalises a possibly negative axis to {@code 0..rank-1}.
     *
     * @throws IllegalArgumentException if the axis is outside {@code -rank..rank-1}
     * @param axis the axis, possibly negative
     * @return the axis in {@code 0..rank-1}
     */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + this);
        }
        return a;
    }

    /**
     * The numpy broadcast of two shapes: align on the right; each pair of dimensions must be equal
     * or one of them 1.
     *
     * @throws IllegalArgumentException if the shapes do not broadcast
     * @param o the other shape
     * @return the broadcast shape
     */
    public Shape broadcastWith(Shape o) {
        if (this.equals(o)) {
            return this;
        }
        int r = Math.max(rank(), o.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int a = i - (r - rank()) >= 0 ? dims[i - (r - rank())] : 1;
            int b = i - (r - o.rank()) >= 0 ? o.dims[i - (r - o.rank())] : 1;
            if (a != b && a != 1 && b != 1) {
                throw new IllegalArgumentException("shapes " + this + " and " + o + " do not broadcast");
            }
            out[i] = a == 1 ? b : a;
        }
        return new Shape(out);
    }

    /**
     * True if this shape broadcasts to exactly {@code target} (target is the broadcast of both).
     *
     * @param target the target shape
     * @return whether it broadcasts
     */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    /**
     * This shape with {@code axis} removed.
     *
     * @param axis the axis
     * @return the shape
     */
    public Shape withoutAxis(int axis) {
        int a = axis(axis);
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, a);
        System.arraycopy(dims, a + 1, out, a, dims.length - a - 1);
        return out.length == 0 ? SCALAR : new Shape(out);
    }

    /**
     * This shape with the length of {@code axis} replaced by {@code n}.
     *
     * @param axis the axis
     * @param n the new length
     * @return the shape
     */
    public Shape withDim(int axis, int n) {
        int a = axis(axis);
        if (n < 0) {
            throw new IllegalArgumentException("withDim: negative dimension " + n + " for shape " + this);
        }
        int[] out = dims.clone();
        out[a] = n;
        return new Shape(out);
    }

    /**
     * Row-major strides, in elements (the last axis has stride 1).
     *
     * @return the strides
     */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of the dimensions before {@code axis} (normalised). */
    int outer(int axis) {
        int p = 1;
        for (int i = 0; i < axis; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** Product of the dimensions after {@code axis} (normalised). */
    int inner(int axis) {
        int p = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            p *= dims[i];
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** E.g. {@code "[2, 3]"}; {@code "[]"} for a scalar. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
