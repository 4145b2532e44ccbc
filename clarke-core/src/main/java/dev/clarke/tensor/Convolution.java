package dev.clarke.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernels of a 2-D convolution (cross-correlation) and its two backward products, batched over
 * samples, with stride, zero padding, dilation and groups: {@link Kernels#conv2d},
 * {@link Kernels#conv2dInputGrad}, {@link Kernels#conv2dWeightGrad}, {@link Kernels#conv2dBiasGrad}.
 *
 * <p>The pure-Java backend computes each as one matrix product per sample (and group) on the
 * blocked kernels of {@link Gemm}, with the patch matrix of that one sample ({@link PatchMatrix}) built in
 * a per-thread scratch array that stays in cache, so the whole batch's patch matrix never exists. The arithmetic
 * is that of the patch-matrix formulation {@code y = im2col(x)·Wᵀ + bias} computed by the engine's
 * matmul: every output is the sum over the patch index (channel, kernel row, kernel column) in
 * increasing order from +0, one fused multiply-add per term, then the bias added; the weight
 * gradient sums over (sample, output row, output column) in increasing order, one sample's product
 * continuing the previous one's sums; the input gradient is the patch-matrix gradient (summed over
 * output channels in increasing order, rounded to the dtype) added back to the pixels in double,
 * patch row by patch row, and rounded once; the bias gradient sums in double over (sample, row,
 * column). The vector backend computes the same sums in the same order without patch matrices where
 * it can ({@link VectorConvForward}, {@link VectorConvInputGrad} and {@link VectorConvWeights} for
 * float storage), and else on {@link VectorGemm} and {@link VectorThinGemm}. So the results are the
 * same bits on both backends, for any number of threads (samples, or for the weight gradient its
 * patch indices, are split among the threads; each output element is computed by one thread in the
 * fixed order).
 */
final class Convolution {

    private static final ThreadLocal<Object[]> SCRATCH = ThreadLocal.withInitial(() -> new Object[8]); // float slots 0-3, double 4-7
    private static final int COLS = 0;
    private static final int GRAD_COLS = 1;
    private static final int PIXELS = 2;

    private Convolution() {
    }

    static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvGeometry g, int threads, boolean vector) {
        DType t = check("conv2d", x, w, g);
        if (bias != null && (bias.dtype() != t || !bias.shape().equals(Shape.of(g.outChannels())))) {
            throw new IllegalArgumentException("conv2d: bias " + bias.dtype().id() + bias.shape() + " should be "
                    + t.id() + Shape.of(g.outChannels()));
        }
        int batch = x.shape().dim(0), q = g.outHeight() * g.outWidth(), og = g.outChannels() / g.groups();
        int p = g.patchSize(), cg = g.inChannels() / g.groups();
        if ((long) batch * g.outChannels() * q > Integer.MAX_VALUE - 8 || (long) p * q > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("conv2d: output or patch matrix of more than 2^31 elements: batch "
                    + batch + ", " + g);
        }
        Object y = Buffers.storage(t, batch * g.outChannels() * q);
        Gemm.Geometry mm = new Gemm.Geometry(og, p, q, p, 1, q, 1, q, 1);
        VectorConvForward direct = vector && t == DType.F32 && VectorConvForward.fits(g) ? new VectorConvForward(g) : null;
        forEachSample(batch, threads, (long) g.outChannels() * p * q, (b0, b1) -> {
            Object cols = direct == null ? scratch(t, COLS, p * q) : null;
            for (int b = b0; b < b1; b++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    int xOff = (b * g.inChannels() + gi * cg) * g.height() * g.width();
                    int yOff = (b * g.outChannels() + gi * og) * q;
                    if (direct != null) {
                        direct.sample(x.floatData(), xOff, w.floatData(), gi, (float[]) y, yOff);
                    } else {
                        PatchMatrix.im2col(storage(x), xOff, g, 0, p, cols);
                        gemm(mm, storage(w), gi * og * p, cols, 0, y, yOff, false, vector);
                    }
                    finish(t, y, yOff, og * q, q, bias, gi * og);
                }
            }
        });
        return wrap(t, Shape.of(batch, g.outChannels(), g.outHeight(), g.outWidth()), y);
    }

    static Tensor inputGrad(Tensor gy, Tensor w, ConvGeometry g, int threads, boolean vector) {
        DType t = checkOutput("conv2dInputGrad", gy, w, g);
        int batch = gy.shape().dim(0), q = g.outHeight() * g.outWidth(), og = g.outChannels() / g.groups();
        int p = g.patchSize(), cg = g.inChannels() / g.groups(), plane = g.height() * g.width();
        Object gx = Buffers.storage(t, batch * g.inChannels() * plane);
        // The patch-matrix gradient of one sample and group, [q, p] = gyᵀ [q, og] · W [og, p].
        Gemm.Geometry mm = new Gemm.Geometry(q, og, p, 1, q, p, 1, p, 1);
        VectorConvInputGrad direct = vector && t == DType.F32 && VectorConvInputGrad.fits(g) ? new VectorConvInputGrad(g)
                : null;
        forEachSample(batch, threads, (long) g.outChannels() * p * q, (b0, b1) -> {
            for (int b = b0; b < b1 && direct != null; b++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    direct.sample(gy.floatData(), (b * g.outChannels() + gi * og) * q, w.floatData(), gi, (float[]) gx,
                            (b * g.inChannels() + gi * cg) * plane);
                }
            }
            if (direct != null) {
                return;
            }
            Object gcols = scratch(t, GRAD_COLS, p * q);
            double[] acc = (double[]) scratch(DType.F64, PIXELS, cg * plane);
            for (int b = b0; b < b1; b++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    gemm(mm, storage(gy), (b * g.outChannels() + gi * og) * q, storage(w), gi * og * p, gcols, 0,
                            false, vector);
                    roundAll(t, gcols, p * q);
                    java.util.Arrays.fill(acc, 0, cg * plane, 0.0);
                    PatchMatrix.col2im(gcols, g, acc);
                    store(t, acc, cg * plane, gx, (b * g.inChannels() + gi * cg) * plane);
                }
            }
        });
        return wrap(t, Shape.of(batch, g.inChannels(), g.height(), g.width()), gx);
    }

    static Tensor weightGrad(Tensor x, Tensor gy, ConvGeometry g, int threads, boolean vector) {
        DType t = check("conv2dWeightGrad", x, null, g);
        if (gy.dtype() != t || !gy.shape().equals(Shape.of(x.shape().dim(0), g.outChannels(), g.outHeight(),
                g.outWidth()))) {
            throw new IllegalArgumentException("conv2dWeightGrad: output gradient " + gy.dtype().id() + gy.shape()
                    + " does not fit input " + x.dtype().id() + x.shape() + " and " + g);
        }
        int batch = x.shape().dim(0), q = g.outHeight() * g.outWidth(), og = g.outChannels() / g.groups();
        int p = g.patchSize(), cg = g.inChannels() / g.groups();
        Object gw = batch == 0 ? Buffers.zeroStorage(t, g.outChannels() * p) : Buffers.storage(t, g.outChannels() * p);
        if (vector && t != DType.F64 && VectorConvWeights.fits(g, batch)) {
            VectorConvWeights.f32(x.floatData(), gy.floatData(), g, batch, (float[]) gw, threads);
            roundAll(t, gw, g.outChannels() * p);
            return wrap(t, Shape.of(g.outChannels(), cg, g.kernelH(), g.kernelW()), gw);
        }
        int parts = (long) batch * g.outChannels() * p * q < MatMul.PARALLEL_WORK ? 1 : Math.min(threads, p);
        List<Workers.Part> work = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            int p0 = (int) ((long) p * part / parts), p1 = (int) ((long) p * (part + 1) / parts);
            boolean floats = t != DType.F64;
            // float storage: gw[og, p0..p1) += gy [og, q] · colsᵀ [q, p0..p1), the transposed patch matrix
            // built per sample; F64: gwᵀ[p0..p1, og] += cols[p0..p1, q] · gyᵀ [q, og] into a scratch array
            Gemm.Geometry mm = floats ? new Gemm.Geometry(og, q, p1 - p0, q, 1, p1 - p0, 1, p, 1)
                    : new Gemm.Geometry(p1 - p0, q, og, q, 1, 1, q, og, 1);
            work.add(new Workers.Part(() -> {
                Object cols = scratch(t, COLS, (p1 - p0) * q);
                Object acc = scratch(t, GRAD_COLS, (p1 - p0) * og);
                for (int gi = 0; gi < g.groups() && batch > 0; gi++) {
                    for (int b = 0; b < batch; b++) {
                        int xOff = (b * g.inChannels() + gi * cg) * g.height() * g.width();
                        int gyOff = (b * g.outChannels() + gi * og) * q;
                        if (floats) {
                            PatchMatrix.im2colT(x.floatData(), xOff, g, p0, p1, (float[]) cols);
                            gemm(mm, storage(gy), gyOff, cols, 0, gw, gi * og * p + p0, b > 0, vector);
                        } else {
                            PatchMatrix.im2col(storage(x), xOff, g, p0, p1, cols);
                            gemm(mm, cols, 0, storage(gy), gyOff, acc, 0, b > 0, vector);
                        }
                    }
                    for (int r = 0; r < p1 - p0 && !floats; r++) {
                        PatchMatrix.copy(acc, r * og, 1, gw, gi * og * p + p0 + r, og, p);
                    }
                }
            }));
        }
        MatMul.runParts(work);
        roundAll(t, gw, g.outChannels() * p);
        return wrap(t, Shape.of(g.outChannels(), cg, g.kernelH(), g.kernelW()), gw);
    }

    /** Σ over (sample, row, column) of gy [B, O, OH, OW], in that order, in double, rounded once: [O]. */
    static Tensor biasGrad(Tensor gy) {
        if (gy.rank() != 4) {
            throw new IllegalArgumentException("conv2dBiasGrad: expects [B, O, OH, OW], got " + gy.shape());
        }
        int batch = gy.shape().dim(0), o = gy.shape().dim(1), q = gy.shape().dim(2) * gy.shape().dim(3);
        double[] sum = Buffers.zeroDoubles(o);
        float[] f = gy.floatData();
        double[] d = gy.doubleData();
        // Each channel's sum runs over (b, i) in increasing order, one rounding per add; eight channels
        // at a time keep eight independent chains of adds in flight (one chain waits on each add's
        // latency), and the last channels go one by one.
        int c = 0;
        for (; c + 8 <= o; c += 8) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int b = 0; b < batch; b++) {
                int i0 = (b * o + c) * q;
                if (f != null) {
                    for (int i = 0; i < q; i++) {
                        s0 += f[i0 + i];
                        s1 += f[i0 + q + i];
                        s2 += f[i0 + 2 * q + i];
                        s3 += f[i0 + 3 * q + i];
                        s4 += f[i0 + 4 * q + i];
                        s5 += f[i0 + 5 * q + i];
                        s6 += f[i0 + 6 * q + i];
                        s7 += f[i0 + 7 * q + i];
                    }
                } else {
                    for (int i = 0; i < q; i++) {
                        s0 += d[i0 + i];
                        s1 += d[i0 + q + i];
                        s2 += d[i0 + 2 * q + i];
                        s3 += d[i0 + 3 * q + i];
                        s4 += d[i0 + 4 * q + i];
                        s5 += d[i0 + 5 * q + i];
                        s6 += d[i0 + 6 * q + i];
                        s7 += d[i0 + 7 * q + i];
                    }
                }
            }
            sum[c] = s0;
            sum[c + 1] = s1;
            sum[c + 2] = s2;
            sum[c + 3] = s3;
            sum[c + 4] = s4;
            sum[c + 5] = s5;
            sum[c + 6] = s6;
            sum[c + 7] = s7;
        }
        for (; c < o; c++) {
            double s = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = (b * o + c) * q, end = i + q; i < end; i++) {
                    s += f != null ? f[i] : d[i];
                }
            }
            sum[c] = s;
        }
        return Tensor.fromDoubles(Shape.of(o), gy.dtype(), sum);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private interface SampleRange {
        void run(int b0, int b1);
    }

    /** Runs {@code body} over the samples, split into one contiguous range per thread when the work is large. */
    private static void forEachSample(int batch, int threads, long workPerSample, SampleRange body) {
        int parts = batch * workPerSample < MatMul.PARALLEL_WORK ? 1 : Math.min(threads, batch);
        if (parts <= 1) {
            body.run(0, batch);
            return;
        }
        List<Workers.Part> work = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            int b0 = batch * part / parts, b1 = batch * (part + 1) / parts;
            work.add(new Workers.Part(() -> body.run(b0, b1)));
        }
        MatMul.runParts(work);
    }

    private static void gemm(Gemm.Geometry g, Object a, int aOff, Object b, int bOff, Object c, int cOff,
                             boolean accumulate, boolean vector) {
        if (c instanceof float[]) {
            if (vector && VectorThinGemm.fits(g)) {
                VectorThinGemm.f32(g, (float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, accumulate);
            } else if (vector) {
                VectorGemm.f32(g, (float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, 0, g.m(), 0, g.n(), accumulate);
            } else {
                Gemm.f32(g, (float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, 0, g.m(), 0, g.n(), accumulate);
            }
        } else if (vector) {
            VectorGemm.f64(g, (double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff, 0, g.m(), 0, g.n(), accumulate);
        } else {
            Gemm.f64(g, (double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff, 0, g.m(), 0, g.n(), accumulate);
        }
    }

    /** Rounds a product's block to the dtype (BF16, F16), then adds the bias of each row of q outputs. */
    private static void finish(DType t, Object y, int off, int n, int q, Tensor bias, int firstChannel) {
        roundRange(t, y, off, n);
        if (bias == null) {
            return;
        }
        if (y instanceof double[]) {
            double[] d = (double[]) y, bd = bias.doubleData();
            for (int i = 0; i < n; i++) {
                d[off + i] += bd[firstChannel + i / q];
            }
            return;
        }
        float[] f = (float[]) y, bf = bias.floatData();
        for (int r = 0; r < n / q; r++) {
            float bv = bf[firstChannel + r];
            for (int i = off + r * q, end = i + q; i < end; i++) {
                f[i] = t == DType.F32 ? f[i] + bv : (float) t.round((double) f[i] + bv);
            }
        }
    }

    private static void roundAll(DType t, Object a, int n) {
        roundRange(t, a, 0, n);
    }

    private static void roundRange(DType t, Object a, int off, int n) {
        if (t == DType.F32 || t == DType.F64) {
            return;
        }
        float[] f = (float[]) a;
        for (int i = off; i < off + n; i++) {
            f[i] = (float) t.round(f[i]);
        }
    }

    /** Rounds n accumulated doubles into the dtype's storage at off. */
    private static void store(DType t, double[] acc, int n, Object out, int off) {
        if (out instanceof double[]) {
            System.arraycopy(acc, 0, (double[]) out, off, n);
            return;
        }
        float[] f = (float[]) out;
        for (int i = 0; i < n; i++) {
            f[off + i] = (float) t.round(acc[i]);
        }
    }

    private static Object scratch(DType t, int slot, int n) {
        Object[] s = SCRATCH.get();
        boolean dbl = t == DType.F64;
        int at = dbl ? slot + 4 : slot;
        Object a = s[at];
        if (dbl ? !(a instanceof double[]) || ((double[]) a).length < n : !(a instanceof float[]) || ((float[]) a).length < n) {
            a = dbl ? new double[n] : new float[n];
            s[at] = a;
        }
        return a;
    }

    private static Object storage(Tensor x) {
        return x.doubleData() != null ? x.doubleData() : x.floatData();
    }

    private static Tensor wrap(DType t, Shape s, Object data) {
        return t == DType.F64 ? Tensor.wrap(s, (double[]) data) : Tensor.wrap(s, t, (float[]) data);
    }

    private static DType check(String op, Tensor x, Tensor w, ConvGeometry g) {
        if (x.rank() != 4 || !x.shape().equals(g.inputShape(x.shape().dim(0)))) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " does not fit " + g);
        }
        if (w != null && (w.dtype() != x.dtype() || !w.shape().equals(g.weightShape()))) {
            throw new IllegalArgumentException(op + ": weight " + w.dtype().id() + w.shape() + " should be "
                    + x.dtype().id() + g.weightShape());
        }
        return x.dtype();
    }

    private static DType checkOutput(String op, Tensor gy, Tensor w, ConvGeometry g) {
        int b = gy.rank() == 4 ? gy.shape().dim(0) : -1;
        if (b < 0 || !gy.shape().equals(Shape.of(b, g.outChannels(), g.outHeight(), g.outWidth()))) {
            throw new IllegalArgumentException(op + ": output gradient " + gy.shape() + " does not fit " + g);
        }
        if (w.dtype() != gy.dtype() || !w.shape().equals(g.weightShape())) {
            throw new IllegalArgumentException(op + ": weight " + w.dtype().id() + w.shape() + " should be "
                    + gy.dtype().id() + g.weightShape());
        }
        return gy.dtype();
    }

}
