/**
 * JMH benchmarks for Clarke, run by hand rather than as timed tests. {@link dev.clarke.bench.MlpStepBenchmark}
 * times one SGD training step (and the forward pass alone) of a 784-256-256-10 ReLU MLP on a batch
 * of 128 in F32, with the kink log on and off. {@link dev.clarke.bench.KinkLogBenchmark} isolates
 * what the log adds to that step (one recorded relu), because the difference between two ~5 ms step
 * times is below this machine's noise. {@link dev.clarke.bench.MatmulBenchmark} times the F32 matrix
 * products that dominate the step (and a 1024³ one); GFLOP/s is {@code 2·m·k·n / time}.
 * {@link dev.clarke.bench.CertificateBenchmark} times the cost of a gradient certificate;
 * {@link dev.clarke.bench.PiecewiseKernelBenchmark} the piecewise families' kernels other than relu;
 * {@link dev.clarke.bench.PeakFlopsMain} probes the machine's F32 FMA peak for {@code bench/peak-flops};
 * {@link dev.clarke.bench.StepPartsMain} times parts of the compared steps one by one (the MLP's
 * products, the CNN certificate on uniform images or real digits, a bias gradient). Every
 * input comes from fixed seeds. {@code docs/benchmarks.md} gives the commands and the latest results.
 */
package dev.clarke.bench;
