package dev.clarke.ad;

import dev.clarke.ops.BinaryPiecewise;
import dev.clarke.ops.Family;
import dev.clarke.ops.HitSink;
import dev.clarke.ops.PiecewiseFunction;
import dev.clarke.ops.Segment;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Tensor;

/**
 * The piecewise primitives on the trace. Values and kink hits come from the ops layer's kernels;
 * the slope is the derivative of each element's piece, at kinks the policy's choice. For the
 * piecewise-linear ones the slope is piecewise constant, so it enters the rules as a constant and
 * its own derivative is 0 (relu′′ = 0 everywhere); inside a non-affine piece (hardswish's quadratic,
 * elu's exponential) the slope is that piece's derivative as a differentiable function of x.
 */
final class Piecewise {

    private static final Kernels K = Kernels.get();

    private Piecewise() {
    }

    /** Any one-input family by its row's parameters (clamp's bounds rounded to the dtype, as {@link #clamp}). */
    static Var family(Var x, Family f, double... params) {
        switch (f) {
            case MAX: case MIN: case REDUCE_MAX: case REDUCE_MIN:
                throw new IllegalArgumentException(f.id() + " is not a one-input primitive: use max/min on two values"
                        + " or the reductions");
            case CLAMP: {
                double[] d = f.row().defaults();
                return clamp(x, params.length > 0 ? params[0] : d[0], params.length > 1 ? params[1] : d[1]);
            }
            default:
                return unary(x, f, f.row() == null ? params : f.at(params).params());
        }
    }

    static Var unary(Var x, Family f, double... params) {
        Trace t = x.trace;
        int mark = t.logMark();
        HitSink sink = t.hitSink(f.id());
        // One instantiation of the row for the value and the scalar partial: a scalar program calls this millions of times.
        PiecewiseFunction pf = f.row() == null ? null : f.at(params);
        Tensor xv = x.value();
        boolean scalar = pf != null && xv.rank() == 0;
        int where = scalar ? pf.kernel().locate(xv.item()) : 0; // once for the value, the hit and the slope
        Tensor y = scalar ? Tensor.scalar(UnaryPiecewise.scalarValue(pf, where, xv.item(), sink), xv.dtype())
                : UnaryPiecewise.value(f, xv, params, sink);
        Var out = t.tag(t.record(Op.PIECEWISE, f, y, new Var[] {x}, UNARY.get(f), mark),
                params.length == 0 ? Attr.Params.NONE : new Attr.Params(params.clone()));
        if ((pf == null || pf.piecewiseLinear()) && Trace.scalar64(x) && out.id >= 0) {
            double s = f == Family.RELU ? UnaryPiecewise.slope(f, xv, params, t.policy()).item()
                    : pf == null ? UnaryPiecewise.slope(f, xv.item(), params, t.policy())
                    : UnaryPiecewise.scalarSlope(f, pf, where, xv.item(), t.policy()); // F64: the tensor slope's value, unrounded
            t.partials(out, s, 0.0);
        }
        return out;
    }

