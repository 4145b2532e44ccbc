package dev.clarke.certify;

import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Layer;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Window2d;
import dev.clarke.tensor.Shape;

/**
 * Index arithmetic of convolution and pooling on one sample [C, H, W], written out independently of
 * the layers' kernels: which input elements an output element reads, in the order of the weights
 * (channel, row, column), with −1 for a padding position.
 */
final class ConvGeometry {

    private ConvGeometry() {
    }

    /** Output size along one axis. */
    static int outSize(int in, int k, int s, int p) {
        return Math.floorDiv(in + 2 * p - k, s) + 1;
    }

    /** The output channel of element e of a convolution's output. */
    static int outChannel(Conv2d c, Shape in, int e) {
        int oh = outSize(in.dim(1), c.kernel(), c.stride(), c.padding());
        int ow = outSize(in.dim(2), c.kernel(), c.stride(), c.padding());
        return e / (oh * ow);
    }

    /** The patch of output element e: C_in·K·K input indices (−1: padding), in weight order. */
    static int[] patch(Conv2d c, Shape in, int e) {
        int h = in.dim(1);
        int w = in.dim(2);
        int k = c.kernel();
        int oh = outSize(h, k, c.stride(), c.padding());
        int ow = outSize(w, k, c.stride(), c.padding());
        int i = (e / ow) % oh;
        int j = e % ow;
        int[] out = new int[c.inChannels() * k * k];
        int o = 0;
        for (int ch = 0; ch < c.inChannels(); ch++) {
            for (int u = 0; u < k; u++) {
                int y = i * c.stride() - c.padding() + u;
                for (int v = 0; v < k; v++, o++) {
                    int x = j * c.stride() - c.padding() + v;
                    out[o] = y >= 0 && y < h && x >= 0 && x < w ? (ch * h + y) * w + x : -1;
                }
            }
        }
        return out;
    }

