package dev.clarke.onnx;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.BatchNorm;
import dev.clarke.nn.Clamp;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.SmoothLayer;
import dev.clarke.nn.Window2d;
import dev.clarke.onnx.OnnxGraph.Node;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.tensor.Shape;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The builders of the operators that are Clarke {@link Layer}s: convolution, pooling, Gemm as a
 * linear layer, batch normalisation, the pointwise activations, softmax and Flatten. A node that
 * does not fit its layer (Gemm with alpha ≠ 1, say) is built as a function of the same
 * {@link dev.clarke.ad.Var} operations instead.
 */
final class LayerOperators {

    private static final int MAX = Window2d.MAX_EXTENT;

    private LayerOperators() {
    }

    /** Makes a layer, turning its size checks into errors naming the node. */
    private static Layer make(Attrs a, Supplier<Layer> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw a.error(e.getMessage());
        }
    }

    private static Shape image(Node n, Attrs a, GraphBuilder g) {
        Shape xs = g.shape(n, 0);
        if (xs.rank() != 4 || !g.batched(n, 0)) {
            throw a.error("only 2-D images [batch, C, H, W] computed from the model's input are supported, got " + xs);
        }
        return xs;
    }

    /** The window of a Conv or pooling node with a kh×kw kernel. */
    private static Window2d window(Attrs a, int kh, int kw) {
        String autoPad = a.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID") && !autoPad.isEmpty()) {
            throw a.error("auto_pad = " + autoPad + " is not supported; supported: NOTSET (explicit pads) and VALID");
        }
        int[] s = a.ints("strides", new long[] {1, 1}, 2, 1, MAX);
        int[] d = a.ints("dilations", new long[] {1, 1}, 2, 1, MAX);
        int[] p = a.ints("pads", new long[] {0, 0, 0, 0}, 4, 0, MAX);
        if (autoPad.equals("VALID") && Arrays.stream(p).sum() > 0) {
            throw a.error("auto_pad = VALID with non-zero pads " + Arrays.toString(p));
        }
        return new Window2d(kh, kw, s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3]);
    }

    static Compiled conv(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 3);
        Shape xs = image(n, a, g);
        Shape ws = g.shape(n, 1);
        if (ws.rank() != 4 || g.batched(n, 1)) {
            throw a.error("the weight must be a [C_out, C_in/group, kh, kw] tensor independent of the input, got " + ws);
        }
        int[] k = a.ints("kernel_shape", new long[] {ws.dim(2), ws.dim(3)}, 2, 1, MAX);
        if (k[0] != ws.dim(2) || k[1] != ws.dim(3)) {
            throw a.error("kernel_shape " + Arrays.toString(k) + " differs from the weight's " + ws);
        }
        int group = a.integer("group", 1, 1, MAX);
        Window2d w = window(a, k[0], k[1]);
        int c = xs.dim(1);
        int o = ws.dim(0);
        if (ws.dim(1) * group != c) {
            throw a.error("the weight " + ws + " with group " + group + " does not fit " + c + " input channels");
        }
        Shape bs = g.shape(n, 2);
        boolean bias = bs != null;
        if (bias && (bs.rank() != 1 || bs.dim(0) != o || g.batched(n, 2))) {
            throw a.error("the bias must be a [" + o + "] tensor independent of the input, got " + bs);
        }
        boolean plain = group == 1 && bias && w.isSquare();
        return Compiled.layer(n, make(a, () -> plain ? new Conv2d(c, o, k[0], w.sh(), w.top(), Init.HE)
                : new Convolution2d(c, o, w, group, bias, Init.HE)));
    }

    static Compiled maxPool(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        image(n, a, g);
        int[] k = kernel(a);
        if (a.integer("storage_order", 0, 0, 0) != 0) {
            throw a.error("storage_order must be 0");
        }
        boolean ceil = a.integer("ceil_mode", 0, 0, 1) == 1;
        Window2d w = window(a, k[0], k[1]);
        boolean plain = !ceil && w.isSquare() && w.top() == 0;
        return Compiled.layer(n, make(a, () -> plain ? new MaxPool2d(w.kh(), w.sh()) : new Pool2d(Pool2d.Kind.MAX, w, ceil, false)));
    }

    static Compiled averagePool(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        image(n, a, g);
        int[] k = kernel(a);
        boolean ceil = a.integer("ceil_mode", 0, 0, 1) == 1;
        boolean includePad = a.integer("count_include_pad", 0, 0, 1) == 1;
        Window2d w = window(a, k[0], k[1]);
        return Compiled.layer(n, make(a, () -> new Pool2d(Pool2d.Kind.AVERAGE, w, ceil, includePad)));
    }

    private static int[] kernel(Attrs a) {
        if (!a.has("kernel_shape")) {
            throw a.error("attribute kernel_shape is missing");
        }
        return a.ints("kernel_shape", null, 2, 1, MAX);
    }

    static Compiled globalAveragePool(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        image(n, a, g);
        return Compiled.layer(n, new GlobalAvgPool2d());
    }

    static Compiled gemm(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 3);
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        boolean ta = a.integer("transA", 0, 0, 1) == 1;
        boolean tb = a.integer("transB", 0, 0, 1) == 1;
        Shape as = g.shape(n, 0);
        Shape bs = g.shape(n, 1);
        Shape cs = g.shape(n, 2);
        if (as.rank() != 2 || bs.rank() != 2) {
            throw a.error("A and B must be matrices, got " + as + " and " + bs);
        }
        if (g.batched(n, 1) || g.batched(n, 0) && ta || cs != null && g.batched(n, 2)) {
            throw a.error("only A may depend on the input, untransposed (rows are samples)");
        }
        int in = tb ? bs.dim(1) : bs.dim(0);
        int out = tb ? bs.dim(0) : bs.dim(1);
        if ((long) (ta ? as.dim(1) : as.dim(0)) * out > g.limits.maxElements() * GraphBuilder.DRY_BATCH) {
            throw a.error("output of " + as + " times " + bs + " exceeds the limit of " + g.limits.maxElements() + " elements per sample");
        }
        if (alpha == 1f && beta == 1f && !ta && g.batched(n, 0) && cs != null && cs.rank() == 1 && cs.dim(0) == out) {
            return Compiled.layer(n, make(a, () -> new Linear(in, out, Init.HE)), tb);
        }
        return Compiled.function(n, (t, x) -> {
            var y = (ta ? x[0].transpose(0, 1) : x[0]).matmul(tb ? x[1].transpose(0, 1) : x[1]);
            y = alpha == 1f ? y : y.mul(alpha);
            return x.length < 3 || x[2] == null ? y : y.add(beta == 1f ? x[2] : x[2].mul(beta));
        });
    }

    static Compiled batchNorm(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 5, 5);
        if (a.integer("training_mode", 0, 0, 1) != 0) {
            throw a.error("training_mode = 1 is not supported; export the model in eval mode");
        }
        float eps = a.real("epsilon", 1e-5f);
        Shape xs = g.shape(n, 0);
        if (xs.rank() < 2 || !g.batched(n, 0)) {
            throw a.error("expects [batch, C, ...] computed from the model's input, got " + xs);
        }
        int c = xs.dim(1);
        for (int i = 1; i < 5; i++) {
            if (!Shape.of(c).equals(g.shape(n, i)) || g.batched(n, i)) {
                throw a.error("input " + i + " must be a [" + c + "] tensor independent of the input, got " + g.shape(n, i));
            }
        }
        return Compiled.layer(n, make(a, () -> new BatchNorm(c, eps)));
    }

    static Compiled activation(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        Activation act;
        switch (n.opType()) {
            case "Relu": act = Activation.relu(); break;
            case "LeakyRelu": act = Activation.leakyRelu(a.real("alpha", 0.01f)); break;
            case "HardSwish": act = Activation.hardswish(); break;
            default: act = Activation.abs(); break;
        }
        return Compiled.layer(n, new ActivationLayer(act));
    }

    static Compiled clip(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 3);
        TensorData min = g.constant(n, a, 1, "min");
        TensorData max = g.constant(n, a, 2, "max");
        if ((min != null || max != null) && (a.has("min") || a.has("max"))) {
            throw a.error("gives its bounds both as inputs and as attributes");
        }
        double lo = min != null ? scalar(a, min, "min") : a.real("min", Float.NEGATIVE_INFINITY);
        double hi = max != null ? scalar(a, max, "max") : a.real("max", Float.POSITIVE_INFINITY);
        if (!(lo <= hi)) {
            throw a.error("min " + lo + " exceeds max " + hi);
        }
        Layer layer = lo == 0 && hi == 6 ? new ActivationLayer(Activation.relu6())
                : lo == -1 && hi == 1 ? new ActivationLayer(Activation.hardtanh())
                : Double.isFinite(lo) && Double.isFinite(hi) ? new ActivationLayer(Activation.clamp(lo, hi))
                : Double.isFinite(lo) ? new ActivationLayer(Activation.clampMin(lo))
                : Double.isFinite(hi) ? new ActivationLayer(Activation.clampMax(hi))
                : new Clamp(lo, hi);   // no bound: the identity
        return Compiled.layer(n, layer);
    }

    private static double scalar(Attrs a, TensorData t, String what) {
        if (t.size() != 1) {
            throw a.error(what + " must be a single number, got " + t.size() + " values");
        }
        double v = t.isReal() ? t.reals()[0] : t.ints()[0];
        if (Double.isNaN(v)) {
            throw a.error(what + " is NaN");
        }
        return v;
    }

    static Compiled hardSigmoid(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        float alpha = a.real("alpha", 0.2f);
        float beta = a.real("beta", 0.5f);
        if (alpha == (float) (1.0 / 6) && beta == 0.5f) {
            return Compiled.layer(n, new ActivationLayer(Activation.hardsigmoid()));
        }
        if (!Float.isFinite(alpha) || !Float.isFinite(beta)) {
            throw a.error("alpha and beta must be finite, got " + alpha + ", " + beta);
        }
        return Compiled.function(n, (t, x) -> x[0].mul(alpha).add(beta).clamp(0, 1));
    }

    static Compiled smooth(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        return Compiled.layer(n, new SmoothLayer(n.opType().equals("Sigmoid") ? SmoothLayer.Kind.SIGMOID : SmoothLayer.Kind.TANH));
    }

    static Compiled softmax(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        boolean log = n.opType().equals("LogSoftmax");
        Shape xs = g.shape(n, 0);
        int r = xs.rank();
        int axis = a.integer("axis", g.opset() >= 13 ? -1 : 1, -r, r - 1);
        int ax = axis < 0 ? axis + r : axis;
        if (ax == 0 && g.batched(n, 0)) {
            throw a.error("axis 0 is the batch axis; models must treat samples independently");
        }
        if (ax == r - 1) {
            return Compiled.layer(n, new SmoothLayer(log ? SmoothLayer.Kind.LOG_SOFTMAX : SmoothLayer.Kind.SOFTMAX));
        }
        if (g.opset() >= 13) {
            return Compiled.function(n, (t, x) -> log ? x[0].logSoftmax(ax) : x[0].softmax(ax));
        }
        return Compiled.function(n, (t, x) -> { // before opset 13: over the axes from `axis` on, flattened
            int[] d = x[0].shape().dims();
            int inner = 1;
            for (int i = ax; i < d.length; i++) {
                inner *= d[i];
            }
            var flat = x[0].reshape(d[0], x[0].shape().size() / d[0] / inner, inner);
            return (log ? flat.logSoftmax(2) : flat.softmax(2)).reshape(d);
        });
    }

    static Compiled flatten(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        int r = g.shape(n, 0).rank();
        int axis = a.integer("axis", 1, -r, r);
        if ((axis < 0 ? axis + r : axis) != 1 || !g.batched(n, 0)) {
            throw a.error("axis = " + axis + " is not supported; supported: 1 (keep the batch axis, flatten each sample)");
        }
        return Compiled.layer(n, new Flatten());
    }
}
