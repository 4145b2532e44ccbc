package dev.clarke.tensor;

/**
 * Reductions and their adjoints: full and axis sums (accumulated in double, rounded once per
 * output), {@code sumTo} and its adjoint {@code broadcastTo}, and axis max/min. An axis reduction
 * views its input as {@code [outer, d, inner]} and reduces the middle axis.
 */
final class Reduce {

    private Reduce() {
    }

    static Tensor sumAll(Tensor x) {
        double s = 0;
        double[] d = x.doubleData();
        if (d != null) {
            for (double v : d) {
                s += v;
            }
        } else {
            for (float v : x.floatData()) {
                s += v;
            }
        }
        return Tensor.scalar(s, x.dtype());
    }

    static Tensor sum(Tensor x, int axis, boolean keepDim) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int outer = s.outer(ax), d = s.dim(ax), inner = s.inner(ax);
        double[] acc = Buffers.zeroDoubles(outer * inner); // accumulated into
        double[] xd = x.doubleData();
        float[] xf = x.floatData();
        for (int o = 0; o < outer; o++) {
            int ao = o * inner;
            for (int j = 0; j < d; j++) {
                int xo = (o * d + j) * inner;
                if (xd != null) {
                    for (int i = 0; i < inner; i++) {
                        acc[ao + i] += xd[xo + i];
                    }
                } else {
                    for (int i = 0; i < inner; i++) {
                        acc[ao + i] += xf[xo + i];
                    }
                }
            }
        }
        return Tensor.fromDoubles(reduced(s, ax, keepDim), x.dtype(), acc);
    }

    static Tensor sumTo(Tensor x, Shape target) {
        if (!target.broadcastsTo(x.shape())) {
            throw new IllegalArgumentException("sumTo: target " + target + " does not broadcast to " + x.shape()
                    + "; the target must be a shape that broadcasting could have expanded to " + x.shape());
        }
        if (target.equals(x.shape())) {
            return x;
        }
        Broadcast p = Broadcast.to(x.shape(), target);
        double[] acc = Buffers.zeroDoubles(target.size()); // accumulated into
        double[] xd = x.doubleData();
        float[] xf = x.floatData();
        int n = p.inner(), st = p.innerStride(0);
        Broadcast.Cursor c = p.cursor();
        for (int r = 0, rows = p.rows(); r < rows && x.size() > 0; r++, c.next()) {
            int to = c.off[0], xo = r * n;
            if (st == 0) {
                double s = 0;
                if (xd != null) {
                    for (int i = 0; i < n; i++) {
                        s += xd[xo + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        s += xf[xo + i];
                    }
                }
                acc[to] += s;
            } else if (xd != null) {
                for (int i = 0; i < n; i++) {
                    acc[to + i] += xd[xo + i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    acc[to + i] += xf[xo + i];
                }
            }
        }
        return Tensor.fromDoubles(target, x.dtype(), acc);
    }

    static Tensor broadcastTo(Tensor x, Shape target) {
        if (!x.shape().broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + x.shape() + " does not broadcast to " + target
                    + "; aligned from the right, each dimension must equal the target's or be 1");
        }
        if (target.equals(x.shape())) {
            return x;
        }
        Broadcast p = Broadcast.to(target, x.shape());
        int n = p.inner(), st = p.innerStride(0), size = target.size();
        Broadcast.Cursor c = p.cursor();
        if (x.dtype() == DType.F64) {
            double[] src = x.doubleData(), out = Buffers.doubles(size);
            for (int r = 0, rows = p.rows(); r < rows && size > 0; r++, c.next()) {
                for (int i = 0, so = c.off[0], oo = r * n; i < n; i++) {
                    out[oo + i] = src[so + i * st];
                }
            }
            return Tensor.wrap(target, out);
        }
        float[] src = x.floatData(), out = Buffers.floats(size);
        for (int r = 0, rows = p.rows(); r < rows && size > 0; r++, c.next()) {
            for (int i = 0, so = c.off[0], oo = r * n; i < n; i++) {
                out[oo + i] = src[so + i * st];
            }
        }
        return Tensor.wrap(target, x.dtype(), out);
    }

    /** Max ({@code max = true}) or min along an axis, with {@link Math#max}/{@link Math#min} semantics. */
    static Tensor extremum(Tensor x, int axis, boolean keepDim, boolean max) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int outer = s.outer(ax), d = s.dim(ax), inner = s.inner(ax);
        if (d == 0) {
            throw new IllegalArgumentException((max ? "max" : "min") + ": axis " + axis + " of shape " + s
                    + " is empty; there is no extremum of zero elements");
        }
        double[] acc = Buffers.doubles(outer * inner); // each slot's first write is a plain store
        for (int o = 0; o < outer; o++) {
            int ao = o * inner;
            for (int i = 0; i < inner; i++) {
                acc[ao + i] = x.get(o * d * inner + i);
            }
            for (int j = 1; j < d; j++) {
                int xo = (o * d + j) * inner;
                for (int i = 0; i < inner; i++) {
                    double v = x.get(xo + i);
                    acc[ao + i] = max ? Math.max(acc[ao + i], v) : Math.min(acc[ao + i], v);
                }
            }
        }
        return Tensor.fromDoubles(reduced(s, ax, keepDim), x.dtype(), acc);
    }

    static Shape reduced(Shape s, int ax, boolean keepDim) {
        return keepDim ? s.withDim(ax, 1) : s.withoutAxis(ax);
    }
}
