/**
 * Reproducible experiments that put the theory to work on training: {@link dev.clarke.experiment.SgdExperiment}
 * runs stochastic generalized-gradient descent on a dense ReLU network under several kink policies, on
 * data and fixed-point parameters that make the network sit on its kinks, and certifies every step's
 * gradient (Baumgärtner–Bethke's consequence: any AD tool whose value at a kink is a Clarke subgradient
 * can drive such a method). Above {@code certify}, {@code nn} and {@code ad}; nothing depends on it but
 * the command line.
 */
package dev.clarke.experiment;