    static Var clamp(Var x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp(x, " + lo + ", " + hi + "): needs lo <= hi");
        }
        double rlo = x.dtype().round(lo);
        double rhi = x.dtype().round(hi);
        return unary(x, Family.CLAMP, rlo, rhi);
    }

    /** Whether the family's slope is piecewise constant (every piece affine), so it enters the rules as a constant. */
    private static boolean constantSlope(Family f) {
        return f.row() == null || f.row().piecewiseLinear();
    }

    /**
     * The slope as a differentiable value: the constant slope of each element's piece (the policy's
     * at kinks), and inside a non-affine piece that piece's derivative as a function of x.
     */
    private static Var slope(Var x, Family f, double[] params) {
        Trace t = x.trace;
        Var s = t.constant(UnaryPiecewise.slope(f, x.value(), params, t.policy()));
        if (constantSlope(f)) {
            return s;
        }
        PiecewiseFunction pf = f.at(params);
        java.util.List<Segment> pieces = f.row().pieces();
        for (int j = 0; j < pieces.size(); j++) {
            Segment seg = pieces.get(j);
            if (!seg.affine()) {
                int piece = j;
                Tensor inside = K.map(x.value(), v -> pf.kinkIndex(v) < 0 && pf.pieceIndex(v) == piece ? 1 : 0);
                s = Control.where(inside, derivative(x, seg, pf.params()), s);
            }
        }
        return s;
    }

    /** A non-affine piece's derivative as a differentiable function of x. */
    private static Var derivative(Var x, Segment seg, double[] p) {
        if (seg instanceof Segment.Quadratic q) { // (x(x + c)/d)′ = x·(2/d) + c/d
            return x.mul(2 / q.d()).add(q.shift() / q.d());
        }
        if (seg instanceof Segment.Expm1 e) { // (a(eˣ − 1))′ = a·eˣ
            return x.exp().mul(e.a().at(p));
        }
        throw new IllegalArgumentException("no derivative for the piece " + seg);
    }

    static Var binary(Var a, Var b, Family f) {
        Trace t = a.trace;
        int mark = t.logMark();
        HitSink sink = t.hitSink(f.id());
        Tensor y = BinaryPiecewise.value(f, a.value(), b.value(), sink);
        if (Trace.scalar64(a, b)) {
            Var out = recordBinary(t, f, a, b, y, mark);
            if (out.id >= 0) {
                double x = a.value().item(), z = b.value().item();
                double sa = x == z ? BinaryPiecewise.slopeA(f, a.value(), b.value(), t.policy()).item() // a tie: the policy
                        : (x > z) == (f == Family.MAX) ? 1 : 0; // slopeA's formula off ties
                t.partials(out, sa, 1 - sa);
            }
            return out;
        }
        return recordBinary(t, f, a, b, y, mark);
    }

    private static Var recordBinary(Trace t, Family f, Var a, Var b, Tensor y, int mark) {
        return t.record(Op.MAX_MIN, f, y, new Var[] {a, b}, f == Family.MAX ? MAX : MIN, mark);
    }

    // The rules, one per family, shared by all its nodes (see Node.Rule); parameters come from the
    // node's Attr.Params.

    private static final java.util.Map<Family, Node.Rule> UNARY = new java.util.EnumMap<>(Family.class);

    static {
        for (Family f : Family.values()) {
            UNARY.put(f, new Node.Rule() {
                @Override
                public Var[] vjp(Node n, Var g) {
                    return new Var[] {Arith.strong(g, slope(n.inputs[0], f, ((Attr.Params) n.attr).values()))};
                }

                @Override
                public Var jvp(Node n, Var[] ts) {
                    return Arith.strong(ts[0], slope(n.inputs[0], f, ((Attr.Params) n.attr).values()));
                }
            });
        }
    }

    private static final Node.Rule MAX = binaryRule(Family.MAX);
    private static final Node.Rule MIN = binaryRule(Family.MIN);

    private static Node.Rule binaryRule(Family f) {
        return new Node.Rule() {
            @Override
            public Var[] vjp(Node n, Var g) {
                Var a = n.inputs[0], b = n.inputs[1];
                Var[] s = slopes(f, a, b);
                return new Var[] {Shapes.unbroadcast(Arith.strong(g, s[0]), a.shape()),
                    Shapes.unbroadcast(Arith.strong(g, s[1]), b.shape())};
            }

            @Override
            public Var jvp(Node n, Var[] ts) {
                Var[] s = slopes(f, n.inputs[0], n.inputs[1]);
                return Arith.plus(ts[0] == null ? null : Arith.strong(ts[0], s[0]),
                        ts[1] == null ? null : Arith.strong(ts[1], s[1]));
            }
        };
    }

    /** ∂/∂a and ∂/∂b = 1 − ∂/∂a of max or min, as constants (the policy's choice on ties). */
    private static Var[] slopes(Family f, Var a, Var b) {
        Trace t = a.trace;
        Tensor sa = BinaryPiecewise.slopeA(f, a.value(), b.value(), t.policy());
        return new Var[] {t.constant(sa), t.constant(K.map(sa, v -> 1 - v))};
    }
}
