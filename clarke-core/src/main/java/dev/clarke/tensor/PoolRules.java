package dev.clarke.tensor;

/**
 * The two linear maps a max pool's weights define ({@link Pooling#scatter}, the reverse rule, and
 * {@link Pooling#gather}, the forward rule and the scatter's adjoint), read from a
 * {@link MaxPoolSelection}: the arithmetic of {@link Pooling}'s class comment, the products
 * {@code g == 0 ? 0 : g·w} rounded to the dtype and summed in double, window after window.
 */
final class PoolRules {

    private PoolRules() {
    }

    /**
     * {@link Pooling#scatter(Tensor, MaxPoolSelection, Shape, Pooling.Window)}.
     *
     * @param g the output's gradient
     * @param sel the weights of the pass
     * @param xShape the input's shape
     * @param win the windows
     * @return the input's gradient
     */
    static Tensor scatter(Tensor g, MaxPoolSelection sel, Shape xShape, Pooling.Window win) {
        int oh = win.outHeight(xShape.dim(2)), ow = win.outWidth(xShape.dim(3));
        checkLinear("scatter", g, sel, xShape, win, g.shape(), oh, ow);
        int h = xShape.dim(2), w = xShape.dim(3), kk = win.kernelH() * win.kernelW();
        int[] offsets = Pooling.offsets(win, w);
        DType t = g.dtype();
        if (t == DType.F32 && win.strideH() >= win.kernelH() && win.strideW() >= win.kernelW()) {
            return scatterDisjoint(g, sel, xShape, win, offsets);
        }
        double[] acc = Buffers.zeroDoubles(xShape.size());
        int out = 0;
        for (int pl = 0, planes = xShape.dim(0) * xShape.dim(1), r = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, out++) {
                    int corner = (pl * h + i * win.strideH()) * w + j * win.strideW();
                    double gv = g.get(out);
                    int first = sel.first(out);
                    for (int e = 0; e < kk; e++) {
                        double we = first >= 0 ? (e == first ? 1 : 0) : sel.row(r, e);
                        acc[corner + offsets[e]] += t.round(gv == 0 ? 0.0 : gv * we);
                    }
                    r += first >= 0 ? 0 : 1;
                }
            }
        }
        return Tensor.fromDoubles(xShape, t, acc);
    }

    /**
     * {@link Pooling#gather(Tensor, MaxPoolSelection, Pooling.Window)}.
     *
     * @param tangent a tangent of the input
     * @param sel the weights of the pass
     * @param win the windows
     * @return the output's tangent
     */
    static Tensor gather(Tensor tangent, MaxPoolSelection sel, Pooling.Window win) {
        Shape xs = tangent.shape();
        int oh = win.outHeight(xs.dim(2)), ow = win.outWidth(xs.dim(3));
        Shape outShape = Shape.of(xs.dim(0), xs.dim(1), oh, ow);
        checkLinear("gather", tangent, sel, xs, win, outShape, oh, ow);
        int h = xs.dim(2), w = xs.dim(3), kk = win.kernelH() * win.kernelW();
        int[] offsets = Pooling.offsets(win, w);
        DType t = tangent.dtype();
        double[] sums = Buffers.doubles(outShape.size());
        int out = 0;
        for (int pl = 0, planes = xs.dim(0) * xs.dim(1), r = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, out++) {
                    int corner = (pl * h + i * win.strideH()) * w + j * win.strideW();
                    int first = sel.first(out);
                    double s = 0;
                    for (int e = 0; e < kk; e++) {
                        double tv = tangent.get(corner + offsets[e]);
                        double we = first >= 0 ? (e == first ? 1 : 0) : sel.row(r, e);
                        s += t.round(tv == 0 ? 0.0 : tv * we);
                    }
                    r += first >= 0 ? 0 : 1;
                    sums[out] = s;
                }
            }
        }
        return Tensor.fromDoubles(outShape, t, sums);
    }

    /**
     * {@link #scatter} in F32 when no two windows overlap: each pixel gets at most one product,
     * {@code +0 + p} in float (the same bits as the double sum of one float rounded back).
     */
    private static Tensor scatterDisjoint(Tensor g, MaxPoolSelection sel, Shape xShape, Pooling.Window win,
                                          int[] offsets) {
        int h = xShape.dim(2), w = xShape.dim(3), kk = offsets.length;
        int oh = win.outHeight(h), ow = win.outWidth(w);
        boolean covered = oh * win.strideH() == h && ow * win.strideW() == w && win.strideH() == win.kernelH()
                && win.strideW() == win.kernelW();
        float[] out = covered ? Buffers.floats(xShape.size()) : Buffers.zeroFloats(xShape.size());
        float[] gf = g.floatData(), firsts = sel.firsts();
        int planes = xShape.dim(0) * xShape.dim(1);
        Pooling.forPlanes(Pooling.parts(planes, (long) planes * oh * ow * kk), planes, (q, pl0, pl1) -> {
            int o = pl0 * oh * ow;
            int r = sel.rowAtOrAfter(o);
            if (kk == 4 && win.kernelW() == 2) { // 2 × 2: the four stores written out
                scatter2x2(gf, firsts, sel, r, xShape, win, pl0, pl1, out);
                return;
            }
            for (int pl = pl0; pl < pl1; pl++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int corner = (pl * h + i * win.strideH()) * w + j * win.strideW();
                        float gv = gf[o];
                        int first = sel.first(o);
                        if (first >= 0) { // weight 1 at first, +0 elsewhere
                            float zero = (gv == 0 ? 0f : gv * 0f) + 0f, one = (gv == 0 ? 0f : gv) + 0f;
                            for (int e = 0; e < kk; e++) {
                                out[corner + offsets[e]] = e == first ? one : zero;
                            }
                        } else {
                            for (int e = 0; e < kk; e++) {
                                out[corner + offsets[e]] = (gv == 0 ? 0f : gv * (float) sel.row(r, e)) + 0f;
                            }
                            r++;
                        }
                    }
                }
            }
        });
        return Tensor.wrap(xShape, DType.F32, out);
    }

    /** Row e of four: the weights of a 2 × 2 window whose maximum is element e alone. */
    private static final float[] ONE_HOT = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    /**
     * {@link #scatterDisjoint}'s loop for 2 × 2 windows over planes [pl0, pl1), from tied row r: the
     * same products as the general loop, the weights of an untied window read from {@link #ONE_HOT}
     * (selecting among the four elements by branches mispredicted a quarter of the time).
     */
    private static void scatter2x2(float[] gf, float[] firsts, MaxPoolSelection sel, int r, Shape xShape,
                                   Pooling.Window win, int pl0, int pl1, float[] out) {
        int h = xShape.dim(2), w = xShape.dim(3), oh = win.outHeight(h), ow = win.outWidth(w);
        int o = pl0 * oh * ow;
        for (int pl = pl0; pl < pl1; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0, corner = (pl * h + i * win.strideH()) * w; j < ow; j++, o++, corner += win.strideW()) {
                    float gv = gf[o];
                    int first = (int) firsts[o];
                    float w0, w1, w2, w3;
                    if (first >= 0) { // weight 1 at first, +0 elsewhere: read from a table, as data (no branch on it)
                        int at = 4 * first;
                        w0 = (gv == 0 ? 0f : gv * ONE_HOT[at]) + 0f;
                        w1 = (gv == 0 ? 0f : gv * ONE_HOT[at + 1]) + 0f;
                        w2 = (gv == 0 ? 0f : gv * ONE_HOT[at + 2]) + 0f;
                        w3 = (gv == 0 ? 0f : gv * ONE_HOT[at + 3]) + 0f;
                    } else {
                        w0 = (gv == 0 ? 0f : gv * (float) sel.row(r, 0)) + 0f;
                        w1 = (gv == 0 ? 0f : gv * (float) sel.row(r, 1)) + 0f;
                        w2 = (gv == 0 ? 0f : gv * (float) sel.row(r, 2)) + 0f;
                        w3 = (gv == 0 ? 0f : gv * (float) sel.row(r, 3)) + 0f;
                        r++;
                    }
                    out[corner] = w0;
                    out[corner + 1] = w1;
                    out[corner + w] = w2;
                    out[corner + w + 1] = w3;
                }
            }
        }
    }

    private static void checkLinear(String op, Tensor v, MaxPoolSelection sel, Shape xShape, Pooling.Window win,
                                    Shape outShape, int oh, int ow) {
        if (xShape.rank() != 4 || oh < 1 || ow < 1 || !outShape.equals(Shape.of(xShape.dim(0), xShape.dim(1), oh, ow))
                || !sel.shape().equals(Shape.of(outShape.size(), win.kernelH() * win.kernelW()))
                || sel.dtype() != v.dtype()) {
            throw new IllegalArgumentException("max_pool2d " + op + ": " + v.dtype().id() + v.shape() + " with weights "
                    + sel.dtype().id() + sel.shape() + " does not fit the input " + xShape + " and window "
                    + win.kernelH() + "x" + win.kernelW());
        }
    }
}
