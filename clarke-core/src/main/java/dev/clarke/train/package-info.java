/**
 * Training with kink telemetry: the {@link dev.clarke.train.Trainer} runs minibatch training of a
 * {@link dev.clarke.nn.Sequential} on a {@link dev.clarke.data.Split} under one kink policy and dtype, one
 * trace per step, under the loss the caller chose in its {@link dev.clarke.train.TrainConfig}
 * (cross-entropy on class labels, or MSE on real-valued targets for regression), and reads every step's kink log into {@link dev.clarke.train.KinkTelemetry}: hits per
 * layer, hits whose adjoint was non-zero (the steps where the loss may not be differentiable), and, for
 * dense ReLU-family networks, the {@link dev.clarke.certify.Certificate} verdict of every gradient.
 * {@link dev.clarke.train.SafeTensors} reads and writes checkpoints in the safetensors format with
 * PyTorch's parameter names and layouts ({@link dev.clarke.train.Checkpoint}), rejecting malformed or
 * oversized headers; {@link dev.clarke.train.Bifurcation} reruns Bertoin et al.'s experiment on
 * relu′(0) = 0 versus 1 in any dtype.
 */
package dev.clarke.train;
