/**
 * JMH benchmarks for Clarke, run by hand rather than as timed tests: {@link dev.clarke.bench.MlpStepBenchmark}
 * times one SGD training step (and the forward pass alone) of a 784-256-256-10 ReLU MLP on a batch
 * of 128 in F32, with the kink log on and off, so the cost of exact kink detection shows up as a
 * ratio; {@link dev.clarke.bench.MatmulBenchmark} times the F32 matrix products that dominate that
 * step (and a 1024³ one), from which GFLOP/s follow as {@code 2·m·k·n / time}. Every input is
 * drawn from fixed seeds, so runs differ only by the machine; {@code docs/benchmarks.md} gives the
 * command and the latest results.
 */
package dev.clarke.bench;
