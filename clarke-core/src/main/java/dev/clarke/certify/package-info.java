/**
 * Certified gradients for networks whose parameters are floats (Lee, Park, Aiken, ICML 2023; Park,
 * Chun, Lee, ICLR 2024). {@link dev.clarke.certify.Certificate} reads one forward and one backward
 * pass — every kink hit with its (layer, neuron, sample, point, adjoint) — and returns a
 * {@link dev.clarke.certify.Verdict}: with bias and one sample, f is non-differentiable exactly when
 * a hit has a non-zero adjoint and AD is never wrong where f is differentiable; batches and missing
 * biases are handled by the per-layer λ and cone conditions and, for one sample, by the exact
 * {@link dev.clarke.certify.BiasFreeTest} (pseudo-biases and dead layers), else UNKNOWN with the reason.
 * {@link dev.clarke.certify.Bound} gives the density bound n/|M|, its tight product form and the
 * bias-free term; {@link dev.clarke.certify.TheoremCheck} checks the test, the bounds and Theorem 3.6
 * in the exact Clarke subdifferential at every point of a finite parameter set; {@link dev.clarke.certify.ExactOracle}
 * decides differentiability and AD's correctness in {@link dev.clarke.certify.Rational} arithmetic for
 * piecewise-linear networks, {@link dev.clarke.certify.Enumerator} runs it over every point of a finite
 * parameter set ({@link dev.clarke.certify.ValueSet}), and {@link dev.clarke.certify.ClarkeWitness}
 * exhibits AD's value as a limit of true gradients. For general {@link dev.clarke.nn.Sequential}s —
 * convolutions with shared weights and biases, max pooling — {@link dev.clarke.certify.NetworkCertificate}
 * decides from function identities (a tie of one function is no kink), shared-parameter classes
 * and a layered {@link dev.clarke.certify.NetworkWitness}; {@link dev.clarke.certify.NetworkOracle}
 * and {@link dev.clarke.certify.NetworkEnumerator} check it exactly on tiny networks.
 */
package dev.clarke.certify;
