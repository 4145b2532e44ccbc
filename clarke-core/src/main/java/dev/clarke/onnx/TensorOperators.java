package dev.clarke.onnx;

import dev.clarke.ad.Var;
import dev.clarke.nn.Flatten;
import dev.clarke.onnx.OnnxGraph.Attribute;
import dev.clarke.onnx.OnnxGraph.Node;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.tensor.Shape;
import java.util.Arrays;

/**
 * The builders of the operators that are functions of tensors rather than layers: broadcasting
 * arithmetic, elementwise max/min, matrix products, reshapes, transposes, concatenation, pass-
 * throughs and constants. Each checks that samples stay independent: a constant operand may not
 * fix the batch axis, and no reshape, transpose or concatenation may act across it.
 */
final class TensorOperators {

    private TensorOperators() {
    }

    /** Checks that a constant operand broadcasts over the batch: if it has the output's rank, its first axis is 1. */
    private static void broadcastsOverBatch(Node n, Attrs a, GraphBuilder g, Shape out) {
        boolean any = false;
        for (int i = 0; i < n.inputs().size(); i++) {
            any |= g.batched(n, i);
        }
        for (int i = 0; any && i < n.inputs().size(); i++) {
            Shape s = g.shape(n, i);
            if (!g.batched(n, i) && s.rank() == out.rank() && s.dim(0) != 1) {
                throw a.error("constant operand '" + n.inputs().get(i) + "' of shape " + s
                        + " spans the batch axis; its first axis must be 1 to broadcast over the samples");
            }
        }
    }

    private static Shape broadcast(Node n, Attrs a, GraphBuilder g) {
        Shape out = g.shape(n, 0);
        try {
            for (int i = 1; i < n.inputs().size(); i++) {
                out = out.broadcastWith(g.shape(n, i));
            }
        } catch (IllegalArgumentException e) {
            throw a.error(e.getMessage());
        }
        if ((long) out.size() > g.limits.maxElements() * GraphBuilder.DRY_BATCH) {
            throw a.error("output " + out + " exceeds the limit of " + g.limits.maxElements() + " elements per sample");
        }
        broadcastsOverBatch(n, a, g, out);
        return out;
    }

