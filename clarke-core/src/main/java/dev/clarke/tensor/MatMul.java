package dev.clarke.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Batched matrix product: shape checks, batch broadcasting, and the split of the output among the
 * threads of a shared pool. Products of at least {@link #PARALLEL_WORK} multiply-adds are split
 * into one contiguous range of output rows (or of columns: when there are few rows, or when the
 * vector kernel would pack a transposed B once per part) per thread; each output element is computed by one thread in the fixed order of {@link Gemm}, so the
 * result is bitwise the same for any number of threads.
 */
final class MatMul {

    /** Work ({@code batch*m*n*k}) from which a product is split among threads. */
    static final long PARALLEL_WORK = 64L * 64 * 64;
    /** Threads used by default: one per available processor. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    /** Fewest rows per thread before the split goes by columns instead (rows repack the B panel). */
    static final int MIN_ROWS_PER_PART = 16;
    /** Column boundaries of a split fall on multiples of this (a whole F32 or F64 register strip). */
    static final int COL_STRIP = 32;
    /** Fewest columns per thread for the vector kernel's split by columns. */
    static final int MIN_COLS_PER_PART = 2 * COL_STRIP;
    /** Below this many output columns (and with more rows) the transposed problem is computed. */
    static final int NARROW = 64;
    /** The shared workers (one fewer than {@link #THREADS}: the calling thread works too), or null. */
    /** The operand offsets of an unbatched product (shared, never written). */
    private static final int[] ONE_MATRIX = {0};
    private static final Workers WORKERS = THREADS > 1 ? new Workers(THREADS - 1, "clarke-matmul") : null;

    private MatMul() {
    }

    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return matmul(a, b, transA, transB, THREADS, false);
    }

    /** As {@link Kernels#matmul} with at most {@code threads} threads (for tests of determinism). */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, int threads) {
        return matmul(a, b, transA, transB, threads, false);
    }

    /**
     * As {@link Kernels#matmul} with at most {@code threads} threads, on the Vector API kernels of
     * {@link VectorGemm} if {@code vector} (only when the {@code jdk.incubator.vector} module is
     * present), else on {@link Gemm}. Both give the same bits.
     */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, int threads, boolean vector) {
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
        int batch;
        int[] offA, offB;
        Shape out;
        if (sa.rank() == 2 && sb.rank() == 2) { // one matrix each (every product of an MLP): no batch plan
            batch = 1;
            offA = ONE_MATRIX;
            offB = ONE_MATRIX;
            out = Shape.of(m, n);
        } else {
            Shape batchA = prefix(sa), batchB = prefix(sb);
            Broadcast bp;
            try {
                bp = Broadcast.of("matmul", batchA, batchB);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("matmul: batch dimensions of " + sa + " and " + sb
                        + " do not broadcast; aligned from the right, each pair must be equal or 1", e);
            }
            batch = bp.out.size();
            offA = new int[batch];
            offB = new int[batch];
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
            out = Shape.of(outDims);
        }
        Gemm.Geometry g = new Gemm.Geometry(m, k, n, transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1, n, 1);
        // Gemm and VectorGemm store every element of C, starting from 0 on the first k-block; k = 0 has none.
        Object cData = k == 0 ? Buffers.zeroStorage(t, out.size()) : Buffers.storage(t, out.size());
        Job job = !vector && n < NARROW && m > n
                ? new Job(g.transposed(), t, b, offB, a, offA, cData, m * n, false) // auto-vectorise along m instead of n
                : new Job(g, t, a, offA, b, offB, cData, m * n, vector);
        long work = (long) batch * m * n * k;
        int rows = job.g.m(), cols = job.g.n(), totalRows = batch * rows;
        if (threads <= 1 || work < PARALLEL_WORK || out.size() == 0) {
            job.run(0, totalRows, 0, cols);
        } else {
            List<Workers.Part> parts = new ArrayList<>();
            // Each part packs the B it reads. A transposed B is packed element by element, so the
            // vector kernel (which reads A in place) splits it by columns and packs each part once;
            // a row-major B is packed by row copies, cheap enough that a split by rows does better.
            boolean byColumns = job.vector && job.g.csB() != 1 ? cols >= MIN_COLS_PER_PART * threads
                    : !(totalRows >= MIN_ROWS_PER_PART * threads || totalRows >= cols);
            for (int q = 0; q < threads; q++) {
                int r0 = split(totalRows, q, threads), r1 = split(totalRows, q + 1, threads);
                int j0 = stripSplit(cols, q, threads), j1 = stripSplit(cols, q + 1, threads);
                parts.add(byColumns
                        ? new Workers.Part(() -> job.run(0, totalRows, j0, j1))
                        : new Workers.Part(() -> job.run(r0, r1, 0, cols)));
            }
            runParts(parts);
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

    /** Runs the parts on the shared workers and the calling thread (see {@link Workers}); a single part on the calling thread. */
    static void runParts(List<Workers.Part> parts) {
        if (parts.size() == 1) {
            parts.get(0).run();
            parts.get(0).await();
            return;
        }
        if (WORKERS == null) {
            for (Workers.Part part : parts) {
                part.run();
            }
            return;
        }
        WORKERS.runAll(parts);
    }

    private static Shape prefix(Shape s) {
        int[] d = s.dims();
        return Shape.of(java.util.Arrays.copyOf(d, d.length - 2));
    }

    private static int split(int total, int q, int parts) {
        return (int) ((long) total * q / parts);
    }

    /** As {@link #split}, with inner boundaries on whole {@link #COL_STRIP}s so no part has a ragged edge. */
    private static int stripSplit(int total, int q, int parts) {
        return q == parts ? total : Math.min(total, Math.round((float) split(total, q, parts) / COL_STRIP) * COL_STRIP);
    }

    /**
     * One batched product in the geometry {@code g} (possibly the transposed problem), reading
     * {@code x} as the left and {@code y} as the right operand; {@link #run} computes the block of
     * global rows (batch-major) {@code [r0, r1)} and columns {@code [j0, j1)}.
     */
    private record Job(Gemm.Geometry g, DType t, Tensor x, int[] offX, Tensor y, int[] offY, Object c, int cStride,
                       boolean vector) {

        void run(int r0, int r1, int j0, int j1) {
            int m = g.m();
            if (r0 >= r1 || j0 >= j1) {
                return;
            }
            for (int bi = r0 / m; bi * m < r1; bi++) {
                int i0 = Math.max(r0 - bi * m, 0), i1 = Math.min(r1 - bi * m, m);
                if (vector && t == DType.F64) {
                    VectorGemm.f64(g, x.doubleData(), offX[bi], y.doubleData(), offY[bi], (double[]) c, bi * cStride,
                            i0, i1, j0, j1);
                } else if (vector) {
                    VectorGemm.f32(g, x.floatData(), offX[bi], y.floatData(), offY[bi], (float[]) c, bi * cStride,
                            i0, i1, j0, j1);
                } else if (t == DType.F64) {
                    Gemm.f64(g, x.doubleData(), offX[bi], y.doubleData(), offY[bi], (double[]) c, bi * cStride,
                            i0, i1, j0, j1);
                } else {
                    Gemm.f32(g, x.floatData(), offX[bi], y.floatData(), offY[bi], (float[]) c, bi * cStride,
                            i0, i1, j0, j1);
                }
            }
        }
    }
}
