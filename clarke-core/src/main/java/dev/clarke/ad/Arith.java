package dev.clarke.ad;

import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/** Broadcasting arithmetic: add, sub, mul, div, scale, variable-exponent pow, and the strong-zero product used by every derivative rule. */
final class Arith {

    private static final Kernels K = Kernels.get();
    private static final Attr.Scale NEG = new Attr.Scale(-1);

    private Arith() {
    }

    static Var add(Var a, Var b) {
        Trace t = a.trace;
        if (Trace.scalar64(a, b)) {
            return t.linearPartials(addRecorded(a, b), 1.0, 1.0);
        }
        return addRecorded(a, b);
    }

    private static Var addRecorded(Var a, Var b) {
        return a.trace.record(Op.ADD, K.add(a.value(), b.value()), new Var[] {a, b}, ADD, a.trace.logMark());
    }

    // The rules of the frequent operations, shared by all their nodes (see Node.Rule).

    private static final Node.Rule ADD = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            return new Var[] {!a.requiresGrad ? null : Shapes.unbroadcast(g, a.shape()),
                !b.requiresGrad ? null : Shapes.unbroadcast(g, b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            return plus(ts[0], ts[1]);
        }
    };

    private static final Node.Rule SUB = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            return new Var[] {!a.requiresGrad ? null : Shapes.unbroadcast(g, a.shape()),
                !b.requiresGrad ? null : Shapes.unbroadcast(g.neg(), b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            return plus(ts[0], ts[1] == null ? null : ts[1].neg());
        }
    };

    private static final Node.Rule MUL = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            return new Var[] {!a.requiresGrad ? null : Shapes.unbroadcast(strong(g, b), a.shape()),
                !b.requiresGrad ? null : Shapes.unbroadcast(strong(g, a), b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Var a = n.inputs[0], b = n.inputs[1];
            return plus(ts[0] == null ? null : strong(ts[0], b), ts[1] == null ? null : strong(ts[1], a));
        }
    };

