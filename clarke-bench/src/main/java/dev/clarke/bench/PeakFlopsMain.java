package dev.clarke.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's F32 fused-multiply-add peak as the JVM reaches it, for {@code bench/peak-flops}: a
 * loop of Vector API FMAs on sixteen independent accumulators (more than the FMA units' latency ×
 * throughput, so no FMA waits for another), on each of 1 and {@code maxThreads} threads at once.
 * Each FMA is 2 flops per lane. Prints the best of several timed runs per thread count:
 *
 * <pre>
 *   peak-flops java F32 lanes=16 threads=1 GFLOP/s=...
 * </pre>
 */
public final class PeakFlopsMain {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 16;

    private PeakFlopsMain() {
    }

    /** {@code iterations} rounds of 16 independent FMAs; returns a sum so the JIT keeps the work. */
    static float fmaLoop(long iterations) {
        FloatVector x = FloatVector.broadcast(S, 1.0000001f);
        FloatVector y = FloatVector.broadcast(S, 0.9999999f);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
            a12 = x.fma(y, a12);
            a13 = x.fma(y, a13);
            a14 = x.fma(y, a14);
            a15 = x.fma(y, a15);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** GFLOP/s of {@code threads} threads each running {@code iterations} rounds at once. */
    static double measure(ExecutorService pool, int threads, long iterations) throws Exception {
        List<Future<Float>> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> fmaLoop(iterations)));
        }
        float sink = 0;
        for (Future<Float> f : runs) {
            sink += f.get();
        }
        long t1 = System.nanoTime();
        if (sink == 42) {
            System.out.print(""); // keeps the sums alive
        }
        double flops = 2.0 * S.length() * ACCUMULATORS * iterations * threads;
        return flops / (t1 - t0);
    }

    /**
     * Prints the peak for 1 thread and for {@code args[0]} threads (default 2).
     *
     * @param args the largest thread count, and the number of timed runs per count (default 5)
     * @throws Exception if a thread fails
     */
    public static void main(String[] args) throws Exception {
        int maxThreads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (maxThreads < 1 || maxThreads > 256 || runs < 1 || runs > 100) {
            System.err.println("peak-flops: threads must be 1..256 and runs 1..100, got " + maxThreads + " and " + runs);
            System.exit(2);
        }
        ExecutorService pool = Executors.newFixedThreadPool(maxThreads);
        try {
            for (int w = 0; w < 3; w++) { // the JIT compiles the loop
                measure(pool, maxThreads, 2_000_000);
            }
            long iterations = 20_000_000; // ~0.2-0.5 s per run at 100-400 GFLOP/s
            for (int threads : maxThreads == 1 ? new int[] {1} : new int[] {1, maxThreads}) {
                double best = 0;
                for (int r = 0; r < runs; r++) {
                    best = Math.max(best, measure(pool, threads, iterations));
                }
                System.out.printf("peak-flops java F32 lanes=%d threads=%d GFLOP/s=%.1f%n", S.length(), threads, best);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
