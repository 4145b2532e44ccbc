package dev.clarke.onnx;

import java.util.List;
import java.util.Map;

/**
 * An ONNX model as read from its protobuf, before any operator is interpreted: the messages of
 * {@code onnx.proto} Clarke uses, as records. Built by {@link ProtoReader}; interpreted by
 * {@link OnnxModel}.
 *
 * @param producer     producer name and version, e.g. {@code pytorch 1.13.0}
 * @param irVersion    the IR version
 * @param opset        the version of the default ({@code ai.onnx}) operator set
 * @param nodes        the nodes, in file order (topologically sorted, as the format requires)
 * @param initializers the initializers, in file order
 * @param inputs       the graph inputs (may include initializers, as older exporters wrote them)
 * @param outputs      the graph outputs
 */
record OnnxGraph(String producer, long irVersion, long opset, List<Node> nodes, List<TensorData> initializers,
                 List<ValueInfo> inputs, List<ValueInfo> outputs) {

    /**
     * A TensorProto: FLOAT and DOUBLE elements in {@code reals}, INT64 and INT32 in {@code ints}.
     *
     * @param name     the name ("" for an unnamed attribute tensor)
     * @param dataType the ONNX data type code
     * @param dims     the shape
     * @param reals    the values of a floating-point tensor, else null
     * @param ints     the values of an integer tensor, else null
     */
    record TensorData(String name, int dataType, int[] dims, double[] reals, long[] ints) {

        static final int FLOAT = 1;
        static final int INT32 = 6;
        static final int INT64 = 7;
        static final int DOUBLE = 11;

        boolean isReal() {
            return reals != null;
        }

        int size() {
            return reals != null ? reals.length : ints.length;
        }
    }

    /**
     * An AttributeProto; only the field its type names is meaningful.
     *
     * @param name   the name
     * @param type   the AttributeType code (1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, ...)
     * @param f      FLOAT
     * @param i      INT
     * @param s      STRING (UTF-8)
     * @param t      TENSOR
     * @param floats FLOATS
     * @param ints   INTS
     */
    record Attribute(String name, int type, float f, long i, String s, TensorData t, float[] floats, long[] ints) {
        static final int FLOAT = 1;
        static final int INT = 2;
        static final int STRING = 3;
        static final int TENSOR = 4;
        static final int FLOATS = 6;
        static final int INTS = 7;
    }

    /**
     * A NodeProto.
     *
     * @param name       the node's name, or {@code opType#index} when the file gives none
     * @param opType     the operator
     * @param domain     the operator set's domain ("" is ai.onnx)
     * @param inputs     the input value names ("" for an omitted optional input)
     * @param outputs    the output value names
     * @param attributes the attributes by name
     */
    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {
    }

    /**
     * A ValueInfoProto of a tensor: element type and shape, a dimension without a value (a
     * symbolic {@code dim_param} such as {@code batch}) being −1.
     *
     * @param name     the value's name
     * @param elemType the element data type
     * @param dims     the dimensions, −1 where symbolic; null when the file gives no shape
     */
    record ValueInfo(String name, int elemType, long[] dims) {
    }
}
