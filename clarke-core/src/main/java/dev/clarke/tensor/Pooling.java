package dev.clarke.tensor;

/**
 * Max pooling of [B, C, H, W] over KH×KW windows with strides (sh, sw) in one pass, with the
 * weights of its derivative, and the two linear maps those weights define: {@link #scatter} (the
 * reverse rule: each window's cotangent spread over its elements) and {@link #gather} (the forward
 * rule, and the scatter's adjoint). Window (plane, i, j), element (u, v) is the pixel
 * {@code (i·sh + u, j·sw + v)} of that plane; windows are numbered row-major over
 * [B, C, OH, OW] with OH = (H − KH)/sh + 1, elements row-major over (u, v).
 *
 * <p>The arithmetic is that of reducing the window matrix [B·C·OH·OW, KH·KW] along its rows: the
 * maximum found left to right ({@code v > best} replaces, NaN anywhere makes the value NaN), ties
 * (elements equal to the maximum, two or more) split the weight by the tie rule below, each weight
 * rounded to the dtype; the scatter computes {@code g == 0 ? 0 : g·w} per element rounded to the
 * dtype and adds the products into each pixel in double, window after window, rounding once; the
 * gather sums its products over each window in double, rounding once. No part of it depends on the
 * backend or the number of threads.
 */
public final class Pooling {

    /**
     * A window size and stride.
     *
     * @param kernelH KH ≥ 1
     * @param kernelW KW ≥ 1
     * @param strideH ≥ 1
     * @param strideW ≥ 1
     */
    public record Window(int kernelH, int kernelW, int strideH, int strideW) {

        /**
         * Checks the sizes.
         *
         * @param kernelH the window's height
         * @param kernelW the window's width
         * @param strideH the vertical stride
         * @param strideW the horizontal stride
         */
        public Window {
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
                throw new IllegalArgumentException("max_pool2d: window and stride must be positive, got " + kernelH + "x"
                        + kernelW + ", stride " + strideH + "x" + strideW);
            }
        }

        /**
         * OH for an input of height h (less than 1 if the window does not fit).
         *
         * @param h the input height
         * @return the output height
         */
        public int outHeight(int h) {
            return Math.floorDiv(h - kernelH, strideH) + 1;
        }

