package dev.clarke.ad;

import static dev.clarke.ad.CompiledTape.*;

import dev.clarke.ops.Family;
import dev.clarke.ops.PiecewiseFunction;
import dev.clarke.ops.Segment;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.PiecewiseKernel;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a live (not yet released) F64 scalar trace into a {@link CompiledTape}, with one guard per
 * decision the recording took: each {@code if} test's outcome (the three-way comparison of its
 * operands), each piecewise node's piece or the kink it sits on exactly, each max/min's tie status,
 * and the sign each domain-restricted operation saw (div's divisor, log's, sqrt's and x^p's base).
 * While every guard holds, the recording's operations, their order and every derivative rule's case
 * are the same at the new inputs, so a replay is what a fresh recording would compute.
 */
final class TapeCompiler {

    /** Why a trace cannot be compiled: it holds something the tape does not replay. */
    static final class NotReplayable extends Exception {
        NotReplayable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    private final Trace trace;
    private final int n;
    private final Map<Long, Integer> constants = new HashMap<>();
    private final List<Double> constantValues = new ArrayList<>();
    private final List<double[]> guards = new ArrayList<>(); // {at, kind, a, b, lo, hi}
    private final Map<String, Integer> kernelIndex = new HashMap<>();
    private final List<PiecewiseKernel> kernels = new ArrayList<>();
    private final int[] code;
    private final int[] rcode;
    private final int[] in0;
    private final int[] in1;
    private final double[] aux;
    private double[] aux2;

    private TapeCompiler(Trace trace) {
        this.trace = trace;
        this.n = trace.size();
        code = new int[n];
        rcode = new int[n];
        in0 = new int[n];
        in1 = new int[n];
        aux = new double[n];
    }

    /** The tape of {@code trace} (recorded, not released) with output {@code y} and the program's inputs in order. */
    static CompiledTape compile(Trace trace, Var y, Var[] inputs) throws NotReplayable {
        if (trace.dtype() != DType.F64) {
            throw new NotReplayable("the trace computes in " + trace.dtype() + " (tapes replay F64)");
        }
        if (!trace.violations().isEmpty()) {
            throw new NotReplayable("the recording has a domain violation: " + trace.violations().get(0));
        }
        return new TapeCompiler(trace).build(y, inputs);
    }

    private CompiledTape build(Var y, Var[] inputs) throws NotReplayable {
        int[] inputNodes = inputNodes(inputs);
        for (int i = 0; i < n; i++) {
            node(trace.node(i));
        }
        for (BranchRecord b : trace.branches()) {
            branch(b);
        }
        int out = slot(y);
        boolean differentiated = y.id >= 0 && y.requiresGrad;
        boolean[] reached = reached(y, differentiated);
        KinkLog log = trace.kinks();
        guards.sort((p, q) -> Double.compare(p[0], q[0]));
        CompiledTape t = new CompiledTape(n, n + constantValues.size(), inputNodes, out, differentiated,
                trace.policy().infiniteSlope(), kernels.toArray(new PiecewiseKernel[0]), guards.size(), log.size());
        System.arraycopy(code, 0, t.code, 0, n);
        System.arraycopy(in0, 0, t.in0, 0, n);
        System.arraycopy(in1, 0, t.in1, 0, n);
        System.arraycopy(aux, 0, t.aux, 0, n);
        t.aux2 = aux2;
        for (int i = 0; i < n; i++) {
            t.rcode[i] = reached[i] && code[i] != INPUT ? rcode[i] : SKIP;
            t.val[i] = trace.node(i).item();
        }
        for (int k = 0; k < constantValues.size(); k++) {
            t.val[n + k] = constantValues.get(k);
        }
        for (int k = 0; k < inputNodes.length; k++) {
            t.inputReached[k] = reached[inputNodes[k]];
        }
        for (int q = 0; q < guards.size(); q++) {
            double[] g = guards.get(q);
            t.gAt[q] = (int) g[0];
            t.gKind[q] = (int) g[1];
            t.gA[q] = (int) g[2];
            t.gB[q] = (int) g[3];
            t.gLo[q] = g[4];
            t.gHi[q] = g[5];
        }
        for (int h = 0; h < log.size(); h++) {
            KinkLog.Hit hit = log.get(h);
            t.hitNode[h] = hit.node();
            t.hitOp[h] = hit.op();
            t.hitElement[h] = hit.element();
            t.hitPoint[h] = hit.point();
            int c = code[hit.node()];
            // max/min log the tie's value, floor and round their input (−0.0 is a kink at 0): read them again
            t.hitSlot[h] = c == MAX || c == MIN || c == FLOOR || c == ROUND ? in0[hit.node()] : -1;
        }
        return t;
    }

