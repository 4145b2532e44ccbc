package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Patch extraction as a linear operation on the trace: the formulation whose arithmetic
 * {@link Conv2d} and {@link MaxPool2d} keep (their kernels give its bits, and the tests compare them
 * with it), and the output-size rule of both layers.
 * {@code im2col} maps x [N, C, H, W] to the matrix [N·OH·OW, C·K·K] whose row (n, oh, ow)
 * holds the K×K patch at (oh·s − p, ow·s − p) of every channel (zeros outside the image), columns
 * ordered (c, kh, kw); OH = (H + 2p − K)/s + 1 (any {@link Window2d}: rectangular,
 * strided, dilated, asymmetrically padded). Its adjoint {@code col2im} adds every patch entry
 * back to the pixel it came from. Each is the other's vjp and its own jvp, so both can be
 * differentiated again.
 */
final class Im2col {

    private Im2col() {
    }

    /** Output size along one axis. */
    static int outSize(int in, int k, int s, int p) {
        return Math.floorDiv(in + 2 * p - k, s) + 1;
    }

    /** im2col on the trace. */
    static Var im2col(Var x, int k, int s, int p) {
        return im2col(x, Window2d.square(k, s, p));
    }

    /** im2col on the trace, for any window: rows (n, oh, ow), columns (c, kh, kw), kh·kw taps spread by the dilations. */
    static Var im2col(Var x, Window2d win) {
        Shape xs = x.shape();
        return x.trace().custom("im2col", im2col(x.value(), win), List.of(x),
                g -> List.of(col2im(g, xs, win)),
                ts -> ts.get(0) == null ? x.trace().constant(Tensor.zeros(colsShape(xs, win), x.dtype()))
                        : im2col(ts.get(0), win));
    }

    /** col2im on the trace: the adjoint of {@link #im2col(Var, Window2d)} for inputs of shape xs. */
    static Var col2im(Var cols, Shape xs, Window2d win) {
        return cols.trace().custom("col2im", col2im(cols.value(), xs, win), List.of(cols),
                g -> List.of(im2col(g, win)),
                ts -> ts.get(0) == null ? cols.trace().constant(Tensor.zeros(xs, cols.dtype()))
                        : col2im(ts.get(0), xs, win));
    }

    static Shape colsShape(Shape xs, int k, int s, int p) {
        return colsShape(xs, Window2d.square(k, s, p));
    }

    static Shape colsShape(Shape xs, Window2d win) {
        return Shape.of(xs.dim(0) * win.outHeight(xs.dim(2)) * win.outWidth(xs.dim(3)), xs.dim(1) * win.kh() * win.kw());
    }

    /**
     * The patch map shared by both directions: for every entry of the [N·OH·OW, C·kh·kw] matrix,
     * the flat index of the pixel of an image shaped xs it comes from, or −1 where the patch
     * leaves the image (padding).
     */
    static int[] patchMap(Shape xs, Window2d win) {
        int n = xs.dim(0);
        int c = xs.dim(1);
        int h = xs.dim(2);
        int w = xs.dim(3);
        int oh = win.outHeight(h);
        int ow = win.outWidth(w);
        long entries = (long) n * oh * ow * c * win.kh() * win.kw();
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("im2col: the patch matrix of " + xs + " under " + win.describe() + " would have "
                    + entries + " entries, more than an array holds; use a smaller batch");
        }
        int[] map = new int[(int) entries];
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        int base = (b * c + ch) * h * w;
                        for (int u = 0; u < win.kh(); u++) {
                            int y = i * win.sh() - win.top() + u * win.dh();
                            for (int v = 0; v < win.kw(); v++, o++) {
                                int z = j * win.sw() - win.left() + v * win.dw();
                                map[o] = y >= 0 && y < h && z >= 0 && z < w ? base + y * w + z : -1;
                            }
                        }
                    }
                }
            }
        }
        return map;
    }

    /** The values of im2col: a gather through the patch map. */
    static Tensor im2col(Tensor x, Window2d win) {
        int[] map = patchMap(x.shape(), win);
        double[] out = new double[map.length];
        for (int o = 0; o < map.length; o++) {
            if (map[o] >= 0) {
                out[o] = x.get(map[o]);
            }
        }
        return Tensor.of(x.dtype(), colsShape(x.shape(), win), out);
    }

    /** The values of col2im: patch entries summed back into an image of shape xs (a scatter-add). */
    static Tensor col2im(Tensor g, Shape xs, Window2d win) {
        int[] map = patchMap(xs, win);
        double[] out = new double[xs.size()];
        for (int o = 0; o < map.length; o++) {
            if (map[o] >= 0) {
                out[map[o]] += g.get(o);
            }
        }
        return Tensor.of(g.dtype(), xs, out);
    }
}
