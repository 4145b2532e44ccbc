package dev.clarke.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable, contiguous, row-major n-dimensional array. F64 data lives in a {@code double[]},
 * F32, BF16 and F16 data in a {@code float[]} (BF16 and F16 values are exactly representable
 * there). Immutability is by contract: the raw arrays returned by {@link #doubleData()} and
 * {@link #floatData()}, and the arrays passed to {@code wrap}, must not be mutated. While a
 * {@link Workspace} scope is open on the calling thread, the storage of new tensors comes from that
 * workspace and is valid until its next scope opens.
 */
public final class Tensor {

    private static final int SHOWN = 6;

    private final Shape shape;
    private final DType dtype;
    private final double[] d;
    private final float[] f;

    private Tensor(Shape shape, DType dtype, double[] d, float[] f) {
        this.shape = shape;
        this.dtype = dtype;
        this.d = d;
        this.f = f;
    }

    /**
     * A rank-0 tensor holding {@code v} rounded to {@code t}.
     *
     * @param v the value
     * @param t the dtype
     * @return the scalar
     */
    public static Tensor scalar(double v, DType t) {
        if (t == DType.F64) { // one array, not the varargs array and its copy: scalar programs make millions
            return new Tensor(Shape.SCALAR, t, new double[] {v}, null); // a scalar is not worth a workspace lookup
        }
        float[] f = new float[1];
        f[0] = (float) t.round(v);
        return new Tensor(Shape.SCALAR, t, null, f);
    }

    /**
     * A tensor with the given values in row-major order, each rounded to {@code t}.
     *
     * @throws IllegalArgumentException if {@code values.length != s.size()}
     * @param t the dtype
     * @param s the shape
     * @param values the elements
     * @return the tensor
     */
    public static Tensor of(DType t, Shape s, double... values) {
        if (values.length != s.size()) {
            throw new IllegalArgumentException("Tensor.of: " + values.length + " values for shape " + s
                    + " of size " + s.size());
        }
        if (t == DType.F64) {
            double[] copy = Buffers.doubles(values.length);
            System.arraycopy(values, 0, copy, 0, values.length);
            return new Tensor(s, t, copy, null);
        }
        float[] out = Buffers.floats(values.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) t.round(values[i]);
        }
        return new Tensor(s, t, null, out);
    }

    /**
     * All zeros.
     *
     * @param s the shape
     * @param t the dtype
     * @return the tensor
     */
    public static Tensor zeros(Shape s, DType t) {
        return t == DType.F64 ? new Tensor(s, t, Buffers.zeroDoubles(s.size()), null)
                : new Tensor(s, t, null, Buffers.zeroFloats(s.size()));
    }

    /**
     * One-hot rows: shape {@code [labels.length, classes]}, 1 at column {@code labels[i]} of row
     * {@code i} and 0 elsewhere.
     *
     * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
     * @param labels the class of every row
     * @param classes the number of columns
     * @param t the dtype
     * @return the one-hot rows
     */
    public static Tensor oneHot(int[] labels, int classes, DType t) {
        Shape s = Shape.of(labels.length, classes);
        double[] d = t == DType.F64 ? Buffers.zeroDoubles(s.size()) : null;
        float[] f = d == null ? Buffers.zeroFloats(s.size()) : null;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at row " + i + " is outside [0, "
                        + classes + ")");
            }
            if (d != null) {
                d[i * classes + labels[i]] = 1;
            } else {
                f[i * classes + labels[i]] = 1;
            }
        }
        return new Tensor(s, t, d, f);
    }

    /**
     * All ones.
     *
     * @param s the shape
     * @param t the dtype
     * @return the tensor
     */
    public static Tensor ones(Shape s, DType t) {
        return full(s, t, 1.0);
    }

    /**
     * Every element {@code v} rounded to {@code t}.
     *
     * @param s the shape
     * @param t the dtype
     * @param v the value
     * @return the tensor
     */
    public static Tensor full(Shape s, DType t, double v) {
        if (t == DType.F64) {
            double[] out = Buffers.doubles(s.size());
            Arrays.fill(out, v);
            return new Tensor(s, t, out, null);
        }
        float[] out = Buffers.floats(s.size());
        Arrays.fill(out, (float) t.round(v));
        return new Tensor(s, t, null, out);
    }

    /**
     * An F64 tensor over {@code data}, without copying; the caller gives up the array.
     *
     * @throws IllegalArgumentException if {@code data.length != s.size()}
     * @param s the shape
     * @param data the elements, row-major
     * @return the tensor
     */
    public static Tensor wrap(Shape s, double[] data) {
        checkLength("wrap", s, data.length);
        return new Tensor(s, DType.F64, data, null);
    }

    /**
     * A float-storage tensor over {@code data}, without copying; the caller gives up the array and
     * guarantees every value is already representable in {@code t}.
     *
     * @throws IllegalArgumentException if {@code t} is F64 or the length is wrong
     * @param s the shape
     * @param t the dtype
     * @param data the elements, row-major
     * @return the tensor
     */
    public static Tensor wrap(Shape s, DType t, float[] data) {
        if (!t.usesFloatStorage()) {
            throw new IllegalArgumentException("wrap: float[] storage given for dtype f64; use wrap(Shape, double[])");
        }
        checkLength("wrap", s, data.length);
        return new Tensor(s, t, null, data);
    }

    /**
     * Standard normal samples rounded to {@code t}, from a {@link SplittableRandom} seeded with
     * {@code seed} (Box–Muller with {@link StrictMath}, so the values are the same on every JVM).
     *
     * @param s the shape
     * @param t the dtype
     * @param seed the seed
     * @return the samples
     */
    public static Tensor randn(Shape s, DType t, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = Buffers.doubles(s.size());
        for (int i = 0; i < v.length; i += 2) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]
            double u2 = rng.nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double th = 2.0 * Math.PI * u2;
            v[i] = r * StrictMath.cos(th);
            if (i + 1 < v.length) {
                v[i + 1] = r * StrictMath.sin(th);
            }
        }
        return fromDoubles(s, t, v);
    }

    /**
     * Uniform samples in {@code [lo, hi)} (before rounding to {@code t}) from a seeded {@link SplittableRandom}.
     *
     * @param s the shape
     * @param t the dtype
     * @param lo the lower bound
     * @param hi the upper bound
     * @param seed the seed
     * @return the samples
     */
    public static Tensor uniform(Shape s, DType t, double lo, double hi, long seed) {
        if (!(lo <= hi) || Double.isInfinite(hi - lo)) {
            throw new IllegalArgumentException("uniform: need finite lo <= hi, got [" + lo + ", " + hi + ")");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = Buffers.doubles(s.size());
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return fromDoubles(s, t, v);
    }

    /** Takes ownership of {@code v}, rounding it to {@code t} (no copy for F64). */
    static Tensor fromDoubles(Shape s, DType t, double[] v) {
        if (t == DType.F64) {
            return new Tensor(s, t, v, null);
        }
        float[] out = Buffers.floats(v.length);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) t.round(v[i]);
        }
        return new Tensor(s, t, null, out);
    }

    /** A tensor of the same storage as {@code x}, reinterpreted with shape {@code s} (same size). */
    static Tensor view(Tensor x, Shape s) {
        return new Tensor(s, x.dtype, x.d, x.f);
    }

    private static void checkLength(String op, Shape s, int n) {
        if (n != s.size()) {
            throw new IllegalArgumentException(op + ": array of length " + n + " for shape " + s + " of size " + s.size());
        }
    }

    /**
     * The shape.
     *
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Number of elements.
     *
     * @return the number of elements
     */
    public int size() {
        return shape.size();
    }

    /**
     * Number of axes.
     *
     * @return the number of axes
     */
    public int rank() {
        return shape.rank();
    }

    /**
     * The element at a row-major flat index.
     *
     * @param flatIndex the index
     * @return the element
     */
    public double get(int flatIndex) {
        return d != null ? d[flatIndex] : f[flatIndex];
    }

    /**
     * The single element of a size-1 tensor.
     *
     * @throws IllegalStateException if {@code size() != 1}
     * @return the element
     */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + size()
                    + " elements, not 1; reduce it first (e.g. sum)");
        }
        return get(0);
    }

    /**
     * A fresh copy of the elements as doubles.
     *
     * @return the copy
     */
    public double[] toDoubleArray() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /**
     * The raw F64 storage, or {@code null} for float-storage dtypes. Do not mutate.
     *
     * @return the storage, or null
     */
    public double[] doubleData() {
        return d;
    }

    /**
     * The raw float storage (F32, BF16, F16), or {@code null} for F64. Do not mutate.
     *
     * @return the storage, or null
     */
    public float[] floatData() {
        return f;
    }

    /**
     * This tensor converted (rounded) to {@code t}; {@code this} if already of that dtype.
     *
     * @param t the dtype
     * @return the converted tensor
     */
    public Tensor to(DType t) {
        if (t == dtype) {
            return this;
        }
        if (t == DType.F64) {
            double[] out = Buffers.doubles(size());
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
            return new Tensor(shape, t, out, null);
        }
        float[] out = Buffers.floats(size());
        if (d != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) t.round(d[i]);
            }
        } else if (t == DType.F32) {
            System.arraycopy(f, 0, out, 0, out.length); // every BF16/F16 value is a float
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) t.round(f[i]);
            }
        }
        return new Tensor(shape, t, null, out);
    }

    /**
     * True if no element is NaN or infinite.
     *
     * @return whether every element is finite
     */
    public boolean allFinite() {
        if (d != null) {
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        } else {
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Short description, e.g. {@code "f64[2, 3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]"}, elided after six values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.id()).append(shape).append(" [");
        int n = Math.min(size(), SHOWN);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(get(i));
        }
        if (size() > SHOWN) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
