package dev.clarke.onnx;

import dev.clarke.onnx.OnnxGraph.Node;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape computations, evaluated when the model is read: PyTorch exports {@code x.view(x.size(0), -1)}
 * as Shape → Gather → Unsqueeze → Concat → Reshape. The batch size is not known then, so it is
 * carried as the marker {@link #BATCH}, which Reshape reads as "keep the batch axis". These
 * values are constants of the build; no operator may use them as data.
 */
final class ShapeOperators {

    /** The batch size inside a shape computation. */
    static final long BATCH = Long.MIN_VALUE / 2;

    private ShapeOperators() {
    }

    private static Compiled folded(Node n, GraphBuilder g, long[] values, int[] dims) {
        TensorData t = new TensorData("", TensorData.INT64, dims, null, values);
        g.defineShape(n, t);
        long[] dry = values.clone();
        for (int i = 0; i < dry.length; i++) {
            dry[i] = dry[i] == BATCH ? GraphBuilder.DRY_BATCH : dry[i];
        }
        TensorData d = new TensorData("", TensorData.INT64, dims, null, dry);
        return Compiled.function(n, (tr, x) -> tr.constant(GraphBuilder.tensor(d, tr.dtype())));
    }

    static Compiled shape(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        g.markStatic(0);
        Shape s = g.shape(n, 0);
        int r = s.rank();
        int start = a.integer("start", 0, -r, r);
        int end = a.integer("end", r, -r, r);
        start = start < 0 ? start + r : start;
        end = end < 0 ? end + r : end;
        long[] v = new long[Math.max(0, end - start)];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i == 0 && g.batched(n, 0) ? BATCH : s.dim(start + i);
        }
        return folded(n, g, v, new int[] {v.length});
    }

    private static TensorData integers(Node n, Attrs a, GraphBuilder g, int slot, String what) {
        if (!g.isConstant(n, slot)) {
            throw a.error("is supported only on shapes and integer constants, but input " + what + " is computed from the data");
        }
        TensorData t = g.constant(n, a, slot, what);
        if (t.isReal()) {
            throw a.error("is supported only on integer constants, but input " + what + " holds floating-point values");
        }
        return t;
    }

    static Compiled gather(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 2);
        TensorData data = integers(n, a, g, 0, "data");
        TensorData idx = integers(n, a, g, 1, "indices");
        if (data.dims().length != 1 || idx.dims().length > 1 || a.integer("axis", 0, 0, 0) != 0) {
            throw a.error("is supported only on 1-D shapes with scalar or 1-D indices");
        }
        long[] out = new long[idx.size()];
        for (int i = 0; i < out.length; i++) {
            long k = idx.ints()[i] < 0 ? idx.ints()[i] + data.size() : idx.ints()[i];
            if (k < 0 || k >= data.size()) {
                throw a.error("index " + idx.ints()[i] + " is out of range for " + data.size() + " values");
            }
            out[i] = data.ints()[(int) k];
        }
        return folded(n, g, out, idx.dims().clone());
    }

    static Compiled unsqueeze(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 2);
        TensorData data = integers(n, a, g, 0, "data");
        long[] axes = n.inputs().size() > 1 ? integers(n, a, g, 1, "axes").ints() : a.ints("axes", null, -1);
        if (axes == null || axes.length != 1 || data.dims().length > 1) {
            throw a.error("is supported only on shapes of rank 0 or 1, with one axis");
        }
        int r = data.dims().length + 1;
        long ax = axes[0] < 0 ? axes[0] + r : axes[0];
        if (ax < 0 || ax >= r) {
            throw a.error("axis " + axes[0] + " is out of range");
        }
        int[] dims = data.dims().length == 0 ? new int[] {1} : ax == 0 ? new int[] {1, data.size()} : new int[] {data.size(), 1};
        return folded(n, g, data.ints().clone(), dims);
    }

    static boolean allIntegerConstants(Node n, GraphBuilder g) {
        for (int i = 0; i < n.inputs().size(); i++) {
            if (!g.isConstant(n, i) || g.shape(n, i) == null) {
                return false;
            }
        }
        return !n.inputs().isEmpty();
    }

    static Compiled concat(Node n, Attrs a, GraphBuilder g) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            TensorData t = integers(n, a, g, i, "#" + i);
            if (t.dims().length != 1) {
                throw a.error("joins integer constants that are not 1-D: " + Arrays.toString(t.dims()));
            }
            for (long v : t.ints()) {
                out.add(v);
            }
        }
        if (out.size() > 64) {
            throw a.error("makes a shape of more than 64 entries");
        }
        return folded(n, g, out.stream().mapToLong(Long::longValue).toArray(), new int[] {out.size()});
    }

    /** Cast of a constant or shape computation, done when the model is read (integers truncated toward zero). */
    static Compiled castConstant(Node n, Attrs a, GraphBuilder g, int type) {
        boolean shape = g.isShape(n, 0);
        TensorData t = g.constant(n, a, 0, "input");
        if (type == TensorData.INT64 || shape) {
            long[] v = new long[t.size()];
            for (int i = 0; i < v.length; i++) {
                double d = t.isReal() ? t.reals()[i] : t.ints()[i];
                if (t.isReal() && !(Math.abs(d) < 9.2e18)) {
                    throw a.error("cannot cast " + d + " to an integer");
                }
                v[i] = t.isReal() ? (long) d : t.ints()[i];
            }
            if (shape) {
                return folded(n, g, v, t.dims().clone());
            }
            TensorData out = new TensorData("", TensorData.INT64, t.dims().clone(), null, v);
            g.defineConstant(n, out);
            return Compiled.function(n, (tr, x) -> tr.constant(GraphBuilder.tensor(out, tr.dtype())));
        }
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.isReal() ? (type == TensorData.FLOAT ? (float) t.reals()[i] : t.reals()[i]) : t.ints()[i];
        }
        TensorData out = new TensorData("", type, t.dims().clone(), v, null);
        g.defineConstant(n, out);
        return Compiled.function(n, (tr, x) -> tr.constant(GraphBuilder.tensor(out, tr.dtype())));
    }
}
