package dev.clarke.tensor;

import java.util.function.DoubleBinaryOperator;

/**
 * Broadcasting binary kernels. F64 loops run in double and F32 loops in float over the primitive
 * arrays, row by row of a {@link Broadcast} plan. Rows where both operands advance in step with the
 * output (equal shapes) or one operand is a broadcast constant get tight loops indexed by one
 * variable, which C2 auto-vectorises; other rows (e.g. a bias {@code [B,N] + [N]}) take a plain
 * strided loop. BF16 and F16 compute in double and round each result.
 */
final class Elementwise {

    /** The built-in binary operations. */
    enum Op {
        ADD("add", (x, y) -> x + y),
        SUB("sub", (x, y) -> x - y),
        MUL("mul", (x, y) -> x * y),
        DIV("div", (x, y) -> x / y),
        MUL_STRONG("mulStrong", (x, y) -> x == 0 ? 0.0 : x * y);

        final String name;
        final DoubleBinaryOperator f;

        Op(String name, DoubleBinaryOperator f) {
            this.name = name;
            this.f = f;
        }
    }

    private Elementwise() {
    }

    /** {@code op(a, b)} with broadcasting. */
    static Tensor binary(Op op, Tensor a, Tensor b) {
        DType t = JavaKernels.sameDtype(op.name, a, b);
        if (a.rank() == 0 && b.rank() == 0 && (t == DType.F64 || t == DType.F32)) { // scalar programs: no plan
            if (t == DType.F64) {
                double[] out = new double[1]; // a scalar is not worth a workspace lookup
                rowD(op, a.doubleData(), 0, 0, b.doubleData(), 0, 0, out, 0, 1);
                return Tensor.wrap(Shape.SCALAR, out);
            }
            float[] out = new float[1];
            rowF(op, a.floatData(), 0, 0, b.floatData(), 0, 0, out, 0, 1);
            return Tensor.wrap(Shape.SCALAR, t, out);
        }
        Broadcast p = Broadcast.of(op.name, a.shape(), b.shape());
        int size = p.out.size();
        int n = p.inner();
        int rows = p.rows();
        int sa = p.innerStride(0);
        int sb = p.innerStride(1);
        Broadcast.Cursor c = p.cursor();
        if (t == DType.F64) {
            double[] x = a.doubleData(), y = b.doubleData(), out = Buffers.doubles(size);
            for (int r = 0; r < rows && size > 0; r++, c.next()) {
                rowD(op, x, c.off[0], sa, y, c.off[1], sb, out, r * n, n);
            }
            return Tensor.wrap(p.out, out);
        }
        float[] x = a.floatData(), y = b.floatData(), out = Buffers.floats(size);
        for (int r = 0; r < rows && size > 0; r++, c.next()) {
            if (t == DType.F32) {
                rowF(op, x, c.off[0], sa, y, c.off[1], sb, out, r * n, n);
            } else {
                rowEmulated(op.f, t, x, c.off[0], sa, y, c.off[1], sb, out, r * n, n);
            }
        }
        return Tensor.wrap(p.out, t, out);
    }