    /** Scale by the node's {@link Attr.Scale} constant. */
    private static final Node.Rule SCALE = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            return new Var[] {scale(g, ((Attr.Scale) n.attr).c())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            return scale(ts[0], ((Attr.Scale) n.attr).c());
        }
    };

    /** The strong-zero product g·d of inputs (g, d). */
    private static final Node.Rule STRONG = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var gg) {
            Var g = n.inputs[0], d = n.inputs[1];
            return new Var[] {Shapes.unbroadcast(strong(gg, d), g.shape()), Shapes.unbroadcast(strong(gg, g), d.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Var g = n.inputs[0], d = n.inputs[1];
            return plus(ts[0] == null ? null : strong(ts[0], d), ts[1] == null ? null : strong(g, ts[1]));
        }
    };

    static Var sub(Var a, Var b) {
        Trace t = a.trace;
        if (Trace.scalar64(a, b)) {
            return t.linearPartials(subRecorded(a, b), 1.0, -1.0);
        }
        return subRecorded(a, b);
    }

    private static Var subRecorded(Var a, Var b) {
        return a.trace.record(Op.SUB, K.sub(a.value(), b.value()), new Var[] {a, b}, SUB, a.trace.logMark());
    }

    static Var mul(Var a, Var b) {
        Trace t = a.trace;
        if (Trace.scalar64(a, b)) {
            return t.partials(mulRecorded(a, b), b.value().item(), a.value().item());
        }
        return mulRecorded(a, b);
    }

    private static Var mulRecorded(Var a, Var b) {
        return a.trace.record(Op.MUL, K.mul(a.value(), b.value()), new Var[] {a, b}, MUL, a.trace.logMark());
    }

    static Var scale(Var x, double c) {
        Trace t = x.trace;
        if (Trace.scalar64(x)) {
            return t.linearPartials(scaleRecorded(x, c), c, 0.0);
        }
        return scaleRecorded(x, c);
    }

    private static Var scaleRecorded(Var x, double c) {
        Trace t = x.trace;
        return t.tag(t.record(c == -1 ? Op.NEG : Op.SCALE, K.scale(x.value(), c), new Var[] {x}, SCALE, t.logMark()),
                c == -1 ? NEG : new Attr.Scale(c));
    }

    static Var div(Var a, Var b) {
        Trace t = a.trace;
        Domain.check(t, "div", b.value(), v -> v == 0, "division by zero");
        return t.record(Op.DIV, K.div(a.value(), b.value()), new Var[] {a, b}, DIV, t.logMark());
    }

    /** a/b = y: ∂a = 1/b, ∂b = −y/b. */
    private static final Node.Rule DIV = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            Var inv = reciprocal(b);
            return new Var[] {Shapes.unbroadcast(strong(g, inv), a.shape()),
                Shapes.unbroadcast(strong(g, n.output().mul(inv)).neg(), b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Var inv = reciprocal(n.inputs[1]);
            return plus(ts[0] == null ? null : strong(ts[0], inv),
                    ts[1] == null ? null : strong(ts[1], n.output().mul(inv)).neg());
        }
    };

    /** 1/x computed without logging a violation (used inside derivative rules). */
    static Var reciprocal(Var x) {
        Trace t = x.trace;
        Tensor one = Tensor.scalar(1, t.dtype());
        return t.record(Op.RECIPROCAL, K.div(one, x.value()), new Var[] {x}, RECIPROCAL, t.logMark());
    }

    /** 1/x = y: slope −y². */
    private static final Node.Rule RECIPROCAL = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            return new Var[] {strong(g, n.output().mul(n.output())).neg()};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            return strong(ts[0], n.output().mul(n.output())).neg();
        }
    };

    /** a^b with a variable exponent; defined for a &gt; 0, and for a = 0 with b &gt; 0. */
    static Var pow(Var a, Var b) {
        Trace t = a.trace;
        Shape s = a.shape().broadcastWith(b.shape());
        Tensor av = K.broadcastTo(a.value(), s);
        Tensor bv = K.broadcastTo(b.value(), s);
        Domain.check(t, "pow", av, bv, (x, p) -> x < 0 || (x == 0 && p <= 0),
                "pow with a variable exponent needs a positive base (or 0 with a positive exponent)");
        int mark = t.logMark();
        dev.clarke.ops.HitSink sink = t.hitSink("pow");
        for (int i = 0; sink != null && i < av.size(); i++) {
            double p = bv.get(i);
            if (av.get(i) == 0 && p > 0 && p < 1) {
                sink.hit(i, 0.0);   // ∂/∂a = b·0^(b−1) = +∞: the policy's finite value is used (powSlopeBase)
            }
        }
        return t.record(Op.VAR_POW, K.zip(a.value(), b.value(), Math::pow), new Var[] {a, b}, VAR_POW, mark);
    }

    private static final Node.Rule VAR_POW = new Node.Rule() {
        @Override
        public Var[] vjp(Node n, Var g) {
            Var a = n.inputs[0], b = n.inputs[1];
            return new Var[] {Shapes.unbroadcast(strong(g, powSlopeBase(a, b)), a.shape()),
                Shapes.unbroadcast(strong(g, powSlopeExponent(a, n.output())), b.shape())};
        }

        @Override
        public Var jvp(Node n, Var[] ts) {
            Var a = n.inputs[0], b = n.inputs[1];
            return plus(ts[0] == null ? null : strong(ts[0], powSlopeBase(a, b)),
                    ts[1] == null ? null : strong(ts[1], powSlopeExponent(a, n.output())));
        }
    };

    /** ∂(a^b)/∂a = b·a^(b−1); at a = 0: 0 if b &gt; 1, 1 if b = 1, the policy's finite value if b &lt; 1. */
    private static Var powSlopeBase(Var a, Var b) {
        Trace t = a.trace;
        Shape s = a.shape().broadcastWith(b.shape());
        Tensor zero = K.zip(a.value(), b.value(), (x, p) -> x == 0 ? 1 : 0);
        Tensor fill = K.zip(a.value(), b.value(),
                (x, p) -> p > 1 ? 0 : p == 1 ? 1 : t.policy().infiniteSlope());
        Var safeA = Control.where(zero, t.constant(s, 1), a.broadcastTo(s));
        Var slope = b.mul(safeA.pow(b.sub(1)));
        return Control.where(zero, t.constant(fill), slope);
    }

    /** ∂(a^b)/∂b = a^b·ln a; 0 at a = 0 (the limit for b &gt; 0). */
    private static Var powSlopeExponent(Var a, Var y) {
        Trace t = a.trace;
        Shape s = y.shape();
        Tensor zero = K.map(K.broadcastTo(a.value(), s), x -> x == 0 ? 1 : 0);
        Var safeA = Control.where(zero, t.constant(s, 1), a.broadcastTo(s));
        return Control.where(zero, t.constant(s, 0), y.mul(safeA.log()));
    }

    /** g·d, except exactly 0 wherever g is 0 (even against NaN or ∞ in d): the strong zero of every rule. */
    static Var strong(Var g, Var d) {
        Trace t = g.trace;
        return t.record(Op.MUL_STRONG, K.mulStrong(g.value(), d.value()), new Var[] {g, d}, STRONG, t.logMark());
    }

    /** Sum of two tangents, either of which may be null (zero). */
    static Var plus(Var x, Var y) {
        if (x == null) {
            return y;
        }
        if (y == null) {
            return x;
        }
        return add(x, y);
    }
}