    /** The window of output element e of a max pool, row-major. */
    static int[] window(MaxPool2d p, Shape in, int e) {
        int h = in.dim(1);
        int w = in.dim(2);
        int k = p.kernel();
        int oh = outSize(h, k, p.stride(), 0);
        int ow = outSize(w, k, p.stride(), 0);
        int ch = e / (oh * ow);
        int i = (e / ow) % oh;
        int j = e % ow;
        int[] out = new int[k * k];
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                out[u * k + v] = (ch * h + i * p.stride() + u) * w + j * p.stride() + v;
            }
        }
        return out;
    }

    /** Whether the layer takes the maximum of windows: {@link MaxPool2d}, or {@link Pool2d} of kind MAX. */
    static boolean isMaxPool(Layer l) {
        return l instanceof MaxPool2d || l instanceof Pool2d && ((Pool2d) l).kind() == Pool2d.Kind.MAX;
    }

    /** Whether the layer averages windows: {@link Pool2d} of kind AVERAGE, or {@link GlobalAvgPool2d}. */
    static boolean isAveragePool(Layer l) {
        return l instanceof GlobalAvgPool2d || l instanceof Pool2d && ((Pool2d) l).kind() == Pool2d.Kind.AVERAGE;
    }

    /**
     * The window of output element e of a pool ({@link #isMaxPool}, {@link #isAveragePool}: a global
     * average's window is its whole channel) of an [C, H, W] input
     * whose output has shape {@code out}: the input indices in row-major window order, positions in
     * the padding left out (they are −∞: never maximal, never tied). A {@link Pool2d} window of
     * output (i, j) covers rows i·sh − top + u·dh and columns j·sw − left + v·dw; the output shape
     * already holds ceil mode's extra rows and columns.
     */
    static int[] maxWindow(Layer l, Shape in, Shape out, int e) {
        if (l instanceof MaxPool2d) {
            return window((MaxPool2d) l, in, e);
        }
        if (l instanceof GlobalAvgPool2d) {
            int n = in.dim(1) * in.dim(2);
            int[] all = new int[n];
            for (int k = 0; k < n; k++) {
                all[k] = e * n + k;
            }
            return all;
        }
        Window2d w = ((Pool2d) l).window();
        int h = in.dim(1);
        int wd = in.dim(2);
        int oh = out.dim(1);
        int ow = out.dim(2);
        int ch = e / (oh * ow);
        int i = (e / ow) % oh;
        int j = e % ow;
        int[] buf = new int[w.kh() * w.kw()];
        int n = 0;
        for (int u = 0; u < w.kh(); u++) {
            int y = i * w.sh() - w.top() + u * w.dh();
            for (int v = 0; v < w.kw(); v++) {
                int x = j * w.sw() - w.left() + v * w.dw();
                if (y >= 0 && y < h && x >= 0 && x < wd) {
                    buf[n++] = (ch * h + y) * wd + x;
                }
            }
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /** A max pool's window as a {@link Window2d}. */
    private static Window2d windowOf(Layer l) {
        return l instanceof MaxPool2d ? Window2d.square(((MaxPool2d) l).kernel(), ((MaxPool2d) l).stride(), 0)
                : ((Pool2d) l).window();
    }

    /** Whether the windows of a max pool are disjoint: the stride is at least the dilated extent, both ways. */
    static boolean nonOverlapping(Layer l) {
        Window2d w = windowOf(l);
        return w.sh() >= w.dh() * (w.kh() - 1) + 1 && w.sw() >= w.dw() * (w.kw() - 1) + 1;
    }

    /**
     * The output element of a {@link #nonOverlapping} max pool whose window holds input element e,
     * or −1 when no window holds it.
     */
    static int windowHolding(Layer l, Shape in, Shape out, int e) {
        Window2d w = windowOf(l);
        int per = in.dim(1) * in.dim(2);
        int c = e / per;
        int i = axisWindow(e % per / in.dim(2), w.sh(), w.dh(), w.kh(), w.top(), out.dim(1));
        int j = axisWindow(e % in.dim(2), w.sw(), w.dw(), w.kw(), w.left(), out.dim(2));
        return i < 0 || j < 0 ? -1 : (c * out.dim(1) + i) * out.dim(2) + j;
    }

    /** The window (along one axis) covering position y, or −1: y = i·s − lo + u·d with 0 ≤ u &lt; k, i &lt; n. */
    private static int axisWindow(int y, int s, int d, int k, int lo, int n) {
        int i = (y + lo) / s;
        int off = y + lo - i * s;
        return i < n && off % d == 0 && off / d < k ? i : -1;
    }

    /**
     * The divisor of output element e of an average pool: the window's positions inside the image,
     * or with countIncludePad those inside the padded image (not ceil mode's extra ones); a global
     * average divides by the whole plane.
     */
    static int averageCount(Layer l, Shape in, Shape out, int e) {
        if (l instanceof GlobalAvgPool2d) {
            return in.dim(1) * in.dim(2);
        }
        Pool2d p = (Pool2d) l;
        if (!p.countIncludePad()) {
            return maxWindow(l, in, out, e).length;
        }
        Window2d w = p.window();
        int i = (e / out.dim(2)) % out.dim(1);
        int j = e % out.dim(2);
        int h0 = i * w.sh() - w.top();
        int w0 = j * w.sw() - w.left();
        return (Math.min(h0 + w.kh(), in.dim(1) + w.bottom()) - h0) * (Math.min(w0 + w.kw(), in.dim(2) + w.right()) - w0);
    }

    /** Whether the layer is a convolution the certificate follows: {@link Conv2d} or {@link Convolution2d}, with or without a bias. */
    static boolean isConvolution(Layer l) {
        return l instanceof Conv2d || l instanceof Convolution2d;
    }

    /** Whether a convolution has a bias ({@link Conv2d} always has one). */
    static boolean hasBias(Layer l) {
        return !(l instanceof Convolution2d) || ((Convolution2d) l).bias();
    }

    /** The output channel of element e of a convolution ({@link #isConvolution}) whose output has shape {@code out}. */
    static int convOutChannel(Layer l, Shape out, int e) {
        return e / (out.dim(1) * out.dim(2));
    }

    /**
     * The patch of output element e of a convolution ({@link #isConvolution}), in weight order, −1
     * for padding. For a {@link Convolution2d}: output channel o belongs to group g = o / (C_out/G)
     * and reads input channels g·C_in/G … (g+1)·C_in/G − 1 at rows i·sh − top + u·dh and columns
     * j·sw − left + v·dw (weight [o, c′, u, v]).
     */
    static int[] convPatch(Layer l, Shape in, Shape out, int e) {
        if (l instanceof Conv2d) {
            return patch((Conv2d) l, in, e);
        }
        Convolution2d c = (Convolution2d) l;
        Window2d w = c.window();
        int h = in.dim(1);
        int wd = in.dim(2);
        int o = convOutChannel(l, out, e);
        int i = (e / out.dim(2)) % out.dim(1);
        int j = e % out.dim(2);
        int perGroup = c.inChannels() / c.groups();
        int first = o / (c.outChannels() / c.groups()) * perGroup;
        int[] patch = new int[perGroup * w.kh() * w.kw()];
        int q = 0;
        for (int ch = first; ch < first + perGroup; ch++) {
            for (int u = 0; u < w.kh(); u++) {
                int y = i * w.sh() - w.top() + u * w.dh();
                for (int v = 0; v < w.kw(); v++, q++) {
                    int x = j * w.sw() - w.left() + v * w.dw();
                    patch[q] = y >= 0 && y < h && x >= 0 && x < wd ? (ch * h + y) * wd + x : -1;
                }
            }
        }
        return patch;
    }
}
