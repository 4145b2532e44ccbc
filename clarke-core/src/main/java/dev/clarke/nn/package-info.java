/**
 * Neural-network building blocks over the {@link dev.clarke.ad} engine, shaped for the results on
 * networks with machine-representable parameters: {@link dev.clarke.nn.Dense} layers with or without
 * bias, pointwise piecewise activations with their tables of kinks and one-sided derivatives
 * ({@link dev.clarke.nn.Activation}), one network, {@link dev.clarke.nn.Sequential}, that owns its
 * parameters as a {@link dev.clarke.nn.Module} (a state dict by PyTorch's names and layouts) and records
 * its forward pass so that every kink hit can be named by (layer, neuron, sample) — children named by
 * index or by name, nested networks keeping PyTorch's {@code features.0.weight}, and a dense network
 * (linear layers and activations) also read as {@link dev.clarke.nn.Dense} layers — the losses
 * ({@link dev.clarke.nn.Loss}: a linear sum head, MSE, softmax cross-entropy; a trainer's
 * {@link dev.clarke.nn.Loss.Criterion} binds each batch's targets), and a flattened
 * parameter view ({@link dev.clarke.nn.Parameters}) that knows which coordinate is the bias of which
 * neuron. The certificates and exact oracle of {@link dev.clarke.certify} read these structures. For
 * training, {@link dev.clarke.nn.Sequential} stacks general {@link dev.clarke.nn.Layer}s — {@link dev.clarke.nn.Linear},
 * {@link dev.clarke.nn.Conv2d} and {@link dev.clarke.nn.MaxPool2d} (one trace node each on the convolution and
 * pooling kernels of {@link dev.clarke.tensor}; pooling ties are kinks under the policy),
 * {@link dev.clarke.nn.Flatten}, {@link dev.clarke.nn.Dropout}, {@link dev.clarke.nn.ActivationLayer} — with
 * seeded He or Xavier initialisation ({@link dev.clarke.nn.Init}), and attributes every kink hit to its layer.
 * The layers of imported models generalise them: {@link dev.clarke.nn.Convolution2d} and {@link dev.clarke.nn.Pool2d}
 * over any {@link dev.clarke.nn.Window2d} (rectangular, strided, dilated, asymmetrically padded; grouped
 * convolutions; max and average pooling, ceil mode), {@link dev.clarke.nn.GlobalAvgPool2d},
 * {@link dev.clarke.nn.BatchNorm} with inference statistics, {@link dev.clarke.nn.Clamp} and the analytic
 * {@link dev.clarke.nn.SmoothLayer}.
 */
package dev.clarke.nn;
