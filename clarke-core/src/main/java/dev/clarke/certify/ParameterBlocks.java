package dev.clarke.certify;

import dev.clarke.nn.BatchNorm;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;

/**
 * Where each layer's parameters sit in the flat order of {@link Sequential#parameterShapes()}, and the
 * blocks of {@link PathTangent}: a convolution's output channel (weights [O, C, K, K], then bias
 * [O]) or a linear layer's neuron (weight [in, out], then bias [out]).
 */
final class ParameterBlocks {

    private final Sequential net;
    private final int[] offset;

    ParameterBlocks(Sequential net) {
        this.net = net;
        this.offset = new int[net.layers().size() + 1];
        for (int m = 0; m < net.layers().size(); m++) {
            long size = 0;
            for (Shape s : net.layers().get(m).parameterShapes()) {
                size += s.size();
            }
            offset[m + 1] = Math.toIntExact(offset[m] + size);
        }
    }

    /** Total number of scalar parameters. */
    int count() {
        return offset[offset.length - 1];
    }

    /** Whether the tangents' coefficients are the weights' own (not so for a batch normalisation). */
    boolean coefficientsAreWeights(int p) {
        return !(net.layers().get(p) instanceof BatchNorm);
    }

    /** The flat index of coordinate k of block b's weights in layer p. */
    int weight(int p, int b, int k) {
        Layer l = net.layers().get(p);
        if (l instanceof Conv2d) {
            Conv2d c = (Conv2d) l;
            return offset[p] + b * c.inChannels() * c.kernel() * c.kernel() + k;
        }
        if (l instanceof Convolution2d) {
            return offset[p] + b * patchSize((Convolution2d) l) + k;
        }
        Linear lin = (Linear) l;
        return offset[p] + k * lin.out() + b;
    }

    /** The flat index of block b's bias in layer p (β of a batch normalisation's channel b). */
    int bias(int p, int b) {
        Layer l = net.layers().get(p);
        if (l instanceof BatchNorm) {
            return offset[p] + ((BatchNorm) l).channels() + b;
        }
        if (l instanceof Conv2d) {
            Conv2d c = (Conv2d) l;
            return offset[p] + c.outChannels() * c.inChannels() * c.kernel() * c.kernel() + b;
        }
        if (l instanceof Convolution2d) {
            return offset[p] + ((Convolution2d) l).outChannels() * patchSize((Convolution2d) l) + b;
        }
        Linear lin = (Linear) l;
        return offset[p] + lin.in() * lin.out() + b;
    }

    /** {@return the flat index just past layer p's parameters} */
    int end(int p) {
        return offset[p + 1];
    }

    /**
     * A tangent as a vector over the flat parameter indices [first, first + size): its weight
     * coordinates at their weights (when the coefficients are weights), its bias coordinate at the
     * block's bias.
     */
    Rational[] dense(int p, PathTangent t, int first, int size) {
        Rational[] v = RationalVectors.zeros(size);
        if (!t.isZero()) {
            Rational[] x = t.exact();
            int weights = x.length - (t.bias() ? 1 : 0);
            for (int k = 0; coefficientsAreWeights(p) && k < weights; k++) {
                v[weight(p, t.block(), k) - first] = x[k];
            }
            if (t.bias()) {
                v[bias(p, t.block()) - first] = x[x.length - 1];
            }
        }
        return v;
    }

    /** Every bias of layer p (none for a convolution without bias). */
    int[] biases(int p) {
        Layer l = net.layers().get(p);
        if (!ConvGeometry.hasBias(l)) {
            return new int[0];
        }
        int n = l instanceof Conv2d ? ((Conv2d) l).outChannels() : l instanceof Convolution2d
                ? ((Convolution2d) l).outChannels() : l instanceof BatchNorm ? ((BatchNorm) l).channels()
                : ((Linear) l).out();
        int[] out = new int[n];
        for (int b = 0; b < n; b++) {
            out[b] = bias(p, b);
        }
        return out;
    }

    /** The weights of one output channel of a general convolution: C_in/G·kh·kw. */
    private static int patchSize(Convolution2d c) {
        return c.inChannels() / c.groups() * c.window().kh() * c.window().kw();
    }
}
