package dev.clarke.onnx;

import dev.clarke.onnx.OnnxGraph.Attribute;
import dev.clarke.onnx.OnnxGraph.Node;
import java.util.Arrays;
import java.util.Set;

/**
 * A node's attributes, read with the types and defaults the ONNX operator documents. Every
 * attribute the node carries must be one the operator's builder knows ({@code understood}) or
 * one that does not change inference ({@code ignored}, e.g. BatchNormalization's momentum);
 * anything else is an {@link OnnxException} naming the node, so a new meaning is never dropped
 * silently.
 */
final class Attrs {

    private final Node node;
    private final String where;

    Attrs(Node node, String where, Set<String> understood, Set<String> ignored) {
        this.node = node;
        this.where = where;
        for (String a : node.attributes().keySet()) {
            if (!understood.contains(a) && !ignored.contains(a)) {
                throw error("attribute '" + a + "' is not supported; supported: "
                        + (understood.isEmpty() ? "none" : String.join(", ", understood)));
            }
        }
    }

    /** An error about this node: {@code where: node 'n' (Op): what}. */
    OnnxException error(String what) {
        return error(where, node, what);
    }

    static OnnxException error(String where, Node node, String what) {
        return new OnnxException(where + ": node '" + node.name() + "' (" + node.opType() + "): " + what);
    }

    private Attribute get(String name, int type) {
        Attribute a = node.attributes().get(name);
        if (a != null && a.type() != type) {
            throw error("attribute '" + name + "' has type " + a.type() + ", expected " + type);
        }
        return a;
    }

    boolean has(String name) {
        return node.attributes().containsKey(name);
    }

    long integer(String name, long dflt) {
        Attribute a = get(name, Attribute.INT);
        return a == null ? dflt : a.i();
    }

    /** An INT attribute that must lie in [lo, hi]. */
    int integer(String name, long dflt, int lo, int hi) {
        long v = integer(name, dflt);
        if (v < lo || v > hi) {
            throw error("attribute " + name + " = " + v + " is not supported; supported: " + lo + " to " + hi);
        }
        return (int) v;
    }

    float real(String name, float dflt) {
        Attribute a = get(name, Attribute.FLOAT);
        return a == null ? dflt : a.f();
    }

    String string(String name, String dflt) {
        Attribute a = get(name, Attribute.STRING);
        return a == null ? dflt : a.s();
    }

    /** An INTS attribute of {@code length} entries (any length when −1), or the default. */
    long[] ints(String name, long[] dflt, int length) {
        Attribute a = get(name, Attribute.INTS);
        long[] v = a == null ? dflt : a.ints();
        if (v != null && length >= 0 && v.length != length) {
            throw error("attribute " + name + " = " + Arrays.toString(v) + " should have " + length + " entries");
        }
        return v;
    }

    /** An INTS attribute as ints, each in [lo, hi]. */
    int[] ints(String name, long[] dflt, int length, int lo, int hi) {
        long[] v = ints(name, dflt, length);
        if (v == null) {
            return null;
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < lo || v[i] > hi) {
                throw error("attribute " + name + " = " + Arrays.toString(v) + " is not supported; entries must be in ["
                        + lo + ", " + hi + "]");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    OnnxGraph.TensorData tensor(String name) {
        Attribute a = get(name, Attribute.TENSOR);
        return a == null ? null : a.t();
    }

    Attribute raw(String name) {
        return node.attributes().get(name);
    }
}
