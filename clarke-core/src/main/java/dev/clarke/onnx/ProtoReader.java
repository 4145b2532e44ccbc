package dev.clarke.onnx;

import dev.clarke.onnx.OnnxGraph.Attribute;
import dev.clarke.onnx.OnnxGraph.Node;
import dev.clarke.onnx.OnnxGraph.TensorData;
import dev.clarke.onnx.OnnxGraph.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the messages of an ONNX file into an {@link OnnxGraph}, with the field numbers of the
 * ONNX specification's {@code onnx.proto}:
 * ModelProto (1 ir_version, 2 producer_name, 3 producer_version, 7 graph, 8 opset_import),
 * OperatorSetIdProto (1 domain, 2 version),
 * GraphProto (1 node, 5 initializer, 11 input, 12 output; 15 sparse_initializer refused),
 * NodeProto (1 input, 2 output, 3 name, 4 op_type, 5 attribute, 7 domain),
 * AttributeProto (1 name, 2 f, 3 i, 4 s, 5 t, 7 floats, 8 ints, 20 type; 6 g and 11 graphs — subgraphs — refused),
 * TensorProto (1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data, 8 name, 9 raw_data,
 * 10 double_data; 3 segment and 13/14 external data refused),
 * ValueInfoProto (1 name, 2 type), TypeProto (1 tensor_type), TypeProto.Tensor (1 elem_type, 2 shape),
 * TensorShapeProto (1 dim), Dimension (1 dim_value, 2 dim_param).
 * Unknown fields are skipped without being parsed, so nesting is bounded by these messages.
 */
final class ProtoReader {

    private static final int MAX_NAME = 4096;
    private static final int MAX_RANK = 8;

    private final Wire w;
    private final OnnxModel.Limits limits;
    private final int fileBytes;

    private ProtoReader(byte[] bytes, String where, OnnxModel.Limits limits) {
        this.w = new Wire(bytes, where);
        this.limits = limits;
        this.fileBytes = bytes.length;
    }

    /** Decodes a whole file. */
    static OnnxGraph read(byte[] bytes, String where, OnnxModel.Limits limits) {
        if (bytes.length > limits.maxFileBytes()) {
            throw new OnnxException(where + ": " + bytes.length + " bytes, more than the limit of " + limits.maxFileBytes());
        }
        return new ProtoReader(bytes, where, limits).model();
    }

