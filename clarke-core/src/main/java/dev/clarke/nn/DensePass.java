package dev.clarke.nn;

import dev.clarke.ad.Var;
import java.util.List;

/**
 * The recorded forward pass of a dense {@link Sequential}, by dense layer: the form the gradient
 * {@link dev.clarke.certify.Certificate} reads, so each kink hit names (layer, neuron, sample).
 *
 * @param output          the network's output [batch, out]
 * @param layerInputs     z_{l−1} for every dense layer l, [batch, in_l]
 * @param activationNodes the trace node of layer l's activation, −1 for a layer without one
 * @param leaves          the parameter leaves, in the order of {@link Parameters#tensors}
 */
public record DensePass(Var output, List<Var> layerInputs, int[] activationNodes, Var[] leaves) {
}
