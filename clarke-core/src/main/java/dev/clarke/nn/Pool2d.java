package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Max or average pooling of [B, C, H, W] inputs over any {@link Window2d}, as ONNX's MaxPool and
 * AveragePool and PyTorch's {@code MaxPool2d}/{@code AvgPool2d} define it. With {@code ceilMode} the
 * output size rounds up, but a window must start inside the image or its leading padding
 * (PyTorch's rule). Max pooling ignores the padding (it is −∞), and reduces each window with the
 * engine's {@code reduce_max}, so ties are logged kinks as in {@link MaxPool2d}. Average pooling
 * divides each window's sum by its size as PyTorch does: with {@code countIncludePad} the part of
 * the window inside the padded image, otherwise the part inside the image; it adds no kinks. The
 * padding of a side may be at most half the kernel, so every window meets the image.
 *
 * @param kind            max or average
 * @param window          the window (average pooling takes no dilation)
 * @param ceilMode        whether output sizes round up
 * @param countIncludePad whether average pooling counts padded positions
 */
public record Pool2d(Kind kind, Window2d window, boolean ceilMode, boolean countIncludePad) implements ParameterFree {

    /** Which reduction. */
    public enum Kind {
        /** The largest element of each window. */
        MAX,
        /** The mean of each window. */
        AVERAGE
    }

    /**
     * Checks the window.
     *
     * @param kind max or average
     * @param window the window (average pooling takes no dilation)
     * @param ceilMode whether output sizes round up
     * @param countIncludePad whether average pooling counts padded positions
     * @throws IllegalArgumentException if a padding exceeds half the kernel, or average pooling is
     *     given a dilation
     */
    public Pool2d {
        if (2 * Math.max(window.top(), window.bottom()) > window.kh() || 2 * Math.max(window.left(), window.right()) > window.kw()) {
            throw new IllegalArgumentException("pool: padding must be at most half the kernel, got " + window.describe());
        }
        if (kind == Kind.AVERAGE && (window.dh() != 1 || window.dw() != 1)) {
            throw new IllegalArgumentException("average pool: dilations are not supported, got " + window.describe());
        }
    }

    /** The window with ceil mode's extra padding for an H×W image. */
    private Window2d effective(int h, int w) {
        if (!ceilMode) {
            return window;
        }
        return window.padMore(extra(h, window.kh(), window.sh(), window.dh(), window.top(), window.bottom()),
                extra(w, window.kw(), window.sw(), window.dw(), window.left(), window.right()));
    }

    private static int extra(int n, int k, int s, int d, int lo, int hi) {
        int span = n + lo + hi - d * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        int out = Math.floorDiv(span + s - 1, s) + 1;
        if ((out - 1) * s >= n + lo) {
            out--;
        }
        return Math.max(0, (out - 1) * s + d * (k - 1) + 1 - (n + lo + hi));
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describe() + ": expects samples of shape [C, H, W], got " + input);
        }
        Window2d e = effective(input.dim(1), input.dim(2));
        int oh = e.outHeight(input.dim(1));
        int ow = e.outWidth(input.dim(2));
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input " + input + " is smaller than the window");
        }
        return Shape.of(input.dim(0), oh, ow);
    }

    @Override
    public Var forward(Var x, List<Var> params, Mode mode) {
        if (kind == Kind.AVERAGE) {
            return average(x, x.dtype() == DType.F32 || x.dtype() == DType.F64);   // one node where its bits are the composite's
        }
        Shape s = x.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int h = s.dim(2);
        int w = s.dim(3);
        Shape out = outputShape(Shape.of(c, h, w));
        Window2d e = effective(h, w);
        Shape planes = Shape.of(b * c, 1, h, w);
        Var windows = Im2col.im2col(x.reshape(b * c, 1, h, w), e);   // [B·C·OH·OW, kh·kw]
        if (e.top() + e.left() + e.bottom() + e.right() > 0) {
            int[] map = Im2col.patchMap(planes, e);
            double[] inside = new double[map.length];
            for (int i = 0; i < map.length; i++) {
                inside[i] = map[i] >= 0 ? 1 : 0;
            }
            Tensor mask = Tensor.of(x.dtype(), windows.shape(), inside);
            windows = Var.where(mask, windows, x.trace().constant(windows.shape(), Double.NEGATIVE_INFINITY));
            for (int row = 0, k = e.kh() * e.kw(); row < map.length / k; row++) {
                boolean meets = false;
                for (int i = row * k; i < row * k + k && !meets; i++) {
                    meets = map[i] >= 0;
                }
                if (!meets) {
                    throw new IllegalArgumentException(describe() + ": a window of " + s + " lies entirely in the padding");
                }
            }
        }
        Var y = windows.max(1, false);
        return y.reshape(b, c, out.dim(1), out.dim(2));
    }

    /**
     * Average pooling as the composite im2col → sum → multiply by the reciprocal counts: the path
     * of the 16-bit formats, and the reference the one-node kernel matches bit for bit.
     *
     * @param x the input [B, C, H, W]
     * @return the averages [B, C, OH, OW]
     */
    Var averageByWindows(Var x) {
        return average(x, false);
    }

    /** Average pooling as one node ({@link PoolingNodes#avgPool2d}) or as the composite. */
    private Var average(Var x, boolean node) {
        Shape s = x.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int h = s.dim(2);
        int w = s.dim(3);
        Shape out = outputShape(Shape.of(c, h, w));
        Window2d e = effective(h, w);
        Tensor r = reciprocalCounts(b * c, h, w, out.dim(1), out.dim(2));
        if (node) {
            return PoolingNodes.avgPool2d(x, Im2col.patchMap(Shape.of(b * c, 1, h, w), e), e.kh() * e.kw(), r.to(x.dtype()),
                    Shape.of(b, c, out.dim(1), out.dim(2)));
        }
        Var windows = Im2col.im2col(x.reshape(b * c, 1, h, w), e);
        Var y = windows.sum(1, false).mul(x.trace().constant(r));
        return y.reshape(b, c, out.dim(1), out.dim(2));
    }

    /** 1 / (the number of elements averaged) for every output, repeated over the planes. */
    private Tensor reciprocalCounts(int planes, int h, int w, int oh, int ow) {
        double[] r = new double[planes * oh * ow];
        for (int i = 0; i < oh; i++) {
            int h0 = i * window.sh() - window.top();
            int h1 = Math.min(h0 + window.kh(), h + window.bottom());
            int hIn = Math.min(h1, h) - Math.max(h0, 0);
            for (int j = 0; j < ow; j++) {
                int w0 = j * window.sw() - window.left();
                int w1 = Math.min(w0 + window.kw(), w + window.right());
                int wIn = Math.min(w1, w) - Math.max(w0, 0);
                int count = countIncludePad ? (h1 - h0) * (w1 - w0) : hIn * wIn;
                for (int p = 0; p < planes; p++) {
                    r[(p * oh + i) * ow + j] = 1.0 / count;
                }
            }
        }
        return Tensor.wrap(Shape.of(planes * oh * ow), r);
    }

    @Override
    public String describe() {
        return (kind == Kind.MAX ? "maxpool2d(" : "avgpool2d(") + window.describe() + (ceilMode ? ", ceil" : "")
                + (kind == Kind.AVERAGE && !countIncludePad && window.top() + window.left() + window.bottom() + window.right() > 0
                ? ", exclude pad" : "") + ")";
    }
}
