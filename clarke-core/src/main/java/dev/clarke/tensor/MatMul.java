package dev.clarke.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Batched matrix product: shape checks, batch broadcasting, and the split of the output among the
 * threads of a shared pool. Products of at least {@link #PARALLEL_WORK} multiply-adds are split
 * into one contiguous range of output rows (or, for fewer rows than threads, of columns) per
 * thread; each output element is computed by one thread in the fixed order of {@link Gemm}, so the
 * result is bitwise the same for any number of threads.
 */
final class MatMul {

    /** Work ({@code batch*m*n*k}) from which a product is split among threads. */
    static final long PARALLEL_WORK = 64L * 64 * 64;
    /** Threads used by default: one per available processor. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);

    private MatMul() {
    }

    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return matmul(a, b, transA, transB, THREADS);
    }

    /** As {@link Kernels#matmul} with at most {@code threads} threads (for tests of determinism). */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, int threads) {
        DType t = JavaKernels.sameDtype("matmul", a, b);
        Shape sa = a.shape(), sb = b.shape();
        if (sa.rank() < 2 || sb.rank() < 2) {
            throw new IllegalArgumentException("matmul: operands need rank >= 2, got " + sa + " x " + sb
                    + "; reshape a vector to [1, k] or [k, 1]");
        }
        int m = transA ? sa.dim(-1) : sa.dim(-2), k = transA ? sa.dim(-2) : sa.dim(-1);
        int kb = transB ? sb.dim(-1) : sb.dim(-2), n = transB ? sb.dim(-2) : sb.dim(-1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + sa + (transA ? "^T" : "") + " x "
                    + sb + (transB ? "^T" : "") + " (" + k + " != " + kb + ")");
        }
        Shape batchA = prefix(sa), batchB = prefix(sb);
        Broadcast bp;
        try {
            bp = Broadcast.of("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + sa + " and " + sb
                    + " do not broadcast; aligned from the right, each pair must be equal or 1", e);
        }
        int batch = bp.out.size();
        int[] offA = new int[batch], offB = new int[batch];
        Broadcast.Cursor c = bp.cursor();
        for (int r = 0, idx = 0, rows = bp.rows(), in = bp.inner(); r < rows && batch > 0; r++, c.next()) {
            for (int i = 0; i < in; i++, idx++) {
                offA[idx] = (c.off[0] + i * bp.innerStride(0)) * m * k;
                offB[idx] = (c.off[1] + i * bp.innerStride(1)) * k * n;
            }
        }
        int[] outDims = new int[bp.out.rank() + 2];
        System.arraycopy(bp.out.dims(), 0, outDims, 0, bp.out.rank());
        outDims[outDims.length - 2] = m;
        outDims[outDims.length - 1] = n;
        Shape out = Shape.of(outDims);
        Gemm.Dims dims = new Gemm.Dims(m, k, n, transA ? 1 : k, transA ? m : 1, transB);
        Object cData = t == DType.F64 ? new double[out.size()] : new float[out.size()];
        Job job = new Job(dims, t, a, offA, b, offB, cData);
        long work = (long) batch * m * n * k;
        int totalRows = batch * m;
        if (threads <= 1 || work < PARALLEL_WORK || out.size() == 0) {
            job.run(0, totalRows, 0, n);
        } else if (totalRows >= threads) {
            List<RecursiveAction> parts = new ArrayList<>();
            for (int q = 0; q < threads; q++) {
                int lo = (int) ((long) totalRows * q / threads), hi = (int) ((long) totalRows * (q + 1) / threads);
                parts.add(job.part(lo, hi, 0, n));
            }
            invokeAll(parts);
        } else {
            List<RecursiveAction> parts = new ArrayList<>();
            for (int q = 0; q < threads; q++) {
                parts.add(job.part(0, totalRows, (int) ((long) n * q / threads), (int) ((long) n * (q + 1) / threads)));
            }
            invokeAll(parts);
        }
        if (t == DType.F64) {
            return Tensor.wrap(out, (double[]) cData);
        }
        float[] cf = (float[]) cData;
        if (t != DType.F32) {
            for (int i = 0; i < cf.length; i++) {
                cf[i] = (float) t.round(cf[i]);
            }
        }
        return Tensor.wrap(out, t, cf);
    }

    private static void invokeAll(List<RecursiveAction> parts) {
        if (ForkJoinTask.getPool() == POOL) {
            ForkJoinTask.invokeAll(parts); // nested call from a pool thread: work-steal, don't block
        } else {
            POOL.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    ForkJoinTask.invokeAll(parts);
                }
            });
        }
    }

    private static Shape prefix(Shape s) {
        int[] d = s.dims();
        return Shape.of(java.util.Arrays.copyOf(d, d.length - 2));
    }

    /** One batched product; {@link #run} computes the block of global rows (batch-major) and columns given. */
    private record Job(Gemm.Dims dims, DType t, Tensor a, int[] offA, Tensor b, int[] offB, Object c) {

        RecursiveAction part(int r0, int r1, int j0, int j1) {
            return new RecursiveAction() {
                @Override
                protected void compute() {
                    run(r0, r1, j0, j1);
                }
            };
        }

        void run(int r0, int r1, int j0, int j1) {
            int m = dims.m(), mn = m * dims.n();
            if (r0 >= r1 || j0 >= j1) {
                return;
            }
            int kc = Math.min(Gemm.KC, dims.k()), nc = Math.min(Gemm.NC, j1 - j0);
            Object pack = dims.transB() ? (t == DType.F64 ? new double[kc * nc] : new float[kc * nc]) : null;
            for (int bi = r0 / m; bi * m < r1; bi++) {
                int i0 = Math.max(r0 - bi * m, 0), i1 = Math.min(r1 - bi * m, m);
                if (t == DType.F64) {
                    Gemm.f64(dims, a.doubleData(), offA[bi], b.doubleData(), offB[bi], (double[]) c, bi * mn,
                            i0, i1, j0, j1, (double[]) pack);
                } else {
                    Gemm.f32(dims, a.floatData(), offA[bi], b.floatData(), offB[bi], (float[]) c, bi * mn,
                            i0, i1, j0, j1, (float[]) pack);
                }
            }
        }
    }
}
