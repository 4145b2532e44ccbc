/**
 * Audits of models from outside: an imported ONNX model ({@link dev.clarke.onnx.OnnxModel}) is run
 * over a data set batch by batch; every batch gradient of the mean loss is computed under a kink
 * policy, its kink hits are counted per graph node (all hits, and hits whose adjoint is non-zero,
 * the only ones that can make the gradient wrong), and it is given a {@link dev.clarke.certify.Verdict}
 * by the network certificate where one applies. A gradient computed elsewhere (PyTorch's, say) is
 * judged against Clarke's by parameter name ({@link ExternalGradient}). The command line only parses
 * options and prints what {@link Audit} returns.
 */
package dev.clarke.audit;
