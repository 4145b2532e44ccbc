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
import java.util.Arrays;
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
    private final List<int[]> branches = new ArrayList<>(); // {at, kind, a, b}
    private double[] rangeLo = new double[16];
    private double[] rangeHi = new double[16];
    private int ranges;
    private int nodeGuards;
    private final Map<PiecewiseKernel.Piece, Integer> pieceIndex = new java.util.IdentityHashMap<>();
    private final Map<String, PiecewiseKernel> kernels = new HashMap<>();
    private final List<PiecewiseKernel.Piece> pieces = new ArrayList<>();
    private final int[] code;
    private final int[] rcode;
    private final int[] in0;
    private final int[] in1;
    private double tieMax;
    private double tieMin;

    private TapeCompiler(Trace trace) {
        this.trace = trace;
        this.n = trace.size();
        code = new int[n];
        rcode = new int[n];
        in0 = new int[n];
        in1 = new int[n];
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
        branches.sort((p, q) -> Integer.compare(p[0], q[0]));
        CompiledTape t = new CompiledTape(n, n + constantValues.size(), inputNodes, out, differentiated,
                trace.policy().infiniteSlope(), pieces.toArray(new PiecewiseKernel.Piece[0]),
                Arrays.copyOf(rangeLo, ranges), Arrays.copyOf(rangeHi, ranges), nodeGuards, branches.size(), log.size());
        System.arraycopy(code, 0, t.code, 0, n);
        System.arraycopy(in0, 0, t.in0, 0, n);
        System.arraycopy(in1, 0, t.in1, 0, n);
        t.tieMax = tieMax;
        t.tieMin = tieMin;
        for (int i = 0; i < n; i++) {
            t.rcode[i] = (byte) (code[i] == INPUT ? INPUT : reached[i] ? rcode[i] : SKIP);
            t.val[i] = trace.node(i).item();
        }
        for (int h = 0; h < log.size(); h++) {
            int node = log.get(h).node();
            if (reached[node] && t.rcode[node] < HELD) {
                t.rcode[node] += HELD;
            }
        }
        for (int k = 0; k < constantValues.size(); k++) {
            t.val[n + k] = constantValues.get(k);
        }
        for (int k = 0; k < inputNodes.length; k++) {
            t.inputReached[k] = reached[inputNodes[k]];
        }
        for (int q = 0; q < branches.size(); q++) {
            int[] b = branches.get(q);
            t.bAt[q] = b[0];
            t.bKind[q] = b[1];
            t.bA[q] = b[2];
            t.bB[q] = b[3];
        }
        for (int h = 0; h < log.size(); h++) {
            KinkLog.Hit hit = log.get(h);
            t.hitNode[h] = hit.node();
            t.hitOp[h] = hit.op();
            t.hitElement[h] = hit.element();
            t.hitPoint[h] = hit.point();
            int c = code[hit.node()] & 0xFF;
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

    /** A constant in a new slot of its own, right after the last one made. */
    private int fresh(double c) {
        constantValues.add(c);
        return n + constantValues.size() - 1;
    }

    private void node(Node node) throws NotReplayable {
        int i = node.id;
        Tensor value = node.value();
        if (value.rank() != 0 || value.dtype() != DType.F64 || Double.isNaN(value.item())) {
            throw new NotReplayable("node " + i + " (" + node.name() + ") has shape " + value.shape()
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
            case NEG: case SCALE: scalar(node, SCALE); in1[i] = constant(((Attr.Scale) node.attr).c()); return;
            case EXP: scalar(node, EXP); return;
            case SIN: scalar(node, SIN); return;
            case COS: scalar(node, COS); return;
            case TANH: scalar(node, TANH); return;
            case SIGMOID: scalar(node, SIGMOID); return;
            case SOFTPLUS: scalar(node, SOFTPLUS); return;
            case LOG: scalar(node, LOG); guard(i, G_POS); return;
            case DIV: same(i, DIV); guard(i, in[1].item() < 0 ? G_B_NEG : G_B_POS); return;
            case SQRT: same(i, SQRT); sign(i, x); return;
            case POW: pow(node, x); return;
            case PIECEWISE: piecewise(node, x); return;
            case MAX_MIN: {
                boolean max = node.family == Family.MAX;
                scalar(node, max ? MAX : MIN);
                double b = in[1].item();
                if (x == b) {
                    rcode[i] = max ? TIE_MAX : TIE_MIN;
                    if (max) {
                        tieMax = node.d0;
                    } else {
                        tieMin = node.d0;
                    }
                } else {
                    rcode[i] = node.d0 == 1.0 ? SELECT_A : SELECT_B;
                }
                guard(i, x < b ? G_LT : x == b ? G_EQ : G_GT);
                return;
            }
            default:
                throw new NotReplayable("node " + i + " is " + node.name() + " (not replayed)");
        }
    }

    private void scalar(Node node, int c) throws NotReplayable {
        if (!node.scalar) {
            throw new NotReplayable("node " + node.id + " (" + node.name() + ") carries no scalar partials");
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
        in1[i] = constant(p);
        boolean integer = p == Math.rint(p) && Math.abs(p) < 1e9;
        if (!(p == 0 || p == 1 || integer && p > 1)) { // a restricted domain, a kink at 0 or both
            sign(i, x);
        }
    }

    private void piecewise(Node node, double x) throws NotReplayable {
        int i = node.id;
        Family f = node.family;
        double[] params = node.attr instanceof Attr.Params p ? p.values() : new double[0];
        if (f == Family.RELU || f.row() == null) {
            scalar(node, f == Family.RELU ? RELU : f == Family.FLOOR ? FLOOR : ROUND);
            slope(i, node.d0);
            if (f == Family.RELU) {
                sign(i, x);
            } else {
                periodic(i, f, x);
            }
            return;
        }
        PiecewiseFunction pf = f.at(params);
        PiecewiseKernel k = kernels.computeIfAbsent(f.id() + Arrays.toString(params), key -> pf.kernel());
        int j = k.kink(x);
        PiecewiseKernel.Piece piece = j >= 0 ? k.kinkPiece(j) : k.piece(pf.pieceIndex(x));
        if (Double.doubleToRawLongBits(piece.value(x)) != Double.doubleToRawLongBits(node.item()) || j != pf.kinkIndex(x)) {
            throw new NotReplayable("node " + i + " (" + node.name() + "): its piece does not give its recorded value");
        }
        if (pieces.size() >= 1 << (31 - KERNEL_SHIFT)) {
            throw new NotReplayable("more than " + (1 << (31 - KERNEL_SHIFT)) + " distinct pieces");
        }
        int row = PIECE | pieceIndex.computeIfAbsent(piece, p -> {
            pieces.add(p);
            return pieces.size() - 1;
        }) << KERNEL_SHIFT;
        code[i] = row;
        if (pf.piecewiseLinear()) {
            scalar(node, row);
            slope(i, node.d0);
        } else {
            smoothSlope(node, pf, params, j, x);
        }
        if (j >= 0) {
            range(i, G_POINT, pf.kinks().get(j).point(), 0);
        } else {
            pieceGuard(i, pf, x);
        }
    }

    /** A family with a non-affine piece: the rule's slope is that piece's derivative (see Piecewise.derivative). */
    private void smoothSlope(Node node, PiecewiseFunction pf, double[] params, int kink, double x) throws NotReplayable {
        int i = node.id;
        Family f = node.family;
        Segment seg = kink >= 0 ? null : f.row().pieces().get(pf.pieceIndex(x));
        if (seg instanceof Segment.Quadratic q) {
            rcode[i] = QUADRATIC;
            in1[i] = fresh(2 / q.d());
            fresh(q.shift() / q.d()); // the next slot: x·(2/d) + c/d
        } else if (seg instanceof Segment.Expm1 e) {
            rcode[i] = EXPM1;
            in1[i] = constant(e.a().at(pf.params()));
        } else if (seg == null || seg.affine()) {
            slope(i, UnaryPiecewise.slope(f, Tensor.scalar(x, DType.F64), params, trace.policy()).item());
        } else {
            throw new NotReplayable("node " + i + " (" + node.name() + "): no replayed derivative for the piece " + seg);
        }
    }

    /** A constant slope in the rules: the recorded partial, the same on the whole guarded piece or kink. */
    private void slope(int i, double s) {
        rcode[i] = SLOPE;
        in1[i] = constant(s);
    }

    /** The piece holding x, off the kinks: (previous breakpoint, next breakpoint], the next one open if a kink. */
    private void pieceGuard(int i, PiecewiseFunction pf, double x) {
        double[] breaks = pf.breakpoints();
        int q = pf.pieceIndex(x);
        double lo = q > 0 ? breaks[q - 1] : -INF;
        double hi = q < breaks.length ? breaks[q] : INF;
        boolean hiClosed = q == breaks.length || pf.kinkIndex(hi) < 0;
        int kind = q == 0 ? (hiClosed ? G_CC : G_CO) : (hiClosed ? G_OC : G_OO);
        if (kind == G_CO && lo == -INF && hi == 0) {
            guard(i, G_NEG); // [−∞, 0): a < 0
        } else if (kind == G_OC && lo == 0 && hi == INF) {
            guard(i, G_POS); // (0, ∞]: a > 0
        } else {
            range(i, kind, lo, hi);
        }
    }

    /** floor: the integer x sits on, or the open interval between two; round: the same about k + ½. */
    private void periodic(int i, Family f, double x) {
        boolean kink = UnaryPiecewise.kinkAt(f, x, null) != null;
        double k = f == Family.FLOOR ? Math.floor(x) : Math.rint(x);
        if (kink || !(Math.abs(x) < 0x1p51)) {
            range(i, G_POINT, x, 0);
        } else if (f == Family.FLOOR) {
            range(i, G_OO, k, k + 1);
        } else {
            range(i, G_OO, k - 0.5, k + 0.5);
        }
    }

    /** Which side of 0, or 0 itself, the input is on. */
    private void sign(int i, double x) {
        guard(i, x < 0 ? G_NEG : x == 0 ? G_ZERO : G_POS);
    }

    /** A guard of the input against [lo, hi] or the point lo, read from the range stream in node order. */
    private void range(int i, int kind, double lo, double hi) {
        if (ranges == rangeLo.length) {
            rangeLo = Arrays.copyOf(rangeLo, 2 * ranges);
            rangeHi = Arrays.copyOf(rangeHi, 2 * ranges);
        }
        rangeLo[ranges] = lo;
        rangeHi[ranges] = hi;
        ranges++;
        guard(i, kind);
    }

    /** Node i's guard, carried in its code (so set after the code itself). */
    private void guard(int i, int kind) {
        code[i] |= kind << GUARD_SHIFT;
        nodeGuards++;
    }

    /** An {@code if}: the same three-way comparison of its operands, both finite, once both are computed. */
    private void branch(BranchRecord r) {
        if (r.lhsNode() < 0 && r.rhsNode() < 0) {
            return; // two constants: the test cannot change
        }
        int a = r.lhsNode() >= 0 ? r.lhsNode() : constant(r.lhs());
        int b = r.rhsNode() >= 0 ? r.rhsNode() : constant(r.rhs());
        int kind = r.lhs() < r.rhs() ? B_LT : r.lhs() == r.rhs() ? B_EQ : B_GT;
        branches.add(new int[] {Math.max(r.lhsNode(), r.rhsNode()), kind, a, b});
    }
}