    private OnnxGraph model() {
        long ir = -1;
        String producer = "";
        String version = "";
        Long opset = null;
        OnnxGraph g = null;
        boolean any = false;
        for (int tag = w.tag("ModelProto"); tag != 0; tag = w.tag("ModelProto")) {
            any = true;
            switch (Wire.field(tag)) {
                case 1: ir = w.varint(tag, "ir_version"); break;
                case 2: producer = w.string(tag, "producer_name", MAX_NAME); break;
                case 3: version = w.string(tag, "producer_version", MAX_NAME); break;
                case 7:
                    if (g != null) {
                        throw w.error("the model holds two graphs; is it really a .onnx model?");
                    }
                    int old = w.enter(tag, "graph");
                    g = graph();
                    w.leave(old);
                    break;
                case 8: {
                    int o = w.enter(tag, "opset_import");
                    String domain = "";
                    long v = -1;
                    for (int t = w.tag("opset_import"); t != 0; t = w.tag("opset_import")) {
                        if (Wire.field(t) == 1) {
                            domain = w.string(t, "opset_import.domain", MAX_NAME);
                        } else if (Wire.field(t) == 2) {
                            v = w.varint(t, "opset_import.version");
                        } else {
                            w.skip(t, "opset_import");
                        }
                    }
                    w.leave(o);
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        opset = v;
                    }
                    break;
                }
                default: w.skip(tag, "ModelProto"); break;
            }
        }
        if (!any || g == null) {
            throw w.error("not an ONNX model: no graph found; is it really a .onnx file?");
        }
        if (opset == null) {
            throw w.error("the model imports no ai.onnx operator set (opset_import); re-export it with opset 11 to 17");
        }
        if (opset < 11 || opset > 17) {
            throw w.error("opset " + opset + " is not supported: re-export with an opset from 11 to 17, e.g."
                    + " torch.onnx.export(..., opset_version=13)");
        }
        String prod = (producer + " " + version).trim();
        return new OnnxGraph(prod, ir, opset, g.nodes(), g.initializers(), g.inputs(), g.outputs());
    }

    private OnnxGraph graph() {
        List<Node> nodes = new ArrayList<>();
        List<TensorData> inits = new ArrayList<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        for (int tag = w.tag("GraphProto"); tag != 0; tag = w.tag("GraphProto")) {
            switch (Wire.field(tag)) {
                case 1: {
                    if (nodes.size() >= limits.maxNodes()) {
                        throw w.error("more than " + limits.maxNodes() + " nodes, the limit");
                    }
                    int o = w.enter(tag, "node");
                    nodes.add(node(nodes.size()));
                    w.leave(o);
                    break;
                }
                case 5: {
                    int o = w.enter(tag, "initializer");
                    inits.add(tensor("initializer #" + inits.size()));
                    w.leave(o);
                    break;
                }
                case 11: case 12: {
                    int o = w.enter(tag, "value info");
                    (Wire.field(tag) == 11 ? inputs : outputs).add(valueInfo());
                    w.leave(o);
                    break;
                }
                case 15: throw w.error("sparse initializers are not supported; export the model with dense weights");
                default: w.skip(tag, "GraphProto"); break;
            }
        }
        return new OnnxGraph("", 0, 0, nodes, inits, inputs, outputs);
    }

    private Node node(int index) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        List<Attribute> list = new ArrayList<>();
        for (int tag = w.tag("NodeProto"); tag != 0; tag = w.tag("NodeProto")) {
            switch (Wire.field(tag)) {
                case 1: in.add(w.string(tag, "node input", MAX_NAME)); break;
                case 2: out.add(w.string(tag, "node output", MAX_NAME)); break;
                case 3: name = w.string(tag, "node name", MAX_NAME); break;
                case 4: op = w.string(tag, "op_type", MAX_NAME); break;
                case 7: domain = w.string(tag, "node domain", MAX_NAME); break;
                case 5: {
                    int o = w.enter(tag, "attribute");
                    list.add(attribute());
                    w.leave(o);
                    break;
                }
                default: w.skip(tag, "NodeProto"); break;
            }
        }
        if (name.isEmpty()) {
            name = op + "#" + index;
        }
        for (Attribute a : list) {
            if (attrs.put(a.name(), a) != null) {
                throw w.error("node '" + name + "' (" + op + ") has attribute '" + a.name() + "' twice");
            }
        }
        return new Node(name, op, domain, in, out, attrs);
    }

    private Attribute attribute() {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        TensorData t = null;
        LongList floats = null;
        LongList ints = null;
        int seen = 0;
        for (int tag = w.tag("AttributeProto"); tag != 0; tag = w.tag("AttributeProto")) {
            switch (Wire.field(tag)) {
                case 1: name = w.string(tag, "attribute name", MAX_NAME); break;
                case 20: type = (int) w.varint(tag, "attribute type"); break;
                case 2: f = w.fixed32Float(tag, "attribute f"); seen = Attribute.FLOAT; break;
                case 3: i = w.varint(tag, "attribute i"); seen = Attribute.INT; break;
                case 4: s = w.string(tag, "attribute s", 1 << 20); seen = Attribute.STRING; break;
                case 5: {
                    int o = w.enter(tag, "attribute t");
                    t = tensor("attribute '" + name + "'");
                    w.leave(o);
                    seen = Attribute.TENSOR;
                    break;
                }
                case 6: case 11:
                    throw w.error("attribute '" + name + "' holds a subgraph: control flow (If, Loop, Scan) is not supported");
                case 7: floats = floats == null ? new LongList() : floats; w.repeated(tag, 4, floats, "attribute floats"); seen = Attribute.FLOATS; break;
                case 8: ints = ints == null ? new LongList() : ints; w.repeated(tag, 0, ints, "attribute ints"); seen = Attribute.INTS; break;
                default: w.skip(tag, "AttributeProto"); break;
            }
        }
        if (type == 0) {
            type = seen; // IR version 1 files carry no type field
        }
        float[] fs = null;
        if (floats != null) {
            fs = new float[floats.size];
            for (int k = 0; k < fs.length; k++) {
                fs[k] = Float.intBitsToFloat((int) floats.data[k]);
            }
        }
        return new Attribute(name, type, f, i, s, t, fs, ints == null ? null : ints.toArray());
    }

    private ValueInfo valueInfo() {
        String name = "";
        int elem = 0;
        long[] dims = null;
        for (int tag = w.tag("ValueInfoProto"); tag != 0; tag = w.tag("ValueInfoProto")) {
            if (Wire.field(tag) == 1) {
                name = w.string(tag, "value name", MAX_NAME);
            } else if (Wire.field(tag) == 2) {
                int o = w.enter(tag, "TypeProto");
                for (int t = w.tag("TypeProto"); t != 0; t = w.tag("TypeProto")) {
                    if (Wire.field(t) != 1) {
                        w.skip(t, "TypeProto");
                        continue;
                    }
                    int o2 = w.enter(t, "tensor_type");
                    for (int u = w.tag("tensor_type"); u != 0; u = w.tag("tensor_type")) {
                        if (Wire.field(u) == 1) {
                            elem = (int) w.varint(u, "elem_type");
                        } else if (Wire.field(u) == 2) {
                            int o3 = w.enter(u, "shape");
                            dims = shape(name);
                            w.leave(o3);
                        } else {
                            w.skip(u, "tensor_type");
                        }
                    }
                    w.leave(o2);
                }
                w.leave(o);
            } else {
                w.skip(tag, "ValueInfoProto");
            }
        }
        return new ValueInfo(name, elem, dims);
    }

    private long[] shape(String name) {
        LongList dims = new LongList();
        for (int tag = w.tag("TensorShapeProto"); tag != 0; tag = w.tag("TensorShapeProto")) {
            if (Wire.field(tag) != 1) {
                w.skip(tag, "TensorShapeProto");
                continue;
            }
            if (dims.size >= MAX_RANK) {
                throw w.error("value '" + name + "' has rank above " + MAX_RANK + ", the limit");
            }
            int o = w.enter(tag, "dimension");
            long d = -1;
            for (int t = w.tag("dimension"); t != 0; t = w.tag("dimension")) {
                if (Wire.field(t) == 1) {
                    d = w.varint(t, "dim_value");
                } else {
                    w.skip(t, "dimension");
                }
            }
            w.leave(o);
            dims.accept(d < 0 ? -1 : d);
        }
        return dims.toArray();
    }

    private TensorData tensor(String what) {
        LongList dims = new LongList();
        int type = 0;
        String name = "";
        byte[] raw = null;
        LongList floats = null;
        LongList doubles = null;
        LongList ints = null;
        for (int tag = w.tag("TensorProto"); tag != 0; tag = w.tag("TensorProto")) {
            switch (Wire.field(tag)) {
                case 1: w.repeated(tag, 0, dims, "tensor dims"); break;
                case 2: type = (int) w.varint(tag, "tensor data_type"); break;
                case 8: name = w.string(tag, "tensor name", MAX_NAME); what = "tensor '" + name + "'"; break;
                case 9: raw = w.bytes(tag, "raw_data"); break;
                case 4: floats = floats == null ? new LongList() : floats; w.repeated(tag, 4, floats, "float_data"); break;
                case 10: doubles = doubles == null ? new LongList() : doubles; w.repeated(tag, 8, doubles, "double_data"); break;
                case 5: case 7: ints = ints == null ? new LongList() : ints; w.repeated(tag, 0, ints, "int data"); break;
                case 3: throw w.error(what + " is stored in segments, which is not supported");
                case 13: case 14:
                    throw w.error(what + " keeps its data in an external file, which is not supported: export the"
                            + " model with its weights inside the .onnx file (models under 2 GB)");
                default: w.skip(tag, "TensorProto"); break;
            }
        }
        if (dims.size > MAX_RANK) {
            throw w.error(what + " has rank " + dims.size + ", above the limit of " + MAX_RANK);
        }
        int[] shape = new int[dims.size];
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            long v = dims.data[d];
            if (v < 0 || v > fileBytes) {
                throw w.error(what + " has dimension " + v + " in dims " + Arrays.toString(dims.toArray())
                        + ", negative or larger than the file");
            }
            shape[d] = (int) v;
            count *= v;
            if (count > fileBytes) {
                throw w.error(what + " declares dims " + Arrays.toString(dims.toArray()) + ", more elements than the file holds");
            }
        }
        int n = (int) count;
        String dimsText = Arrays.toString(shape);
        switch (type) {
            case TensorData.FLOAT: case TensorData.DOUBLE: {
                int width = type == TensorData.FLOAT ? 4 : 8;
                double[] v = new double[n];
                if (raw != null) {
                    checkCount(what, dimsText, n, raw.length / width, raw.length % width != 0);
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        v[k] = width == 4 ? b.getFloat(4 * k) : b.getDouble(8 * k);
                    }
                } else {
                    LongList src = type == TensorData.FLOAT ? floats : doubles;
                    checkCount(what, dimsText, n, src == null ? 0 : src.size, false);
                    for (int k = 0; k < n; k++) {
                        v[k] = width == 4 ? Float.intBitsToFloat((int) src.data[k]) : Double.longBitsToDouble(src.data[k]);
                    }
                }
                return new TensorData(name, type, shape, v, null);
            }
            case TensorData.INT64: case TensorData.INT32: {
                int width = type == TensorData.INT64 ? 8 : 4;
                long[] v = new long[n];
                if (raw != null) {
                    checkCount(what, dimsText, n, raw.length / width, raw.length % width != 0);
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        v[k] = width == 8 ? b.getLong(8 * k) : b.getInt(4 * k);
                    }
                } else {
                    checkCount(what, dimsText, n, ints == null ? 0 : ints.size, false);
                    for (int k = 0; k < n; k++) {
                        v[k] = width == 8 ? ints.data[k] : (int) ints.data[k];
                    }
                }
                return new TensorData(name, type, shape, null, v);
            }
            default:
                throw w.error(what + " has data type " + typeName(type) + ": only FLOAT, DOUBLE, INT64 and INT32 tensors are supported");
        }
    }

    private void checkCount(String what, String dims, int declared, int stored, boolean ragged) {
        if (declared != stored || ragged) {
            throw w.error(what + " declares dims " + dims + " (" + declared + " elements) but holds "
                    + stored + (ragged ? "+" : "") + " elements of data");
        }
    }

    static String typeName(int type) {
        String[] names = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
            "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
        return type >= 0 && type < names.length ? names[type] : "#" + type;
    }
}
