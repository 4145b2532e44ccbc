package dev.clarke.tensor;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntConsumer;

/**
 * The default pure-Java {@link Kernels}: unary kernels are flat loops here; binary kernels live in
 * {@link Elementwise}, reductions in {@link Reduce}, matrix products in {@link MatMul} and
 * {@link Gemm}, and element moves in {@link Layout}.
 */
class JavaKernels implements Kernels {

    static final JavaKernels INSTANCE = new JavaKernels();

    /** For {@link VectorKernels}, which overrides the kernels it speeds up. */
    JavaKernels() {
    }

    /** The common dtype of the operands of {@code op}, or an error naming both. */
    static DType sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype().id() + a.shape() + " and "
                    + b.dtype().id() + b.shape() + "; convert one with Tensor.to(DType)");
        }
        return a.dtype();
    }

    @Override
    public Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] out = Buffers.doubles(x.size());
        double[] d = x.doubleData();
        float[] fl = x.floatData();
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(d != null ? d[i] : fl[i]);
        }
        return Tensor.fromDoubles(x.shape(), x.dtype(), out);
    }

    @Override
    public Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        return Elementwise.zip(a, b, f);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return Elementwise.binary(Elementwise.Op.ADD, a, b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return Elementwise.binary(Elementwise.Op.SUB, a, b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return Elementwise.binary(Elementwise.Op.MUL, a, b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return Elementwise.binary(Elementwise.Op.DIV, a, b);
    }

    @Override
    public Tensor mulStrong(Tensor g, Tensor d) {
        return Elementwise.binary(Elementwise.Op.MUL_STRONG, g, d);
    }

    @Override
    public Tensor neg(Tensor x) {
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(s.length);
            for (int i = 0; i < s.length; i++) {
                out[i] = -s[i];
            }
            return Tensor.wrap(x.shape(), out);
        }
        float[] s = x.floatData(), out = Buffers.floats(s.length);
        for (int i = 0; i < s.length; i++) {
            out[i] = -s[i];
        }
        return Tensor.wrap(x.shape(), x.dtype(), out);
    }

    @Override
    public Tensor scale(Tensor x, double c) {
        DType t = x.dtype();
        if (t == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(s.length);
            for (int i = 0; i < s.length; i++) {
                out[i] = c * s[i];
            }
            return Tensor.wrap(x.shape(), out);
        }
        float[] s = x.floatData(), out = Buffers.floats(s.length);
        if (t == DType.F32) {
            for (int i = 0; i < s.length; i++) {
                out[i] = (float) (c * s[i]);
            }
        } else {
            for (int i = 0; i < s.length; i++) {
                out[i] = (float) t.round(c * s[i]);
            }
        }
        return Tensor.wrap(x.shape(), t, out);
    }

    @Override
    public Tensor sgdStep(Tensor w, Tensor g, double lr, float[] into) {
        DType t = checkSgdStep(w, g, into.length, true);
        float[] ws = w.floatData(), gs = g.floatData();
        if (t == DType.F32) {
            for (int i = 0; i < into.length; i++) {
                into[i] = ws[i] - (float) (lr * gs[i]);
            }
        } else {
            for (int i = 0; i < into.length; i++) {
                into[i] = (float) t.round(ws[i] - t.round(lr * gs[i]));
            }
        }
        return Tensor.wrap(w.shape(), t, into);
    }

    @Override
    public Tensor sgdStep(Tensor w, Tensor g, double lr, double[] into) {
        checkSgdStep(w, g, into.length, false);
        double[] ws = w.doubleData(), gs = g.doubleData();
        for (int i = 0; i < into.length; i++) {
            into[i] = ws[i] - lr * gs[i];
        }
        return Tensor.wrap(w.shape(), into);
    }

    /** The dtype of an SGD step's operands, or an error saying what does not fit. */
    static DType checkSgdStep(Tensor w, Tensor g, int intoLength, boolean floatStorage) {
        DType t = sameDtype("sgdStep", w, g);
        if (!w.shape().equals(g.shape())) {
            throw new IllegalArgumentException("sgdStep: parameter " + w.shape() + " and gradient " + g.shape()
                    + " differ in shape");
        }
        if (t.usesFloatStorage() != floatStorage || intoLength != w.size()) {
            throw new IllegalArgumentException("sgdStep: destination " + (floatStorage ? "float" : "double") + "["
                    + intoLength + "] does not fit " + t.id() + w.shape() + "; pass "
                    + (t.usesFloatStorage() ? "float" : "double") + "[" + w.size() + "]");
        }
        return t;
    }

    @Override
    public Tensor relu(Tensor x, IntConsumer zeroHits) {
        // Kink detection is fused into the value loop: one pass, a compare per element, and a
        // call only on an exact hit (either zero).
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(s.length);
            if (zeroHits == null) {
                for (int i = 0; i < s.length; i++) {
                    out[i] = Math.max(s[i], 0.0); // +0.0 for either zero, NaN propagates
                }
            } else {
                for (int i = 0; i < s.length; i++) {
                    double v = s[i];
                    out[i] = Math.max(v, 0.0);
                    if (v == 0) {
                        zeroHits.accept(i);
                    }
                }
            }
            return Tensor.wrap(x.shape(), out);
        }
        float[] s = x.floatData(), out = Buffers.floats(s.length);
        if (zeroHits == null) {
            for (int i = 0; i < s.length; i++) {
                out[i] = Math.max(s[i], 0f);
            }
        } else {
            for (int i = 0; i < s.length; i++) {
                float v = s[i];
                out[i] = Math.max(v, 0f);
                if (v == 0) {
                    zeroHits.accept(i);
                }
            }
        }
        return Tensor.wrap(x.shape(), x.dtype(), out);
    }

    @Override
    public Tensor reluSlope(Tensor x, double atZero) {
        double z = x.dtype().round(atZero);
        double[] out = Buffers.doubles(x.size());
        for (int i = 0; i < out.length; i++) {
            double v = x.get(i);
            out[i] = v > 0 ? 1.0 : v < 0 ? 0.0 : v == 0 ? z : v;
        }
        return Tensor.fromDoubles(x.shape(), x.dtype(), out);
    }

    @Override
    public Tensor where(Tensor mask, Tensor a, Tensor b) {
        DType t = sameDtype("where", a, b);
        Broadcast p = Broadcast.of("where", mask.shape(), a.shape(), b.shape());
        int size = p.out.size(), n = p.inner();
        int sm = p.innerStride(0), sa = p.innerStride(1), sb = p.innerStride(2);
        Broadcast.Cursor c = p.cursor();
        double[] out = Buffers.doubles(size);
        for (int r = 0, rows = p.rows(); r < rows && size > 0; r++, c.next()) {
            for (int i = 0, o = r * n; i < n; i++) {
                out[o + i] = mask.get(c.off[0] + i * sm) != 0 ? a.get(c.off[1] + i * sa) : b.get(c.off[2] + i * sb);
            }
        }
        return Tensor.fromDoubles(p.out, t, out);
    }

    @Override
    public boolean allFinite(Tensor x) {
        return x.allFinite();
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return MatMul.matmul(a, b, transA, transB);
    }

    @Override
    public Tensor sum(Tensor x) {
        return Reduce.sumAll(x);
    }

    @Override
    public Tensor sum(Tensor x, int axis, boolean keepDim) {
        return Reduce.sum(x, axis, keepDim);
    }

    @Override
    public Tensor sumTo(Tensor x, Shape target) {
        return Reduce.sumTo(x, target);
    }

    @Override
    public Tensor broadcastTo(Tensor x, Shape target) {
        return Reduce.broadcastTo(x, target);
    }

    @Override
    public Tensor max(Tensor x, int axis, boolean keepDim) {
        return Reduce.extremum(x, axis, keepDim, true);
    }

    @Override
    public Tensor min(Tensor x, int axis, boolean keepDim) {
        return Reduce.extremum(x, axis, keepDim, false);
    }

    @Override
    public Tensor reshape(Tensor x, Shape s) {
        return Layout.reshape(x, s);
    }

    @Override
    public Tensor transpose(Tensor x, int axis0, int axis1) {
        return Layout.transpose(x, axis0, axis1);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        return Layout.slice(x, axis, start, end);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return Layout.concat(xs, axis);
    }
}
