package dev.clarke.nn;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of a {@link Sequential} network as one flat vector w, ordered layer by layer: W_l
 * row-major ([in, out], so W_l[j, i] connects input j to neuron i) and then b_l. Knows which
 * coordinate is which weight and which is the bias of each neuron.
 */
public final class Parameters {

    private final Sequential net;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] values;

    /**
     * The parameters of {@code net} with the given flat values (copied).
     *
     * @param net the network
     * @param values its parameters, flat
     */
    public Parameters(Sequential net, double[] values) {
        this.net = net;
        int L = net.depth();
        weightOffset = new int[L];
        biasOffset = new int[L];
        int o = 0;
        for (int l = 0; l < L; l++) {
            Dense d = net.layer(l);
            weightOffset[l] = o;
            o += d.in() * d.out();
            biasOffset[l] = d.bias() ? o : -1;
            o += d.bias() ? d.out() : 0;
        }
        if (values.length != o) {
            throw new IllegalArgumentException("Parameters: " + values.length + " values for a network with " + o
                    + " parameters");
        }
        this.values = values.clone();
    }

    /**
     * The network.
     *
     * @return the network
     */
    public Sequential network() {
        return net;
    }

    /**
     * Number of parameters.
     *
     * @return the number of parameters
     */
    public int size() {
        return values.length;
    }

    /**
     * The flat values (a copy).
     *
     * @return a copy of the values
     */
    public double[] values() {
        return values.clone();
    }

    /**
     * Coordinate {@code k}.
     *
     * @param k the coordinate
     * @return its value
     */
    public double get(int k) {
        return values[k];
    }

    /**
     * Flat index of W_l[j, i] (layer l from 0, input j, neuron i).
     *
     * @param layer the layer, from 0
     * @param input the input j
     * @param neuron the neuron i
     * @return the flat index
     */
    public int weightIndex(int layer, int input, int neuron) {
        return weightOffset[layer] + input * net.layer(layer).out() + neuron;
    }

    /**
     * Flat index of the bias of neuron i of layer l, or −1 when the layer has no bias.
     *
     * @param layer the layer, from 0
     * @param neuron the neuron
     * @return the flat index, or −1
     */
    public int biasIndex(int layer, int neuron) {
        return biasOffset[layer] < 0 ? -1 : biasOffset[layer] + neuron;
    }

    /**
     * The name of coordinate k, e.g. {@code W1[0,1]} or {@code b2[0]} (layers from 1).
     *
     * @param k the coordinate
     * @return its name
     */
    public String name(int k) {
        for (int l = net.depth() - 1; l >= 0; l--) {
            if (biasOffset[l] >= 0 && k >= biasOffset[l]) {
                return "b" + (l + 1) + "[" + (k - biasOffset[l]) + "]";
            }
            if (k >= weightOffset[l]) {
                int r = k - weightOffset[l];
                int out = net.layer(l).out();
                return "W" + (l + 1) + "[" + r / out + "," + r % out + "]";
            }
        }
        throw new IndexOutOfBoundsException("parameter " + k + " of " + values.length);
    }

    /**
     * The parameters as tensors W_1, (b_1,) W_2, ... in the given dtype.
     *
     * @param dtype the dtype of the tensors
     * @return the tensors
     */
    public List<Tensor> tensors(DType dtype) {
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            int w = weightOffset[l];
            out.add(Tensor.of(dtype, Shape.of(d.in(), d.out()), Arrays.copyOfRange(values, w, w + d.in() * d.out())));
            if (d.bias()) {
                int b = biasOffset[l];
                out.add(Tensor.of(dtype, Shape.of(d.out()), Arrays.copyOfRange(values, b, b + d.out())));
            }
        }
        return out;
    }

    /**
     * The flat vector of per-tensor values in the order of {@link #tensors} (e.g. gradients).
     *
     * @param tensors the tensors
     * @return their values, flat
     */
    public static double[] flatten(List<Tensor> tensors) {
        int n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        double[] out = new double[n];
        int o = 0;
        for (Tensor t : tensors) {
            for (int i = 0; i < t.size(); i++) {
                out[o++] = t.get(i);
            }
        }
        return out;
    }

    /**
     * These parameters with coordinate k set to v.
     *
     * @param k the coordinate
     * @param v its new value
     * @return the new parameters
     */
    public Parameters with(int k, double v) {
        double[] c = values.clone();
        c[k] = v;
        return new Parameters(net, c);
    }
}