        /**
         * OW for an input of width w.
         *
         * @param w the input width
         * @return the output width
         */
        public int outWidth(int w) {
            return Math.floorDiv(w - kernelW, strideW) + 1;
        }
    }

    /** Receives each window whose maximum is tied: its index and the tied value. */
    @FunctionalInterface
    public interface TieSink {
        /**
         * Window {@code window}'s maximum {@code value} is attained by two or more of its elements.
         *
         * @param window the window's flat index
         * @param value its maximum
         */
        void tie(int window, double value);
    }

    /**
     * The result of {@link #maxPool2d}.
     *
     * @param values    [B, C, OH, OW]
     * @param selection the derivative of each window's value with respect to each of its elements
     */
    public record MaxPool(Tensor values, MaxPoolSelection selection) {

        /** {@return the derivative's weights written out, [B·C·OH·OW, KH·KW]} */
        public Tensor weights() {
            return selection.dense();
        }
    }

    /** Whether 2 × 2 float windows go sixteen at a time through {@link VectorPool2x2} (the vector backend is in use). */
    private static final boolean VECTOR = KernelsChoice.VECTOR;

    /** Window elements from which pooling is split among threads. */
    private static final long PARALLEL_ELEMENTS = 1 << 15;

    private Pooling() {
    }

    /**
     * Max pooling of x [B, C, H, W]. Off ties the weight 1 goes to the maximal element. A window
     * tied among k ≥ 2 elements is reported to {@code ties} (if non-null) in increasing window
     * order, and gets {@code 2·min(λ, 1−λ)/k} on each tied element plus {@code max(1−2λ, 0)} on the
     * first and {@code max(2λ−1, 0)} on the last tied element (λ = {@code tieSplit}).
     *
     * @param x the input [B, C, H, W]
     * @param win the windows
     * @param tieSplit the share of the weight each tied element gets, as the kink policy decides
     * @param ties receives every tied window, or null
     * @return the output and the weights
     */
    public static MaxPool maxPool2d(Tensor x, Window win, double tieSplit, TieSink ties) {
        Shape s = x.shape();
        if (s.rank() != 4 || win.outHeight(s.dim(2)) < 1 || win.outWidth(s.dim(3)) < 1) {
            throw new IllegalArgumentException("max_pool2d: expects [B, C, H, W] at least as large as the window "
                    + win.kernelH() + "x" + win.kernelW() + ", got " + s);
        }
        DType t = x.dtype();
        int planes = s.dim(0) * s.dim(1), h = s.dim(2), w = s.dim(3);
        int oh = win.outHeight(h), ow = win.outWidth(w), kk = win.kernelH() * win.kernelW();
        int[] offsets = offsets(win, w);
        Object vals = Buffers.storage(t, planes * oh * ow);
        float[] first = Buffers.floats(planes * oh * ow);
        int parts = parts(planes, (long) planes * oh * ow * kk);
        PoolTies[] tied = new PoolTies[parts];
        for (int q = 0; q < parts; q++) {
            tied[q] = new PoolTies(x, t, tieSplit, offsets);
        }
        forPlanes(parts, planes, (q, pl0, pl1) -> pool(x, win, pl0, pl1, offsets, vals, first, tied[q]));
        for (PoolTies tie : tied) { // the parts' ranges follow each other: the ties are reported in window order
            tie.report(ties);
        }
        return new MaxPool(wrap(t, Shape.of(s.dim(0), s.dim(1), oh, ow), vals),
                PoolTies.selection(tied, t, planes * oh * ow, kk, first));
    }

    /**
     * Max pooling of planes {@code [pl0, pl1)}: values, each window's maximal element into {@code wf}
     * (−1 for a tied window), and the tied windows' weights into {@code tie}.
     */
    private static void pool(Tensor x, Window win, int pl0, int pl1, int[] offsets, Object vals, float[] wf, PoolTies tie) {
        float[] xf = x.floatData();
        double[] xd = x.doubleData();
        float[] vf = xf != null ? (float[]) vals : null;
        double[] vd = xf == null ? (double[]) vals : null;
        int h = x.shape().dim(2), w = x.shape().dim(3), kk = offsets.length;
        int oh = win.outHeight(h), ow = win.outWidth(w), out = pl0 * oh * ow;
        if (xf != null && win.kernelH() == 2 && win.kernelW() == 2) {
            pool2x2(xf, win, h, w, oh, ow, pl0, pl1, vf, wf, tie);
            return;
        }
        for (int pl = pl0; pl < pl1; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, out++) {
                    int corner = (pl * h + i * win.strideH()) * w + j * win.strideW();
                    int first = 0, count = 1;
                    if (xf != null) { // float storage: a value of x is exact in the dtype, and so is the weight 1
                        scan(xf, corner, offsets, out, vf, wf, tie);
                    } else {
                        double best = xd[corner];
                        boolean nan = best != best;
                        for (int e = 1; e < kk; e++) {
                            double v = xd[corner + offsets[e]];
                            boolean above = v > best;
                            nan |= v != v;
                            count = above ? 1 : v == best ? count + 1 : count;
                            first = above ? e : first;
                            best = above ? v : best;
                        }
                        vd[out] = nan ? Double.NaN : best;
                        wf[out] = count == 1 ? first : -1;
                        if (count > 1) {
                            tie.weigh(out, corner, first, count, best);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #pool} for 2 × 2 windows on float storage, the common case, without branches on the
     * data: the maximum's value by {@code Math.max}, the elements equal to it as a 4-bit mask whose
     * lowest bit is the scan's first maximal element (whose own bits are the output: −0 and +0 tie
     * but keep the earlier one's sign, as the scan does) and whose population is the tie count. For
     * windows without NaN these equal the scan's; a window with a NaN takes the scan itself, so the
     * values and weights are the same bits as the general loop's.
     */
    private static void pool2x2(float[] xf, Window win, int h, int w, int oh, int ow, int pl0, int pl1, float[] vf,
                                float[] wf, PoolTies tie) {
        int sh = win.strideH(), sw = win.strideW(), windows = oh * ow;
        int[] offsets = {0, 1, w, w + 1};   // for a window holding a NaN, which takes the scan
        int[] corners = new int[windows];   // of a plane's windows, from the plane's first pixel
        for (int k = 0; k < windows; k++) {
            corners[k] = k / ow * sh * w + k % ow * sw;
        }
        boolean vector = VECTOR && windows >= VectorPool2x2.BLOCK;
        float[] count = vector ? new float[VectorPool2x2.BLOCK] : null;
        for (int pl = pl0; pl < pl1; pl++) {
            int base = pl * h * w, out = pl * windows, k = 0;
            for (; vector && k + VectorPool2x2.BLOCK <= windows; k += VectorPool2x2.BLOCK) {
                VectorPool2x2.block(xf, base, w, corners, k, vf, wf, out + k, count);
                for (int l = 0; l < VectorPool2x2.BLOCK; l++) {
                    if (count[l] != 1) { // a tie or a NaN: the scalar window, which weighs and logs it in order
                        window2x2(xf, base + corners[k + l], w, offsets, out + k + l, vf, wf, tie);
                    }
                }
            }
            for (; k < windows; k++) {
                window2x2(xf, base + corners[k], w, offsets, out + k, vf, wf, tie);
            }
        }
    }

    /** One window of {@link #pool2x2}: window {@code out} at {@code corner}. */
    private static void window2x2(float[] xf, int corner, int w, int[] offsets, int out, float[] vf, float[] wf, PoolTies tie) {
        float a = xf[corner], b = xf[corner + 1], c = xf[corner + w], d = xf[corner + w + 1];
        if (a != a || b != b || c != c || d != d) {
            scan(xf, corner, offsets, out, vf, wf, tie);
            return;
        }
        float top = Math.max(Math.max(a, b), Math.max(c, d));   // the value; its zero's sign may differ
        int eq = (a == top ? 1 : 0) | (b == top ? 2 : 0) | (c == top ? 4 : 0) | (d == top ? 8 : 0);
        int count = Integer.bitCount(eq);
        int first = Integer.numberOfTrailingZeros(eq);
        float best = xf[corner + (first & 1) + (first >> 1) * w];   // the first maximal element's own bits
        vf[out] = best;
        wf[out] = count == 1 ? first : -1;
        if (count > 1) {
            tie.weighMask(out, eq, count, best);
        }
    }

    /**
     * One window of {@link #pool}'s float scan: window {@code out} at {@code corner}. Selects rather
     * than branches (the data are random): the first strictly greater element is the maximum, an
     * equal one counts a tie, a NaN anywhere makes the value NaN.
     */
    private static void scan(float[] xf, int corner, int[] offsets, int out, float[] vf, float[] wf, PoolTies tie) {
        int first = 0, count = 1;
        float best = xf[corner];
        boolean nan = best != best;
        for (int e = 1; e < offsets.length; e++) {
            float v = xf[corner + offsets[e]];
            boolean above = v > best;
            nan |= v != v;
            count = above ? 1 : v == best ? count + 1 : count;
            first = above ? e : first;
            best = above ? v : best;
        }
        vf[out] = nan ? Float.NaN : best;
        wf[out] = count == 1 ? first : -1;
        if (count > 1) {
            tie.weigh(out, corner, first, count, best);
        }
    }

    /** The offset of each window element (u, v), row-major, from the window's corner in a plane of width w. */
    static int[] offsets(Window win, int w) {
        int[] o = new int[win.kernelH() * win.kernelW()];
        for (int e = 0; e < o.length; e++) {
            o[e] = e / win.kernelW() * w + e % win.kernelW();
        }
        return o;
    }

    private static Tensor wrap(DType t, Shape s, Object data) {
        return t == DType.F64 ? Tensor.wrap(s, (double[]) data) : Tensor.wrap(s, t, (float[]) data);
    }

    /**
     * The reverse rule of {@link #maxPool2d}: g [B, C, OH, OW] spread over x's shape {@code xShape}
     * by the weights, {@code gx[pixel] = Σ over the windows holding it of (g == 0 ? 0 : g·w)}.
     *
     * @param g the output's gradient
     * @param weights the weights of the pass, [B·C·OH·OW, KH·KW]
     * @param xShape the input's shape
     * @param win the windows
     * @return the input's gradient
     */
    public static Tensor scatter(Tensor g, Tensor weights, Shape xShape, Window win) {
        return PoolRules.scatter(g, MaxPoolSelection.of(weights), xShape, win);
    }

    /**
     * {@link #scatter(Tensor, Tensor, Shape, Window)} with the weights as a pass leaves them.
     *
     * @param g the output's gradient
     * @param sel the weights of the pass
     * @param xShape the input's shape
     * @param win the windows
     * @return the input's gradient
     */
    public static Tensor scatter(Tensor g, MaxPoolSelection sel, Shape xShape, Window win) {
        return PoolRules.scatter(g, sel, xShape, win);
    }

    /**
     * The forward rule of {@link #maxPool2d} and the adjoint of {@link #scatter}: a tangent of x's
     * shape summed over each window by the weights, {@code Σ_e (t == 0 ? 0 : t·w_e)}: [B, C, OH, OW].
     *
     * @param tangent a tangent of the input
     * @param weights the weights of the pass, [B·C·OH·OW, KH·KW]
     * @param win the windows
     * @return the output's tangent
     */
    public static Tensor gather(Tensor tangent, Tensor weights, Window win) {
        return PoolRules.gather(tangent, MaxPoolSelection.of(weights), win);
    }

    /**
     * {@link #gather(Tensor, Tensor, Window)} with the weights as a pass leaves them.
     *
     * @param tangent a tangent of the input
     * @param sel the weights of the pass
     * @param win the windows
     * @return the output's tangent
     */
    public static Tensor gather(Tensor tangent, MaxPoolSelection sel, Window win) {
        return PoolRules.gather(tangent, sel, win);
    }

    /** A contiguous range of planes, the {@code part}-th of a split. */
    interface PlaneRange {
        void run(int part, int pl0, int pl1);
    }

    /** How many threads share {@code planes} planes of {@code elements} window elements in all. */
    static int parts(int planes, long elements) {
        return elements < PARALLEL_ELEMENTS ? 1 : Math.min(MatMul.THREADS, planes);
    }

    /** Runs {@code body} over {@code parts} contiguous ranges of the planes, on the matmul workers. */
    static void forPlanes(int parts, int planes, PlaneRange body) {
        java.util.List<Workers.Part> work = new java.util.ArrayList<>();
        for (int q = 0; q < parts; q++) {
            int part = q, pl0 = planes * q / parts, pl1 = planes * (q + 1) / parts;
            work.add(new Workers.Part(() -> body.run(part, pl0, pl1)));
        }
        MatMul.runParts(work);
    }

}