    static Compiled arithmetic(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 2);
        broadcast(n, a, g);
        switch (n.opType()) {
            case "Add": return Compiled.function(n, (t, x) -> x[0].add(x[1]));
            case "Sub": return Compiled.function(n, (t, x) -> x[0].sub(x[1]));
            case "Mul": return Compiled.function(n, (t, x) -> x[0].mul(x[1]));
            default: return Compiled.function(n, (t, x) -> x[0].div(x[1]));
        }
    }

    static Compiled extreme(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 64);
        broadcast(n, a, g);
        boolean max = n.opType().equals("Max");
        return Compiled.function(n, (t, x) -> {
            Var y = x[0];
            for (int i = 1; i < x.length; i++) {
                y = max ? y.max(x[i]) : y.min(x[i]);
            }
            return y;
        });
    }

    static Compiled matMul(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 2);
        Shape as = g.shape(n, 0);
        Shape bs = g.shape(n, 1);
        if (as.rank() < 1 || bs.rank() < 1) {
            throw a.error("operands must not be scalars, got " + as + " and " + bs);
        }
        if (g.batched(n, 1) && bs.rank() < 3 || g.batched(n, 0) && as.rank() < 2) {
            throw a.error("contracts over the batch axis (" + as + " times " + bs + "); models must treat samples independently");
        }
        long rows = as.rank() == 1 ? 1 : as.dim(as.rank() - 2);
        long cols = bs.rank() == 1 ? 1 : bs.dim(bs.rank() - 1);
        long batch = Math.max((long) as.size() / Math.max(1, as.dim(as.rank() - 1) * rows), 1)
                * Math.max((long) bs.size() / Math.max(1, bs.dim(Math.max(0, bs.rank() - 2)) * cols), 1);
        if (rows * cols * batch > g.limits.maxElements() * GraphBuilder.DRY_BATCH) {
            throw a.error("output of " + as + " times " + bs + " exceeds the limit of " + g.limits.maxElements() + " elements per sample");
        }
        return Compiled.function(n, (t, x) -> x[0].matmul(x[1]));
    }

    static Compiled reshape(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 2);
        if (a.integer("allowzero", 0, 0, 1) != 0) {
            throw a.error("allowzero = 1 is not supported");
        }
        TensorData target = g.constant(n, a, 1, "shape");
        if (target.isReal() || target.dims().length != 1 || target.size() > 8) {
            throw a.error("the shape must be a 1-D integer tensor of rank at most 8, got " + Arrays.toString(target.dims()));
        }
        long[] tgt = target.ints();
        Shape xs = g.shape(n, 0);
        if (!g.batched(n, 0)) {
            int[] dims = resolve(a, tgt, xs, 0);
            return Compiled.function(n, (t, x) -> x[0].reshape(dims));
        }
        OnnxException mixes = a.error("the shape " + Arrays.toString(tgt) + " does not keep the batch axis first (0, -1"
                + " or the exported batch " + g.exportBatch + ", then the sample's shape); models must treat samples independently");
        if (tgt.length == 0 || !(tgt[0] == 0 || tgt[0] == -1 || tgt[0] == ShapeOperators.BATCH
                || tgt[0] == g.exportBatch && g.exportBatch > 0)) {
            throw mixes;
        }
        int[] sample;
        try {
            sample = resolve(a, Arrays.copyOfRange(tgt, 1, tgt.length), Shape.of(Arrays.copyOfRange(xs.dims(), 1, xs.rank())), 1);
        } catch (OnnxException e) {
            throw tgt[0] == -1 ? mixes : e;
        }
        if (sample.length == 1) {
            return Compiled.layer(n, new Flatten());
        }
        return Compiled.function(n, (t, x) -> {
            int[] dims = new int[sample.length + 1];
            dims[0] = x[0].shape().dim(0);
            System.arraycopy(sample, 0, dims, 1, sample.length);
            return x[0].reshape(dims);
        });
    }

    /** ONNX's reshape rules for {@code tgt} applied to {@code in}: 0 copies a dimension, one −1 is inferred. */
    private static int[] resolve(Attrs a, long[] tgt, Shape in, int offset) {
        int[] out = new int[tgt.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < tgt.length; i++) {
            long v = tgt[i];
            if (v == 0 && i < in.rank()) {
                v = in.dim(i);
            } else if (v == -1 && infer < 0) {
                infer = i;
                continue;
            } else if (v < 1 || v > in.size()) {
                throw a.error("shape entry " + (i + offset) + " = " + tgt[i] + " does not fit an input of " + in + " per sample");
            }
            out[i] = (int) v;
            known *= v;
        }
        if (infer >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw a.error("cannot infer the -1 of the shape for an input of " + in + " per sample");
            }
            out[infer] = (int) (in.size() / known);
            known *= out[infer];
        }
        if (known != in.size()) {
            throw a.error("the shape " + Arrays.toString(tgt) + " has " + known + " elements per sample, the input " + in.size());
        }
        return out;
    }

    static Compiled transpose(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        int r = g.shape(n, 0).rank();
        long[] dflt = new long[r];
        for (int i = 0; i < r; i++) {
            dflt[i] = r - 1 - i;
        }
        int[] perm = a.ints("perm", dflt, r, 0, Math.max(0, r - 1));
        boolean[] seen = new boolean[r];
        for (int p : perm) {
            if (seen[p]) {
                throw a.error("perm " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
        }
        if (g.batched(n, 0) && r > 0 && perm[0] != 0) {
            throw a.error("perm " + Arrays.toString(perm) + " moves the batch axis; models must treat samples independently");
        }
        return Compiled.function(n, (t, x) -> {
            int[] at = new int[r];        // at[k]: which input axis is now in position k
            for (int i = 0; i < r; i++) {
                at[i] = i;
            }
            Var y = x[0];
            for (int k = 0; k < r; k++) {
                int j = k;
                while (at[j] != perm[k]) {
                    j++;
                }
                if (j != k) {
                    y = y.transpose(k, j);
                    int s = at[k];
                    at[k] = at[j];
                    at[j] = s;
                }
            }
            return y;
        });
    }

    static Compiled concat(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1024);
        if (!a.has("axis")) {
            throw a.error("attribute axis is missing");
        }
        int r = g.shape(n, 0).rank();
        int axis = a.integer("axis", 0, -r, r - 1);
        int ax = axis < 0 ? axis + r : axis;
        if (ShapeOperators.allIntegerConstants(n, g)) {
            return ShapeOperators.concat(n, a, g);
        }
        long total = 0;
        boolean any = false;
        boolean all = true;
        for (int i = 0; i < n.inputs().size(); i++) {
            if (g.shape(n, i) == null) {
                throw a.error("input " + i + " is missing");
            }
            total += g.shape(n, i).size();
            any |= g.batched(n, i);
            all &= g.batched(n, i);
        }
        if (any && (ax == 0 || !all)) {
            throw a.error(ax == 0 ? "axis 0 is the batch axis; models must treat samples independently"
                    : "joins values computed from the input with constants, which would fix the batch size");
        }
        if (total > g.limits.maxElements() * GraphBuilder.DRY_BATCH) {
            throw a.error("output exceeds the limit of " + g.limits.maxElements() + " elements per sample");
        }
        return Compiled.function(n, (t, x) -> Var.concat(Arrays.asList(x), ax));
    }

    static Compiled identity(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        return Compiled.alias(n);
    }

    static Compiled dropout(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 3);
        g.constant(n, a, 1, "ratio");
        TensorData training = g.constant(n, a, 2, "training_mode");
        if (training != null && training.size() == 1 && (training.isReal() ? training.reals()[0] : training.ints()[0]) != 0) {
            throw a.error("training_mode is true; export the model in eval mode");
        }
        return Compiled.alias(n);
    }

    static Compiled constant(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 0, 0);
        if (n.attributes().size() != 1) {
            throw a.error("needs exactly one of value, value_float, value_floats, value_int, value_ints");
        }
        Attribute at = n.attributes().values().iterator().next();
        TensorData t;
        switch (at.name()) {
            case "value": t = a.tensor("value"); break;
            case "value_float": t = new TensorData("", TensorData.FLOAT, new int[0], new double[] {a.real("value_float", 0)}, null); break;
            case "value_int": t = new TensorData("", TensorData.INT64, new int[0], null, new long[] {a.integer("value_int", 0)}); break;
            case "value_ints": {
                long[] v = a.ints("value_ints", null, -1);
                t = new TensorData("", TensorData.INT64, new int[] {v.length}, null, v);
                break;
            }
            default: {
                if (at.type() != Attribute.FLOATS) {
                    throw a.error("attribute value_floats has type " + at.type());
                }
                float[] f = at.floats();
                double[] v = new double[f.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = f[i];
                }
                t = new TensorData("", TensorData.FLOAT, new int[] {v.length}, v, null);
                break;
            }
        }
        g.defineConstant(n, t);
        TensorData value = t;
        return Compiled.function(n, (tr, x) -> tr.constant(GraphBuilder.tensor(value, tr.dtype())));
    }

    static Compiled cast(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        long to = a.integer("to", 0);
        boolean real = to == TensorData.FLOAT || to == TensorData.DOUBLE;
        boolean integerConstant = g.isConstant(n, 0) && (g.isShape(n, 0) || !real || g.integerConstant(n, 0));
        if (integerConstant && (real || to == TensorData.INT64 || to == TensorData.INT32)) { // real values pass through: they may be parameters
            return ShapeOperators.castConstant(n, a, g, real ? (int) to : TensorData.INT64);
        }
        if (!real) {
            throw a.error("to = " + ProtoReader.typeName((int) to) + " is not supported; supported: FLOAT, DOUBLE"
                    + " (a trace computes in one floating-point type; integer casts only of constants)");
        }
        return Compiled.alias(n);
    }

    /** Pad in constant mode: zeros (or the constant) concatenated before and after each padded axis. */
    static Compiled pad(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 2, 4);
        String mode = a.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw a.error("mode = " + mode + " is not supported; supported: constant");
        }
        Shape xs = g.shape(n, 0);
        int r = xs.rank();
        TensorData pads = g.constant(n, a, 1, "pads");
        TensorData value = g.constant(n, a, 2, "constant_value");
        if (g.constant(n, a, 3, "axes") != null) {
            throw a.error("the axes input is not supported");
        }
        if (pads.isReal() || pads.size() != 2 * r) {
            throw a.error("pads must hold " + 2 * r + " integers, got " + pads.size() + " values");
        }
        long[] p = pads.ints();
        for (int i = 0; i < 2 * r; i++) {
            if (p[i] < 0 || p[i] > dev.clarke.nn.Window2d.MAX_EXTENT || i % r == 0 && p[i] != 0 && g.batched(n, 0)) {
                throw a.error("pads " + Arrays.toString(p) + " are not supported: each must be in [0, "
                        + dev.clarke.nn.Window2d.MAX_EXTENT + "], and the batch axis is not padded");
            }
        }
        long grown = xs.size();
        for (int i = 0; i < r; i++) {
            grown = grown / Math.max(1, xs.dim(i)) * (xs.dim(i) + p[i] + p[i + r]);
        }
        if (grown > g.limits.maxElements() * GraphBuilder.DRY_BATCH) {
            throw a.error("output exceeds the limit of " + g.limits.maxElements() + " elements per sample");
        }
        double fill = value == null || value.size() == 0 ? 0 : value.isReal() ? value.reals()[0] : value.ints()[0];
        return Compiled.function(n, (t, x) -> {
            Var y = x[0];
            for (int ax = 0; ax < r; ax++) {
                int before = (int) p[ax];
                int after = (int) p[ax + r];
                if (before + after == 0) {
                    continue;
                }
                java.util.List<Var> parts = new java.util.ArrayList<>();
                if (before > 0) {
                    parts.add(t.constant(y.shape().withDim(ax, before), fill));
                }
                parts.add(y);
                if (after > 0) {
                    parts.add(t.constant(y.shape().withDim(ax, after), fill));
                }
                y = Var.concat(parts, ax);
            }
            return y;
        });
    }

    /** ReduceMean over sample axes (opsets 11–17: the axes are an attribute), e.g. {@code x.mean((2, 3))}. */
    static Compiled reduceMean(Node n, Attrs a, GraphBuilder g) {
        g.arity(n, a, 1, 1);
        int r = g.shape(n, 0).rank();
        boolean keep = a.integer("keepdims", 1, 0, 1) == 1;
        long[] dflt = new long[r];
        for (int i = 0; i < r; i++) {
            dflt[i] = i;
        }
        int[] axes = a.ints("axes", dflt, -1, -r, r - 1);
        boolean[] seen = new boolean[r];
        for (int ax : axes) {
            int k = ax < 0 ? ax + r : ax;
            if (seen[k] || k == 0 && g.batched(n, 0)) {
                throw a.error("axes " + Arrays.toString(axes) + (seen[k] ? " repeat an axis" : " include the batch axis")
                        + "; supported: distinct axes of each sample");
            }
            seen[k] = true;
        }
        return Compiled.function(n, (t, x) -> {
            Var y = x[0];
            for (int k = r - 1; k >= 0; k--) {   // from the last, so the remaining axes keep their numbers
                if (seen[k]) {
                    y = y.mean(k, keep);
                }
            }
            return y;
        });
    }
}
