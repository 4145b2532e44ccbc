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
 * ordered (c, kh, kw); OH = (H + 2p − K)/s + 1. Its adjoint {@code col2im} adds every patch entry
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
        Shape xs = x.shape();
        return x.trace().custom("im2col", im2col(x.value(), k, s, p), List.of(x),
                g -> List.of(col2im(g, xs, k, s, p)),
                ts -> ts.get(0) == null ? x.trace().constant(Tensor.zeros(colsShape(xs, k, s, p), x.dtype()))
                        : im2col(ts.get(0), k, s, p));
    }

    /** col2im on the trace: the adjoint of {@link #im2col(Var, int, int, int)} for inputs of shape xs. */
    static Var col2im(Var cols, Shape xs, int k, int s, int p) {
        return cols.trace().custom("col2im", col2im(cols.value(), xs, k, s, p), List.of(cols),
                g -> List.of(im2col(g, k, s, p)),
                ts -> ts.get(0) == null ? cols.trace().constant(Tensor.zeros(xs, cols.dtype()))
                        : col2im(ts.get(0), xs, k, s, p));
    }

    static Shape colsShape(Shape xs, int k, int s, int p) {
        int oh = outSize(xs.dim(2), k, s, p);
        int ow = outSize(xs.dim(3), k, s, p);
        return Shape.of(xs.dim(0) * oh * ow, xs.dim(1) * k * k);
    }

    /**
     * The patch map shared by both directions: for every entry of the [N·OH·OW, C·K·K] matrix, the
     * flat index of the pixel of an image shaped xs it comes from, or −1 where the patch leaves
     * the image (padding).
     */
    static int[] patchMap(Shape xs, int k, int s, int p) {
        int n = xs.dim(0);
        int c = xs.dim(1);
        int h = xs.dim(2);
        int w = xs.dim(3);
        int oh = outSize(h, k, s, p);
        int ow = outSize(w, k, s, p);
        int[] map = new int[n * oh * ow * c * k * k];
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        int base = (b * c + ch) * h * w;
                        for (int u = 0; u < k; u++) {
                            int y = i * s - p + u;
                            for (int v = 0; v < k; v++, o++) {
                                int z = j * s - p + v;
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
    static Tensor im2col(Tensor x, int k, int s, int p) {
        int[] map = patchMap(x.shape(), k, s, p);
        double[] out = new double[map.length];
        for (int o = 0; o < map.length; o++) {
            if (map[o] >= 0) {
                out[o] = x.get(map[o]);
            }
        }
        return Tensor.of(x.dtype(), colsShape(x.shape(), k, s, p), out);
    }

    /** The values of col2im: patch entries summed back into an image of shape xs (a scatter-add). */
    static Tensor col2im(Tensor g, Shape xs, int k, int s, int p) {
        int[] map = patchMap(xs, k, s, p);
        double[] out = new double[xs.size()];
        for (int o = 0; o < map.length; o++) {
            if (map[o] >= 0) {
                out[map[o]] += g.get(o);
            }
        }
        return Tensor.of(g.dtype(), xs, out);
    }
}
