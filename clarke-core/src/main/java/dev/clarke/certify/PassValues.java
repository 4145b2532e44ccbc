package dev.clarke.certify;

import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Tensor;

/** The values of a recorded forward pass, layer by layer, read by sample and element. */
final class PassValues {

    private final Sequential net;
    private final Sequential.Pass pass;
    private final Tensor[] outputs;
    private final Tensor input;
    private final int batch;
    private final int[] sizes;

    PassValues(Sequential net, Sequential.Pass pass) {
        this.net = net;
        this.pass = pass;
        int n = net.layers().size();
        this.outputs = new Tensor[n];
        for (int m = 0; m < n; m++) {
            outputs[m] = pass.layerOutputs().get(m).value();
        }
        this.input = pass.layerInputs().get(0).value();
        this.sizes = new int[n + 1];   // elements per sample after layer m, at m + 1 (−1: the input)
        for (int m = -1; m < n; m++) {
            sizes[m + 1] = net.shapeAfter(m).size();
        }
        this.batch = input.shape().dim(0);
    }

    /** Batch size. */
    int batch() {
        return batch;
    }

    /** Element e of sample s after layer m (m = −1: the input). */
    double get(int m, int s, int e) {
        return (m < 0 ? input : outputs[m]).get(s * sizes[m + 1] + e);
    }

    /** Whether layer m returned its input unchanged (e.g. dropout outside training). */
    boolean passesThrough(int m) {
        return pass.layerOutputs().get(m).nodeId() == pass.layerInputs().get(m).nodeId();
    }
}