    /** {@code f(a, b)} with broadcasting, computed in double and rounded. */
    static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        DType t = JavaKernels.sameDtype("zip", a, b);
        Broadcast p = Broadcast.of("zip", a.shape(), b.shape());
        int size = p.out.size();
        int n = p.inner();
        int sa = p.innerStride(0);
        int sb = p.innerStride(1);
        Broadcast.Cursor c = p.cursor();
        double[] out = Buffers.doubles(size);
        double[] xd = a.doubleData(), yd = b.doubleData();
        float[] xf = a.floatData(), yf = b.floatData();
        for (int r = 0, rows = p.rows(); r < rows && size > 0; r++, c.next()) {
            int ao = c.off[0], bo = c.off[1], oo = r * n;
            for (int i = 0; i < n; i++) {
                int ia = ao + i * sa, ib = bo + i * sb;
                out[oo + i] = f.applyAsDouble(xd != null ? xd[ia] : xf[ia], yd != null ? yd[ib] : yf[ib]);
            }
        }
        return Tensor.fromDoubles(p.out, t, out);
    }

    private static void rowD(Op op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] o, int oo, int n) {
        if (sa == 1 && sb == 1 && ao == oo && bo == oo) { // one index for all arrays: C2 vectorises
            final int e = oo + n;
            switch (op) {
                case ADD: for (int i = oo; i < e; i++) o[i] = a[i] + b[i]; return;
                case SUB: for (int i = oo; i < e; i++) o[i] = a[i] - b[i]; return;
                case MUL: for (int i = oo; i < e; i++) o[i] = a[i] * b[i]; return;
                case DIV: for (int i = oo; i < e; i++) o[i] = a[i] / b[i]; return;
                default: break;
            }
        } else if (sa == 1 && sb == 0 && ao == oo) {
            final int e = oo + n;
            final double v = b[bo];
            switch (op) {
                case ADD: for (int i = oo; i < e; i++) o[i] = a[i] + v; return;
                case SUB: for (int i = oo; i < e; i++) o[i] = a[i] - v; return;
                case MUL: for (int i = oo; i < e; i++) o[i] = a[i] * v; return;
                case DIV: for (int i = oo; i < e; i++) o[i] = a[i] / v; return;
                default: break;
            }
        } else if (sa == 1 && sb == 1) { // e.g. bias rows: offsets differ, no per-element switch
            switch (op) {
                case ADD: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; return;
                case SUB: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; return;
                case MUL: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; return;
                case DIV: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; return;
                default: break;
            }
        }
        for (int i = 0; i < n; i++) {
            double x = a[ao + i * sa], y = b[bo + i * sb];
            switch (op) {
                case ADD: o[oo + i] = x + y; break;
                case SUB: o[oo + i] = x - y; break;
                case MUL: o[oo + i] = x * y; break;
                case DIV: o[oo + i] = x / y; break;
                default: o[oo + i] = x == 0 ? 0.0 : x * y; break;
            }
        }
    }

    private static void rowF(Op op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] o, int oo, int n) {
        if (sa == 1 && sb == 1 && ao == oo && bo == oo) { // one index for all arrays: C2 vectorises
            final int e = oo + n;
            switch (op) {
                case ADD: for (int i = oo; i < e; i++) o[i] = a[i] + b[i]; return;
                case SUB: for (int i = oo; i < e; i++) o[i] = a[i] - b[i]; return;
                case MUL: for (int i = oo; i < e; i++) o[i] = a[i] * b[i]; return;
                case DIV: for (int i = oo; i < e; i++) o[i] = a[i] / b[i]; return;
                default: break;
            }
        } else if (sa == 1 && sb == 0 && ao == oo) {
            final int e = oo + n;
            final float v = b[bo];
            switch (op) {
                case ADD: for (int i = oo; i < e; i++) o[i] = a[i] + v; return;
                case SUB: for (int i = oo; i < e; i++) o[i] = a[i] - v; return;
                case MUL: for (int i = oo; i < e; i++) o[i] = a[i] * v; return;
                case DIV: for (int i = oo; i < e; i++) o[i] = a[i] / v; return;
                default: break;
            }
        } else if (sa == 1 && sb == 1) { // e.g. bias rows: offsets differ, no per-element switch
            switch (op) {
                case ADD: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; return;
                case SUB: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; return;
                case MUL: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; return;
                case DIV: for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; return;
                default: break;
            }
        }
        for (int i = 0; i < n; i++) {
            float x = a[ao + i * sa], y = b[bo + i * sb];
            switch (op) {
                case ADD: o[oo + i] = x + y; break;
                case SUB: o[oo + i] = x - y; break;
                case MUL: o[oo + i] = x * y; break;
                case DIV: o[oo + i] = x / y; break;
                default: o[oo + i] = x == 0 ? 0f : x * y; break;
            }
        }
    }

    private static void rowEmulated(DoubleBinaryOperator f, DType t, float[] a, int ao, int sa, float[] b, int bo, int sb,
                                    float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) t.round(f.applyAsDouble(a[ao + i * sa], b[bo + i * sb]));
        }
    }
}