    private int[] inputNodes(Var[] inputs) throws NotReplayable {
        int[] ids = new int[inputs.length];
        int inputNodes = 0;
        for (int i = 0; i < n; i++) {
            inputNodes += trace.node(i).op == Op.INPUT ? 1 : 0;
        }
        if (inputNodes != inputs.length) {
            throw new NotReplayable("the program made inputs of its own (" + inputNodes + " inputs on the trace, "
                    + inputs.length + " given)");
        }
        for (int k = 0; k < inputs.length; k++) {
            ids[k] = inputs[k].id;
        }
        return ids;
    }

    /** Nodes reverse mode visits from y: as {@link Reverse}, through inputs that need a gradient. */
    private boolean[] reached(Var y, boolean differentiated) {
        boolean[] reached = new boolean[n];
        if (!differentiated) {
            return reached;
        }
        reached[y.id] = true;
        for (int i = y.id; i >= 0; i--) {
            Node node = trace.node(i);
            if (reached[i] && node.differentiable()) {
                for (Var in : node.inputs) {
                    if (in.requiresGrad && in.id >= 0) {
                        reached[in.id] = true;
                    }
                }
            }
        }
        return reached;
    }

    private int slot(Var v) throws NotReplayable {
        if (v.id >= 0) {
            return v.id;
        }
        Tensor t = v.value();
        if (t.rank() != 0 || t.dtype() != DType.F64) {
            throw new NotReplayable("a constant of shape " + t.shape() + " (tapes replay scalar programs)");
        }
        return constant(t.item());
    }

    private int constant(double c) {
        return n + constants.computeIfAbsent(Double.doubleToRawLongBits(c), bits -> {
            constantValues.add(c);
            return constantValues.size() - 1;
        });
    }

    private void node(Node node) throws NotReplayable {
        int i = node.id;
        Tensor value = node.value();
        if (value.rank() != 0 || value.dtype() != DType.F64 || Double.isNaN(value.item())) {
            throw new NotReplayable("node " + i + " (" + node.name + ") has shape " + value.shape()
                    + (value.rank() == 0 ? " and value " + value.item() : "") + " (tapes replay finite scalar programs)");
        }
        Var[] in = node.inputs;
        in0[i] = in.length > 0 ? slot(in[0]) : -1;
        in1[i] = in.length > 1 ? slot(in[1]) : 0;
        double x = in.length > 0 ? in[0].item() : 0;
        switch (node.op) {
            case INPUT: code[i] = INPUT; return;
            case ADD: scalar(node, ADD); return;
            case SUB: scalar(node, SUB); return;
            case MUL: scalar(node, MUL); return;
            case NEG: case SCALE: scalar(node, SCALE); aux[i] = ((Attr.Scale) node.attr).c(); return;
            case EXP: scalar(node, EXP); return;
            case SIN: scalar(node, SIN); return;
            case COS: scalar(node, COS); return;
            case TANH: scalar(node, TANH); return;
            case SIGMOID: scalar(node, SIGMOID); return;
            case SOFTPLUS: scalar(node, SOFTPLUS); return;
            case LOG: scalar(node, LOG); range(i, in0[i], G_OC, 0, INF); return;
            case DIV: same(i, DIV); sign(i, in1[i], in[1].item()); return;
            case SQRT: same(i, SQRT); sign(i, in0[i], x); return;
            case POW: pow(node, x); return;
            case PIECEWISE: piecewise(node, x); return;
            case MAX_MIN: {
                scalar(node, node.family == Family.MAX ? MAX : MIN);
                aux[i] = node.d0;
                double b = in[1].item();
                guard(i, x < b ? G_LT : x == b ? G_EQ : G_GT, in0[i], in1[i], 0, 0);
                return;
            }
            default:
                throw new NotReplayable("node " + i + " is " + node.name + " (not replayed)");
        }
    }

    private void scalar(Node node, int c) throws NotReplayable {
        if (!node.scalar) {
            throw new NotReplayable("node " + node.id + " (" + node.name + ") carries no scalar partials");
        }
        same(node.id, c);
    }

    private void same(int i, int c) {
        code[i] = c;
        rcode[i] = c;
    }

    private void pow(Node node, double x) {
        int i = node.id;
        double p = ((Attr.Power) node.attr).p();
        same(i, POW);
        aux[i] = p;
        boolean integer = p == Math.rint(p) && Math.abs(p) < 1e9;
        if (!(p == 0 || p == 1 || integer && p > 1)) { // a restricted domain, a kink at 0 or both
            sign(i, in0[i], x);
        }
    }

