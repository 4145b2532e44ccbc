package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;

/**
 * Batched matrix product. Operands of rank 1 are promoted as in numpy ([k] is a row on the left and
 * a column on the right) and the added axis removed again. Backward uses the transposed kernels,
 * never materialised transposes: for C = op(A)·op(B), dA and dB are again products with transpose
 * flags.
 */
final class Linalg {

    private static final Kernels K = Kernels.get();

    private Linalg() {
    }

    static Var matmul(Var a, Var b) {
        if (a.shape().rank() == 0 || b.shape().rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have rank >= 1, got "
                    + a.shape() + " and " + b.shape() + " (use mul for scalars)");
        }
        boolean rowA = a.shape().rank() == 1;
        boolean colB = b.shape().rank() == 1;
        Var a2 = rowA ? Shapes.reshape(a, Shape.of(1, a.shape().dim(0))) : a;
        Var b2 = colB ? Shapes.reshape(b, Shape.of(b.shape().dim(0), 1)) : b;
        Var c = mm(a2, b2, false, false);
        if (rowA || colB) {
            int[] d = c.shape().dims();
            int r = d.length;
            int keep = r - (rowA ? 1 : 0) - (colB ? 1 : 0);
            int[] nd = new int[keep];
            int j = 0;
            for (int i = 0; i < r; i++) {
                if ((rowA && i == r - 2) || (colB && i == r - 1)) {
                    continue;
                }
                nd[j++] = d[i];
            }
            c = Shapes.reshape(c, Shape.of(nd));
        }
        return c;
    }

    /** op(a)·op(b), where op transposes the last two axes when its flag is set. */
    static Var mm(Var a, Var b, boolean ta, boolean tb) {
        Trace t = a.trace;
        return t.tag(t.record(Op.MATMUL, K.matmul(a.value(), b.value(), ta, tb), new Var[] {a, b}, MATMUL, t.logMark()),
                new Attr.Transposes(ta, tb));
    }

    /** For C = op(A)·op(B): dA and dB are again products with transpose flags. */
    private static final Node.Rule MATMUL = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            Attr.Transposes f = (Attr.Transposes) n.attr;
            boolean ta = f.a(), tb = f.b();
            return new Var[] {
                !a.requiresGrad ? null : Shapes.unbroadcast(ta ? mm(b, g, tb, true) : mm(g, b, false, !tb), a.shape()),
                !b.requiresGrad ? null : Shapes.unbroadcast(tb ? mm(g, a, true, ta) : mm(a, g, !ta, false), b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Attr.Transposes f = (Attr.Transposes) n.attr;
            return Arith.plus(ts[0] == null ? null : mm(ts[0], n.inputs[1], f.a(), f.b()),
                    ts[1] == null ? null : mm(n.inputs[0], ts[1], f.a(), f.b()));
        }
    };
}
