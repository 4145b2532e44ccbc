package dev.clarke.tensor;

import java.util.List;

/**
 * Kernels that move elements without arithmetic: reshape (a view sharing storage), transpose of two
 * axes, slice and concat (copies with {@link System#arraycopy} of contiguous runs).
 */
final class Layout {

    private Layout() {
    }

    static Tensor reshape(Tensor x, Shape s) {
        if (s.size() != x.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape() + " (" + x.size() + " elements) to "
                    + s + " (" + s.size() + " elements); the sizes must match");
        }
        return s.equals(x.shape()) ? x : Tensor.view(x, s);
    }

    static Tensor transpose(Tensor x, int axis0, int axis1) {
        Shape s = x.shape();
        int p = Math.min(s.axis(axis0), s.axis(axis1));
        int q = Math.max(s.axis(axis0), s.axis(axis1));
        if (p == q) {
            return x;
        }
        int[] dims = s.dims();
        int outerN = s.outer(p), dp = dims[p], dq = dims[q], innerN = s.inner(q);
        int mid = 1;
        for (int i = p + 1; i < q; i++) {
            mid *= dims[i];
        }
        dims[p] = dq;
        dims[q] = dp;
        Shape out = Shape.of(dims);
        Object src = data(x), dst = Buffers.storage(x.dtype(), x.size());
        if (innerN == 1 && mid == 1) {
            matrixTranspose(src, dst, outerN, dp, dq);
            return make(out, x.dtype(), dst);
        }
        // in: [outer, dp, mid, dq, inner] -> out: [outer, dq, mid, dp, inner]
        int o = 0;
        for (int a = 0; a < outerN; a++) {
            for (int j = 0; j < dq; j++) {
                for (int b = 0; b < mid; b++) {
                    for (int i = 0; i < dp; i++) {
                        int from = (((a * dp + i) * mid + b) * dq + j) * innerN;
                        System.arraycopy(src, from, dst, o, innerN);
                        o += innerN;
                    }
                }
            }
        }
        return make(out, x.dtype(), dst);
    }

    static Tensor slice(Tensor x, int axis, int start, int end) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int d = s.dim(ax);
        if (start < 0 || start > end || end > d) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is not within axis " + axis
                    + " of shape " + s + "; need 0 <= start <= end <= " + d);
        }
        if (start == 0 && end == d) {
            return x;
        }
        int outerN = s.outer(ax), innerN = s.inner(ax), len = (end - start) * innerN;
        Object src = data(x), dst = Buffers.storage(x.dtype(), outerN * len);
        for (int o = 0; o < outerN; o++) {
            System.arraycopy(src, (o * d + start) * innerN, dst, o * len, len);
        }
        return make(s.withDim(ax, end - start), x.dtype(), dst);
    }

    static Tensor concat(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given; pass at least one");
        }
        Tensor first = xs.get(0);
        Shape s0 = first.shape();
        if (s0.rank() == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate scalars; reshape them to [1] first");
        }
        int ax = s0.axis(axis);
        int total = 0;
        for (Tensor t : xs) {
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: dtypes differ: " + first.dtype().id() + " and "
                        + t.dtype().id() + "; convert with Tensor.to(DType) first");
            }
            if (t.rank() != s0.rank() || !t.shape().withDim(ax, 0).equals(s0.withDim(ax, 0))) {
                throw new IllegalArgumentException("concat: shapes " + s0 + " and " + t.shape()
                        + " differ outside axis " + axis + "; all dimensions but the concatenation axis must match");
            }
            total += t.shape().dim(ax);
        }
        Shape out = s0.withDim(ax, total);
        int outerN = s0.outer(ax), innerN = s0.inner(ax);
        Object dst = Buffers.storage(first.dtype(), out.size());
        int pos = 0;
        for (int o = 0; o < outerN; o++) {
            for (Tensor t : xs) {
                int len = t.shape().dim(ax) * innerN;
                System.arraycopy(data(t), o * len, dst, pos, len);
                pos += len;
            }
        }
        return make(out, first.dtype(), dst);
    }

    /** Transposes {@code outerN} row-major {@code r x c} matrices, in tiles for locality. */
    private static void matrixTranspose(Object src, Object dst, int outerN, int r, int c) {
        final int tile = 32;
        double[] sd = src instanceof double[] ? (double[]) src : null, dd = sd != null ? (double[]) dst : null;
        float[] sf = sd == null ? (float[]) src : null, df = sd == null ? (float[]) dst : null;
        for (int a = 0, base = 0; a < outerN; a++, base += r * c) {
            for (int i0 = 0; i0 < r; i0 += tile) {
                for (int j0 = 0; j0 < c; j0 += tile) {
                    for (int i = i0, ie = Math.min(r, i0 + tile); i < ie; i++) {
                        for (int j = j0, je = Math.min(c, j0 + tile); j < je; j++) {
                            if (sd != null) {
                                dd[base + j * r + i] = sd[base + i * c + j];
                            } else {
                                df[base + j * r + i] = sf[base + i * c + j];
                            }
                        }
                    }
                }
            }
        }
    }

    private static Object data(Tensor x) {
        return x.doubleData() != null ? x.doubleData() : x.floatData();
    }

    private static Tensor make(Shape s, DType t, Object data) {
        return t == DType.F64 ? Tensor.wrap(s, (double[]) data) : Tensor.wrap(s, t, (float[]) data);
    }
}
