package dev.clarke.certify;

import dev.clarke.nn.Conv2d;
import dev.clarke.nn.MaxPool2d;
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
}