    private void piecewise(Node node, double x) throws NotReplayable {
        int i = node.id;
        Family f = node.family;
        double[] params = node.attr instanceof Attr.Params p ? p.values() : new double[0];
        if (f == Family.RELU || f.row() == null) {
            scalar(node, f == Family.RELU ? RELU : f == Family.FLOOR ? FLOOR : ROUND);
            rcode[i] = SLOPE;
            aux[i] = node.d0;
            if (f == Family.RELU) {
                sign(i, in0[i], x);
            } else {
                periodic(i, f, x);
            }
            return;
        }
        PiecewiseFunction pf = f.at(params);
        code[i] = ROW;
        in1[i] = kernel(f, params, pf);
        int j = pf.kinkIndex(x);
        if (j >= 0) {
            guard(i, G_POINT, in0[i], 0, pf.kinks().get(j).point(), 0);
        } else {
            pieceGuard(i, pf, x);
        }
        if (pf.piecewiseLinear()) {
            scalar(node, ROW);
            rcode[i] = SLOPE;
            aux[i] = node.d0;
            return;
        }
        // A non-affine piece: the rule's slope is that piece's derivative (see Piecewise.derivative).
        Segment seg = j >= 0 ? null : f.row().pieces().get(pf.pieceIndex(x));
        if (seg instanceof Segment.Quadratic q) {
            rcode[i] = QUADRATIC;
            aux[i] = 2 / q.d();
            if (aux2 == null) {
                aux2 = new double[n];
            }
            aux2[i] = q.shift() / q.d();
        } else if (seg instanceof Segment.Expm1 e) {
            rcode[i] = EXPM1;
            aux[i] = e.a().at(pf.params());
        } else if (seg == null || seg.affine()) {
            rcode[i] = SLOPE;
            aux[i] = UnaryPiecewise.slope(f, Tensor.scalar(x, DType.F64), params, trace.policy()).item();
        } else {
            throw new NotReplayable("node " + i + " (" + node.name + "): no replayed derivative for the piece " + seg);
        }
    }

    private int kernel(Family f, double[] params, PiecewiseFunction pf) {
        return kernelIndex.computeIfAbsent(f.id() + java.util.Arrays.toString(params), key -> {
            kernels.add(pf.kernel());
            return kernels.size() - 1;
        });
    }

    /** The piece holding x, off the kinks: (previous breakpoint, next breakpoint], the next one open if a kink. */
    private void pieceGuard(int i, PiecewiseFunction pf, double x) {
        double[] breaks = pf.breakpoints();
        int q = pf.pieceIndex(x);
        double lo = q > 0 ? breaks[q - 1] : -INF;
        double hi = q < breaks.length ? breaks[q] : INF;
        boolean hiClosed = q == breaks.length || pf.kinkIndex(hi) < 0;
        int kind = q == 0 ? (hiClosed ? G_CC : G_CO) : (hiClosed ? G_OC : G_OO);
        range(i, in0[i], kind, lo, hi);
    }

    /** floor: the integer x sits on, or the open interval between two; round: the same about k + ½. */
    private void periodic(int i, Family f, double x) {
        boolean kink = UnaryPiecewise.kinkAt(f, x, null) != null;
        double k = f == Family.FLOOR ? Math.floor(x) : Math.rint(x);
        if (kink || !(Math.abs(x) < 0x1p51)) {
            guard(i, G_POINT, in0[i], 0, x, 0);
        } else if (f == Family.FLOOR) {
            range(i, in0[i], G_OO, k, k + 1);
        } else {
            range(i, in0[i], G_OO, k - 0.5, k + 0.5);
        }
    }

    /** Which side of 0 (or 0 itself) the value in {@code slot} is on: [−∞, 0), {0} or (0, ∞]. */
    private void sign(int i, int slot, double x) {
        if (x == 0) {
            guard(i, G_POINT, slot, 0, 0, 0);
        } else {
            range(i, slot, x < 0 ? G_CO : G_OC, x < 0 ? -INF : 0, x < 0 ? 0 : INF);
        }
    }

    private void range(int i, int slot, int kind, double lo, double hi) {
        guard(i, kind, slot, 0, lo, hi);
    }

    private void guard(int at, int kind, int a, int b, double lo, double hi) {
        guards.add(new double[] {at, kind, a, b, lo, hi});
    }

    /** An {@code if}: the same three-way comparison of its operands, both finite, once both are computed. */
    private void branch(BranchRecord r) {
        if (r.lhsNode() < 0 && r.rhsNode() < 0) {
            return; // two constants: the test cannot change
        }
        int a = r.lhsNode() >= 0 ? r.lhsNode() : constant(r.lhs());
        int b = r.rhsNode() >= 0 ? r.rhsNode() : constant(r.rhs());
        int kind = r.lhs() < r.rhs() ? B_LT : r.lhs() == r.rhs() ? B_EQ : B_GT;
        guard(Math.max(r.lhsNode(), r.rhsNode()), kind, a, b, 0, 0);
    }
}
