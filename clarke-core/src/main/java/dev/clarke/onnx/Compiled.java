package dev.clarke.onnx;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.nn.Layer;
import dev.clarke.onnx.OnnxGraph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * One ONNX node compiled to an operation on the trace. A node that is a Clarke {@link Layer}
 * (Conv, Gemm, pooling, BatchNormalization, the activations) carries it, and its operation is that
 * layer's forward pass — the graph executor and the {@link dev.clarke.nn.Sequential} of a chain graph
 * call the same object, so each operator has one implementation. Input 0 is the layer's data, the
 * following inputs its parameters, those marked {@code transposed} swapped to the layer's layout
 * (a Gemm weight [out, in] becomes {@link dev.clarke.nn.Linear}'s [in, out]).
 *
 * @param node       the ONNX node
 * @param op         the operation: the node's input values (null where absent) to its output
 * @param layer      the layer it is, or null
 * @param transposed for a layer, which of its parameters (in order) are the file's tensors transposed
 * @param alias      whether the node passes its input through (Identity, inference Dropout)
 */
record Compiled(Node node, NodeOp op, Layer layer, boolean[] transposed, boolean alias) {

    /** The operation of a node on the values of its inputs. */
    @FunctionalInterface
    interface NodeOp {
        Var apply(Trace trace, Var[] inputs);
    }

    /** A node computed by a function of its inputs. */
    static Compiled function(Node node, NodeOp op) {
        return new Compiled(node, op, null, new boolean[0], false);
    }

    /** A node that is a layer, with parameters in inputs 1, 2, ... */
    static Compiled layer(Node node, Layer layer, boolean... transposed) {
        int np = layer.parameterShapes().size();
        boolean[] tr = java.util.Arrays.copyOf(transposed, np);
        NodeOp op = (t, in) -> {
            List<Var> ps = new ArrayList<>(np);
            for (int i = 0; i < np; i++) {
                ps.add(tr[i] ? in[i + 1].transpose(0, 1) : in[i + 1]);
            }
            return layer.forward(in[0], ps, Layer.Mode.EVAL);
        };
        return new Compiled(node, op, layer, tr, false);
    }

    /** A node whose output is its input 0. */
    static Compiled alias(Node node) {
        return new Compiled(node, (t, in) -> in[0], null, new boolean[0], true);
    }

    /** A short description: the layer's, or the operator. */
    String describe() {
        return layer != null ? layer.describe() : node.opType();
    }
}
