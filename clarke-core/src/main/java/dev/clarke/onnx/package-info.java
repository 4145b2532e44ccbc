/**
 * Models from outside: an ONNX file (opsets 11–17) becomes a Clarke model whose parameters keep
 * the file's names, PyTorch's {@code state_dict} names. The protobuf wire format is read with
 * protobuf-java's {@code CodedInputStream}, the ONNX messages decoded by hand from the field
 * numbers of the specification's {@code onnx.proto} ({@code ProtoReader}), every length, size,
 * count and depth bounded. Each node is compiled by its operator ({@code OnnxOperator}) into the
 * {@link dev.clarke.nn} layer it is — Conv, pooling, Gemm, BatchNormalization, the activations — or
 * into a function of {@link dev.clarke.ad.Var} operations, and checked by a dry run when the file is
 * read. {@link dev.clarke.onnx.OnnxModel} runs the graph on a trace, names the ONNX node behind
 * every trace node (so each kink hit has a layer), replaces weights by name, and gives a chain
 * graph as an {@link dev.clarke.nn.Sequential} of the same layer objects. Anything it cannot import
 * faithfully is an {@link dev.clarke.onnx.OnnxException} of one line. Supported operators:
 * docs/onnx.md.
 */
package dev.clarke.onnx;
