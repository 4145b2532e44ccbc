package dev.clarke.onnx;

import dev.clarke.onnx.OnnxGraph.Node;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ONNX operators Clarke imports (opsets 11 to 17), each with the attributes it reads, those it
 * may ignore because they do not change inference, and its builder. An operator or attribute not
 * listed here is refused by name. docs/onnx.md lists the same table for users.
 */
enum OnnxOperator {
    CONV("Conv", Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"), Set.of(), LayerOperators::conv),
    MAX_POOL("MaxPool", Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"),
            Set.of(), LayerOperators::maxPool),
    AVERAGE_POOL("AveragePool", Set.of("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"),
            Set.of(), LayerOperators::averagePool),
    REDUCE_MEAN("ReduceMean", Set.of("axes", "keepdims"), Set.of(), TensorOperators::reduceMean),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", Set.of(), Set.of(), LayerOperators::globalAveragePool),
    GEMM("Gemm", Set.of("alpha", "beta", "transA", "transB"), Set.of(), LayerOperators::gemm),
    MAT_MUL("MatMul", Set.of(), Set.of(), TensorOperators::matMul),
    ADD("Add", Set.of(), Set.of(), TensorOperators::arithmetic),
    SUB("Sub", Set.of(), Set.of(), TensorOperators::arithmetic),
    MUL("Mul", Set.of(), Set.of(), TensorOperators::arithmetic),
    DIV("Div", Set.of(), Set.of(), TensorOperators::arithmetic),
    RELU("Relu", Set.of(), Set.of(), LayerOperators::activation),
    LEAKY_RELU("LeakyRelu", Set.of("alpha"), Set.of(), LayerOperators::activation),
    CLIP("Clip", Set.of("min", "max"), Set.of(), LayerOperators::clip),
    HARD_SIGMOID("HardSigmoid", Set.of("alpha", "beta"), Set.of(), LayerOperators::hardSigmoid),
    HARD_SWISH("HardSwish", Set.of(), Set.of(), LayerOperators::activation),
    ABS("Abs", Set.of(), Set.of(), LayerOperators::activation),
    MAX("Max", Set.of(), Set.of(), TensorOperators::extreme),
    MIN("Min", Set.of(), Set.of(), TensorOperators::extreme),
    SIGMOID("Sigmoid", Set.of(), Set.of(), LayerOperators::smooth),
    TANH("Tanh", Set.of(), Set.of(), LayerOperators::smooth),
    SOFTMAX("Softmax", Set.of("axis"), Set.of(), LayerOperators::softmax),
    LOG_SOFTMAX("LogSoftmax", Set.of("axis"), Set.of(), LayerOperators::softmax),
    FLATTEN("Flatten", Set.of("axis"), Set.of(), LayerOperators::flatten),
    RESHAPE("Reshape", Set.of("allowzero"), Set.of(), TensorOperators::reshape),
    TRANSPOSE("Transpose", Set.of("perm"), Set.of(), TensorOperators::transpose),
    CONCAT("Concat", Set.of("axis"), Set.of(), TensorOperators::concat),
    IDENTITY("Identity", Set.of(), Set.of(), TensorOperators::identity),
    DROPOUT("Dropout", Set.of(), Set.of("seed", "ratio", "is_test"), TensorOperators::dropout),
    BATCH_NORMALIZATION("BatchNormalization", Set.of("epsilon", "training_mode"), Set.of("momentum"),
            LayerOperators::batchNorm),
    SHAPE("Shape", Set.of("start", "end"), Set.of(), ShapeOperators::shape),
    GATHER("Gather", Set.of("axis"), Set.of(), ShapeOperators::gather),
    UNSQUEEZE("Unsqueeze", Set.of("axes"), Set.of(), ShapeOperators::unsqueeze),
    CAST("Cast", Set.of("to"), Set.of("saturate"), TensorOperators::cast),
    PAD("Pad", Set.of("mode"), Set.of(), TensorOperators::pad),
    CONSTANT("Constant", Set.of("value", "value_float", "value_floats", "value_int", "value_ints"), Set.of(),
            TensorOperators::constant);

    /** Builds the compiled node. */
    @FunctionalInterface
    interface Builder {
        Compiled build(Node node, Attrs attrs, GraphBuilder graph);
    }

    private final String onnxName;
    private final Set<String> understood;
    private final Set<String> ignored;
    private final Builder builder;

    OnnxOperator(String onnxName, Set<String> understood, Set<String> ignored, Builder builder) {
        this.onnxName = onnxName;
        this.understood = understood;
        this.ignored = ignored;
        this.builder = builder;
    }

    /** The operator's ONNX name, e.g. {@code MaxPool}. */
    String onnxName() {
        return onnxName;
    }

    Set<String> understood() {
        return understood;
    }

    Set<String> ignored() {
        return ignored;
    }

    Compiled build(Node node, Attrs attrs, GraphBuilder graph) {
        return builder.build(node, attrs, graph);
    }

    /** The operator of an ONNX op_type (case-sensitive, as the format is). */
    static Optional<OnnxOperator> of(String opType) {
        for (OnnxOperator o : values()) {
            if (o.onnxName.equals(opType)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Every supported operator's name, alphabetically. */
    static String names() {
        return Arrays.stream(values()).map(OnnxOperator::onnxName).sorted(String.CASE_INSENSITIVE_ORDER)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return onnxName.toLowerCase(Locale.ROOT);
    }
}
