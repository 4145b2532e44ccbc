package dev.clarke.tensor;

import java.util.function.IntConsumer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API backend ({@code jdk.incubator.vector}, species {@code SPECIES_PREFERRED} held in
 * {@code static final} fields): matrix products through {@link VectorGemm}, and F32/F64 fast paths
 * for the elementwise kernels of a training step — add, sub, mul, the strong-zero product (equal
 * shapes, or a row such as a bias broadcast along the last axis), relu with its kink detection in
 * the same loop, relu's slope, the SGD step, and every other piecewise family's value (with its kink
 * detection) and slope through {@link VectorPiecewise}. Everything else, and every other dtype or broadcast, is
 * {@link JavaKernels}'. Each fast path computes the same IEEE operation per element as the pure-Java
 * kernel, so the two backends agree bit for bit (tested). Only {@link KernelsChoice} creates it, and
 * only when the module is present.
 */
final class VectorKernels extends JavaKernels {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #DS} has doubles, for F32 kernels that compute in double. */
    private static final VectorSpecies<Float> FS_PER_DS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DS.length() * Float.SIZE));

    VectorKernels() {
    }

    @Override
    public String backend() {
        return "vector (" + FS.vectorBitSize() + "-bit: " + FS.length() + " floats, " + DS.length() + " doubles)";
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return MatMul.matmul(a, b, transA, transB, MatMul.THREADS, true);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        return Convolution.forward(x, w, bias, g, MatMul.THREADS, true);
    }

    @Override
    public Tensor conv2dInputGrad(Tensor gy, Tensor w, ConvGeometry g) {
        return Convolution.inputGrad(gy, w, g, MatMul.THREADS, true);
    }

    @Override
    public Tensor conv2dWeightGrad(Tensor x, Tensor gy, ConvGeometry g) {
        return Convolution.weightGrad(x, gy, g, MatMul.THREADS, true);
    }

    /** One IS_FINITE test per vector, then the tail. */
    @Override
    public boolean allFinite(Tensor x) {
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData();
            int i = 0;
            for (int bound = DS.loopBound(s.length); i < bound; i += DS.length()) {
                if (!DoubleVector.fromArray(DS, s, i).test(VectorOperators.IS_FINITE).allTrue()) {
                    return false;
                }
            }
            for (; i < s.length; i++) {
                if (!Double.isFinite(s[i])) {
                    return false;
                }
            }
            return true;
        }
        float[] s = x.floatData();
        int i = 0;
        for (int bound = FS.loopBound(s.length); i < bound; i += FS.length()) {
            if (!FloatVector.fromArray(FS, s, i).test(VectorOperators.IS_FINITE).allTrue()) {
                return false;
            }
        }
        for (; i < s.length; i++) {
            if (!Float.isFinite(s[i])) {
                return false;
            }
        }
        return true;
    }

    // ---- binary ---------------------------------------------------------------------------------

    private enum Bin { ADD, SUB, MUL, MUL_STRONG }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        Tensor r = binary(Bin.ADD, a, b);
        return r != null ? r : super.add(a, b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        Tensor r = binary(Bin.SUB, a, b);
        return r != null ? r : super.sub(a, b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        Tensor r = binary(Bin.MUL, a, b);
        return r != null ? r : super.mul(a, b);
    }

    @Override
    public Tensor mulStrong(Tensor g, Tensor d) {
        Tensor r = binary(Bin.MUL_STRONG, g, d);
        return r != null ? r : super.mulStrong(g, d);
    }

    /**
     * The fast path, or null when it does not apply: F32 or F64, equal dtypes, and either equal
     * shapes or {@code b} a vector as long as {@code a}'s last axis (rows of {@code a} in step with
     * {@code b}).
     */
    private static Tensor binary(Bin op, Tensor a, Tensor b) {
        DType t = a.dtype();
        if (t != b.dtype() || (t != DType.F32 && t != DType.F64)) {
            return null;
        }
        int n;
        Shape sa = a.shape(), sb = b.shape();
        if (a.size() == 1 && b.size() == 1 && sa.rank() == 0 && sb.rank() == 0) { // scalar programs
            if (t == DType.F64) {
                double u = a.doubleData()[0], v = b.doubleData()[0];
                double r = op == Bin.ADD ? u + v : op == Bin.SUB ? u - v : op == Bin.MUL ? u * v : u == 0 ? 0.0 : u * v;
                return Tensor.wrap(sa, new double[] {r}); // a scalar is not worth a workspace lookup
            }
            float u = a.floatData()[0], v = b.floatData()[0];
            float r = op == Bin.ADD ? u + v : op == Bin.SUB ? u - v : op == Bin.MUL ? u * v : u == 0 ? 0f : u * v;
            float[] o = new float[1];
            o[0] = r;
            return Tensor.wrap(sa, t, o);
        }
        if (sa.equals(sb)) {
            n = a.size();
        } else if (sb.rank() == 1 && sa.rank() >= 1 && sa.dim(-1) == sb.dim(0)) {
            n = sb.dim(0);
        } else {
            return null;
        }
        int size = a.size();
        if (t == DType.F32) {
            float[] x = a.floatData(), y = b.floatData(), o = Buffers.floats(size);
            for (int off = 0; off < size && n > 0; off += n) {
                rowF(op, x, off, y, o, n);
            }
            return Tensor.wrap(sa, t, o);
        }
        double[] x = a.doubleData(), y = b.doubleData(), o = Buffers.doubles(size);
        for (int off = 0; off < size && n > 0; off += n) {
            rowD(op, x, off, y, o, n);
        }
        return Tensor.wrap(sa, o);
    }

    /**
     * {@code o[off+i] = op(x[off+i], y[i])} for {@code i < n} (y's offset is 0: equal shapes have one
     * row). One loop per operation: a vector chosen by a switch inside the loop would be a merge of
     * several vectors, which C2 boxes on the heap instead of keeping in a register.
     */
    private static void rowF(Bin op, float[] x, int off, float[] y, float[] o, int n) {
        final int vl = FS.length(), bound = FS.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD:
                for (; i < bound; i += vl) {
                    FloatVector.fromArray(FS, x, off + i).add(FloatVector.fromArray(FS, y, i)).intoArray(o, off + i);
                }
                break;
            case SUB:
                for (; i < bound; i += vl) {
                    FloatVector.fromArray(FS, x, off + i).sub(FloatVector.fromArray(FS, y, i)).intoArray(o, off + i);
                }
                break;
            case MUL:
                for (; i < bound; i += vl) {
                    FloatVector.fromArray(FS, x, off + i).mul(FloatVector.fromArray(FS, y, i)).intoArray(o, off + i);
                }
                break;
            default:
                for (; i < bound; i += vl) {
                    FloatVector u = FloatVector.fromArray(FS, x, off + i);
                    u.mul(FloatVector.fromArray(FS, y, i)).blend(0f, u.compare(VectorOperators.EQ, 0f)).intoArray(o, off + i);
                }
                break;
        }
        for (; i < n; i++) {
            float u = x[off + i], v = y[i];
            switch (op) {
                case ADD: o[off + i] = u + v; break;
                case SUB: o[off + i] = u - v; break;
                case MUL: o[off + i] = u * v; break;
                default: o[off + i] = u == 0 ? 0f : u * v; break;
            }
        }
    }

    private static void rowD(Bin op, double[] x, int off, double[] y, double[] o, int n) {
        final int vl = DS.length(), bound = DS.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD:
                for (; i < bound; i += vl) {
                    DoubleVector.fromArray(DS, x, off + i).add(DoubleVector.fromArray(DS, y, i)).intoArray(o, off + i);
                }
                break;
            case SUB:
                for (; i < bound; i += vl) {
                    DoubleVector.fromArray(DS, x, off + i).sub(DoubleVector.fromArray(DS, y, i)).intoArray(o, off + i);
                }
                break;
            case MUL:
                for (; i < bound; i += vl) {
                    DoubleVector.fromArray(DS, x, off + i).mul(DoubleVector.fromArray(DS, y, i)).intoArray(o, off + i);
                }
                break;
            default:
                for (; i < bound; i += vl) {
                    DoubleVector u = DoubleVector.fromArray(DS, x, off + i);
                    u.mul(DoubleVector.fromArray(DS, y, i)).blend(0.0, u.compare(VectorOperators.EQ, 0.0)).intoArray(o, off + i);
                }
                break;
        }
        for (; i < n; i++) {
            double u = x[off + i], v = y[i];
            switch (op) {
                case ADD: o[off + i] = u + v; break;
                case SUB: o[off + i] = u - v; break;
                case MUL: o[off + i] = u * v; break;
                default: o[off + i] = u == 0 ? 0.0 : u * v; break;
            }
        }
    }

    // ---- SGD step -------------------------------------------------------------------------------

    /** Elements from which an F32 SGD step is split among the matmul workers. */
    static final int PARALLEL_STEP = 1 << 16;

    /**
     * F32: per vector of {@code DS.length()} elements, g widened to double (exact), times lr, rounded
     * to float, subtracted from w in float: the pure-Java kernel's {@code w - (float) (lr * g)}.
     */
    @Override
    public Tensor sgdStep(Tensor w, Tensor g, double lr, float[] into) {
        if (checkSgdStep(w, g, into.length, true) != DType.F32) {
            return super.sgdStep(w, g, lr, into);
        }
        float[] ws = w.floatData(), gs = g.floatData();
        int n = into.length;
        if (n < PARALLEL_STEP || MatMul.THREADS < 2) {
            sgdStep32(ws, gs, lr, into, 0, n);
        } else {   // a large layer's step on every core: each element is computed alone, so the bits do not change
            int parts = MatMul.THREADS;
            java.util.List<Workers.Part> work = new java.util.ArrayList<>();
            for (int q = 0; q < parts; q++) {
                int from = (int) ((long) n * q / parts) / FS_PER_DS.length() * FS_PER_DS.length();
                int to = q == parts - 1 ? n : (int) ((long) n * (q + 1) / parts) / FS_PER_DS.length() * FS_PER_DS.length();
                work.add(new Workers.Part(() -> sgdStep32(ws, gs, lr, into, from, to)));
            }
            MatMul.runParts(work);
        }
        return Tensor.wrap(w.shape(), DType.F32, into);
    }

    /** Elements from..to of the F32 step (from a multiple of the vector length). */
    private static void sgdStep32(float[] ws, float[] gs, double lr, float[] into, int from, int to) {
        int i = from;
        for (int bound = from + FS_PER_DS.loopBound(to - from); i < bound; i += FS_PER_DS.length()) {
            FloatVector gv = FloatVector.fromArray(FS_PER_DS, gs, i);
            DoubleVector scaled = ((DoubleVector) gv.convertShape(VectorOperators.F2D, DS, 0)).mul(lr);
            FloatVector step = (FloatVector) scaled.convertShape(VectorOperators.D2F, FS_PER_DS, 0);
            FloatVector.fromArray(FS_PER_DS, ws, i).sub(step).intoArray(into, i);
        }
        for (; i < to; i++) {
            into[i] = ws[i] - (float) (lr * gs[i]);
        }
    }

    /** F64: {@code w - lr * g} per vector, a multiply then a subtract (never fused). */
    @Override
    public Tensor sgdStep(Tensor w, Tensor g, double lr, double[] into) {
        checkSgdStep(w, g, into.length, false);
        double[] ws = w.doubleData(), gs = g.doubleData();
        int i = 0;
        for (int bound = DS.loopBound(into.length); i < bound; i += DS.length()) {
            DoubleVector step = DoubleVector.fromArray(DS, gs, i).mul(lr);
            DoubleVector.fromArray(DS, ws, i).sub(step).intoArray(into, i);
        }
        for (; i < into.length; i++) {
            into[i] = ws[i] - lr * gs[i];
        }
        return Tensor.wrap(w.shape(), into);
    }

    // ---- the piecewise families' kernels (VectorPiecewise) ---------------------------------------

    @Override
    public Tensor piecewise(Tensor x, PiecewiseKernel f, PiecewiseKernel.Hits hits) {
        return VectorPiecewise.values(x, f, hits);
    }

    @Override
    public Tensor piecewiseSlope(Tensor x, PiecewiseKernel f, double[] atKink) {
        return VectorPiecewise.slopes(x, f, atKink);
    }

    // ---- relu and its slope ------------------------------------------------------------------

    /**
     * relu with kink detection fused into the value loop: per vector, {@code x > 0 || isNaN(x) ? x : +0}
     * and one compare with 0 whose mask is tested once; only a vector holding a hit is scanned
     * lane by lane, so hits still arrive in increasing order.
     */
    @Override
    public Tensor relu(Tensor x, IntConsumer zeroHits) {
        if (x.dtype() == DType.F32) {
            float[] s = x.floatData(), out = Buffers.floats(s.length);
            int i = 0;
            for (int bound = FS.loopBound(s.length); i < bound; i += FS.length()) {
                FloatVector v = FloatVector.fromArray(FS, s, i);
                VectorMask<Float> keep = v.compare(VectorOperators.GT, 0f).or(v.test(VectorOperators.IS_NAN));
                FloatVector.zero(FS).blend(v, keep).intoArray(out, i);
                if (zeroHits != null && v.compare(VectorOperators.EQ, 0f).anyTrue()) {
                    for (int l = 0; l < FS.length(); l++) {
                        if (s[i + l] == 0) {
                            zeroHits.accept(i + l);
                        }
                    }
                }
            }
            for (; i < s.length; i++) {
                float v = s[i];
                out[i] = Math.max(v, 0f);
                if (zeroHits != null && v == 0) {
                    zeroHits.accept(i);
                }
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(s.length);
            int i = 0;
            for (int bound = DS.loopBound(s.length); i < bound; i += DS.length()) {
                DoubleVector v = DoubleVector.fromArray(DS, s, i);
                VectorMask<Double> keep = v.compare(VectorOperators.GT, 0.0).or(v.test(VectorOperators.IS_NAN));
                DoubleVector.zero(DS).blend(v, keep).intoArray(out, i);
                if (zeroHits != null && v.compare(VectorOperators.EQ, 0.0).anyTrue()) {
                    for (int l = 0; l < DS.length(); l++) {
                        if (s[i + l] == 0) {
                            zeroHits.accept(i + l);
                        }
                    }
                }
            }
            for (; i < s.length; i++) {
                double v = s[i];
                out[i] = Math.max(v, 0.0);
                if (zeroHits != null && v == 0) {
                    zeroHits.accept(i);
                }
            }
            return Tensor.wrap(x.shape(), out);
        }
        return super.relu(x, zeroHits);
    }

    @Override
    public Tensor reluSlope(Tensor x, double atZero) {
        if (x.dtype() == DType.F32) {
            float z = (float) atZero;
            float[] s = x.floatData(), out = Buffers.floats(s.length);
            int i = 0;
            FloatVector one = FloatVector.broadcast(FS, 1f), zero = FloatVector.zero(FS), zv = FloatVector.broadcast(FS, z);
            for (int bound = FS.loopBound(s.length); i < bound; i += FS.length()) {
                FloatVector v = FloatVector.fromArray(FS, s, i);
                v.blend(one, v.compare(VectorOperators.GT, 0f)).blend(zero, v.compare(VectorOperators.LT, 0f))
                        .blend(zv, v.compare(VectorOperators.EQ, 0f)).intoArray(out, i);
            }
            for (; i < s.length; i++) {
                float v = s[i];
                out[i] = v > 0 ? 1f : v < 0 ? 0f : v == 0 ? z : v;
            }
            return Tensor.wrap(x.shape(), x.dtype(), out);
        }
        if (x.dtype() == DType.F64) {
            double[] s = x.doubleData(), out = Buffers.doubles(s.length);
            int i = 0;
            DoubleVector one = DoubleVector.broadcast(DS, 1.0), zero = DoubleVector.zero(DS);
            DoubleVector zv = DoubleVector.broadcast(DS, atZero);
            for (int bound = DS.loopBound(s.length); i < bound; i += DS.length()) {
                DoubleVector v = DoubleVector.fromArray(DS, s, i);
                v.blend(one, v.compare(VectorOperators.GT, 0.0)).blend(zero, v.compare(VectorOperators.LT, 0.0))
                        .blend(zv, v.compare(VectorOperators.EQ, 0.0)).intoArray(out, i);
            }
            for (; i < s.length; i++) {
                double v = s[i];
                out[i] = v > 0 ? 1.0 : v < 0 ? 0.0 : v == 0 ? atZero : v;
            }
            return Tensor.wrap(x.shape(), out);
        }
        return super.reluSlope(x, atZero);
    }
}
