package dev.clarke.nn;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The dense reading of a {@link Sequential}: {@link Linear} layers each optionally followed by an activation. */
final class DenseStack {

    private DenseStack() {
    }

    /** The dense layers of {@code layers}, or null when they are not a dense stack. */
    static List<Dense> of(List<Layer> layers) {
        List<Dense> ds = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (!(layers.get(l) instanceof Linear)) {
                return null;
            }
            Linear lin = (Linear) layers.get(l);
            Activation act = null;
            if (l + 1 < layers.size() && layers.get(l + 1) instanceof ActivationLayer) {
                act = ((ActivationLayer) layers.get(++l)).activation();
            }
            ds.add(new Dense(lin.in(), lin.out(), lin.bias(), act));
        }
        return List.copyOf(ds);
    }

    /** The input width of {@code layers}, after checking that their widths chain. */
    static int inputWidth(List<Dense> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).in() != layers.get(l - 1).out()) {
                throw new IllegalArgumentException("Sequential: layer " + (l + 1) + " takes " + layers.get(l).in()
                        + " inputs but layer " + l + " gives " + layers.get(l - 1).out());
            }
        }
        return layers.get(0).in();
    }

    /** Each dense layer as a {@link Linear} and its activation layer. */
    static List<Layer> toLayers(List<Dense> layers) {
        List<Layer> out = new ArrayList<>();
        for (Dense d : layers) {
            out.add(new Linear(d.in(), d.out(), d.bias(), Init.HE));
            if (d.activation() != null) {
                out.add(new ActivationLayer(d.activation()));
            }
        }
        return out;
    }

    /** A pass of the dense network of {@code layers}, by dense layer. */
    static DensePass pass(List<Layer> layers, Sequential.Pass pass) {
        List<dev.clarke.ad.Var> inputs = new ArrayList<>();
        List<Integer> nodes = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            inputs.add(pass.layerInputs().get(l));
            if (l + 1 < layers.size() && layers.get(l + 1) instanceof ActivationLayer) {
                nodes.add(pass.layerOutputs().get(++l).nodeId());
            } else {
                nodes.add(-1);
            }
        }
        int[] an = new int[nodes.size()];
        for (int i = 0; i < an.length; i++) {
            an[i] = nodes.get(i);
        }
        return new DensePass(pass.output(), inputs, an, pass.leaves());
    }

    /** Rows of equal length as a [batch, in] tensor. */
    static Tensor batch(DType dtype, double[][] rows) {
        int b = rows.length;
        int in = rows[0].length;
        double[] flat = new double[b * in];
        for (int s = 0; s < b; s++) {
            if (rows[s].length != in) {
                throw new IllegalArgumentException("inputs: row " + s + " has " + rows[s].length + " values, row 0 has " + in);
            }
            System.arraycopy(rows[s], 0, flat, s * in, in);
        }
        return Tensor.of(dtype, Shape.of(b, in), flat);
    }
}
