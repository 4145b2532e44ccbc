/**
 * Optimisers that update a network's parameters from the gradients of a training step:
 * {@link dev.clarke.optim.Sgd} (with momentum, Nesterov momentum and L2 weight decay, PyTorch's
 * conventions) and {@link dev.clarke.optim.Adam} (Kingma and Ba, with bias correction). Parameters are
 * kept as F64 master copies ({@link dev.clarke.optim.Optimizer#parameters}); each step's forward and
 * backward pass runs in the training dtype on those values rounded to it (as in mixed-precision
 * training), so updates smaller than the dtype's spacing are not lost. Every update is a loop over
 * primitive arrays. {@link dev.clarke.optim.DoubleBufferedSgd} is the allocation-free exception: plain
 * SGD on parameters kept in the working dtype, in two alternating arrays per tensor.
 */
package dev.clarke.optim;
