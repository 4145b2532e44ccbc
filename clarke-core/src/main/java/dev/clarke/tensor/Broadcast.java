package dev.clarke.tensor;

/**
 * An iteration plan for numpy broadcasting of several operands to one contiguous output. The
 * output's axes are coalesced: axes of length 1 are dropped and adjacent axes merged wherever every
 * operand's strides allow, so equal shapes become one flat run and a bias {@code [B,N] + [N]}
 * becomes {@code B} rows of {@code N}. Kernels walk the output row by row ({@link #inner()}
 * elements each, inner strides 0 or 1) while a {@link Cursor} tracks each operand's offset.
 */
final class Broadcast {

    /** The broadcast output shape. */
    final Shape out;
    private final int[] dims;      // coalesced output dims, at least one
    private final int[][] strides; // [operand][axis], 0 on broadcast axes

    private Broadcast(Shape out, Shape[] shapes) {
        this.out = out;
        int r = out.rank();
        int n = shapes.length;
        int[] od = out.dims();
        int[][] st = new int[n][r];
        for (int k = 0; k < n; k++) {
            int[] sd = shapes[k].dims();
            int[] ss = shapes[k].strides();
            int off = r - sd.length;
            for (int i = 0; i < sd.length; i++) {
                st[k][i + off] = sd[i] == 1 ? 0 : ss[i];
            }
        }
        int[] cd = new int[Math.max(r, 1)];
        int[][] cs = new int[n][Math.max(r, 1)];
        int m = 0;
        for (int i = 0; i < r; i++) {
            if (od[i] == 1) {
                continue;
            }
            boolean merge = m > 0;
            for (int k = 0; k < n && merge; k++) {
                merge = cs[k][m - 1] == st[k][i] * od[i];
            }
            if (merge) {
                cd[m - 1] *= od[i];
                for (int k = 0; k < n; k++) {
                    cs[k][m - 1] = st[k][i];
                }
            } else {
                cd[m] = od[i];
                for (int k = 0; k < n; k++) {
                    cs[k][m] = st[k][i];
                }
                m++;
            }
        }
        if (m == 0) {
            cd[0] = 1;
            m = 1;
        }
        this.dims = java.util.Arrays.copyOf(cd, m);
        this.strides = new int[n][];
        for (int k = 0; k < n; k++) {
            strides[k] = java.util.Arrays.copyOf(cs[k], m);
        }
    }

    /**
     * Plan for broadcasting {@code shapes} together.
     *
     * @param op the kernel name, for the error message
     * @throws IllegalArgumentException if the shapes do not broadcast
     */
    static Broadcast of(String op, Shape... shapes) {
        Shape out = shapes[0];
        for (int k = 1; k < shapes.length; k++) {
            Shape next = shapes[k];
            if (!out.equals(next)) {
                try {
                    out = out.broadcastWith(next);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(op + ": " + describe(shapes)
                            + " do not broadcast; aligned from the right, each pair of dimensions must be equal or 1", e);
                }
            }
        }
        return new Broadcast(out, shapes);
    }

    /** Plan for reading {@code shapes} (each already known to broadcast to {@code out}) as {@code out}. */
    static Broadcast to(Shape out, Shape... shapes) {
        return new Broadcast(out, shapes);
    }

    private static String describe(Shape[] shapes) {
        StringBuilder sb = new StringBuilder("shapes ");
        for (int k = 0; k < shapes.length; k++) {
            sb.append(k == 0 ? "" : k == shapes.length - 1 ? " and " : ", ").append(shapes[k]);
        }
        return sb.toString();
    }

    /** Elements per row (the last coalesced axis). */
    int inner() {
        return dims[dims.length - 1];
    }

    /** Number of rows (product of the other coalesced axes). */
    int rows() {
        int p = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** Stride of operand {@code k} along a row: 0 (broadcast) or 1. */
    int innerStride(int k) {
        return strides[k][dims.length - 1];
    }

    /** A fresh cursor at row 0. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Tracks each operand's start offset of the current row; {@link #next()} advances one row. */
    final class Cursor {
        /** Offset of the current row's first element, per operand. */
        final int[] off = new int[strides.length];
        private final int[] idx = new int[dims.length];

        /** Advances to the next row (odometer over all axes but the last). */
        void next() {
            for (int ax = dims.length - 2; ax >= 0; ax--) {
                if (++idx[ax] < dims[ax]) {
                    for (int k = 0; k < off.length; k++) {
                        off[k] += strides[k][ax];
                    }
                    return;
                }
                idx[ax] = 0;
                for (int k = 0; k < off.length; k++) {
                    off[k] -= strides[k][ax] * (dims[ax] - 1);
                }
            }
        }
    }
}
