package dev.clarke.ad;

import dev.clarke.tensor.PiecewiseKernel;
import java.util.Arrays;

/**
 * A recorded F64 scalar trace flattened into arrays for {@link Tape}: one operation code, two
 * operand slots and a constant per node (struct of arrays, no object per node), the constants after
 * the nodes in the same value array, and the guards the recording was made under. {@link #forward}
 * recomputes every value at new inputs and checks each guard as soon as its operands are known;
 * {@link #reverse} then runs reverse mode over the same slots.
 *
 * <p>Both sweeps repeat the recording's arithmetic operation for operation — each value by the
 * formula its {@code ad} class uses, each cotangent by the rule's scalar product ({@code d·g} for
 * linear operations, else the strong zero {@code g == 0 ? 0 : g·d}) with the partial computed as the
 * recording computes it, accumulated in {@link Reverse}'s order — so a replay gives the bits a fresh
 * recording at the same inputs would. Accumulating from {@code -0.0} equals Reverse's "first
 * contribution assigns, later ones add", as {@code -0.0 + c == c} for every c.
 */
final class CompiledTape {

    // Operation codes (forward and reverse).
    static final int INPUT = 0, ADD = 1, SUB = 2, MUL = 3, SCALE = 4, DIV = 5, EXP = 6, LOG = 7, SQRT = 8, SIN = 9,
            COS = 10, TANH = 11, SIGMOID = 12, SOFTPLUS = 13, POW = 14, RELU = 15, PIECE = 16, FLOOR = 17, ROUND = 18,
            MAX = 19, MIN = 20;
    /**
     * Reverse-only codes: a node not reached from the output; a constant slope; a row's non-affine
     * piece; max/min selecting a, selecting b, or tied (∂a the policy's tie slope for the family).
     */
    static final int SKIP = 21, SLOPE = 22, QUADRATIC = 23, EXPM1 = 24, SELECT_A = 25, SELECT_B = 26, TIE_MAX = 27,
            TIE_MIN = 28;
    /** Added to a reached node's reverse code when it has kink hits: its adjoint is kept for the log. */
    static final int HELD = 64;
    /**
     * A {@link #PIECE} node's code carries, above the guard bits, the index in {@link #pieces} of the
     * piece its guard holds it to: the one its family's kernel computes there.
     */
    static final int KERNEL_SHIFT = 12;

    /**
     * A node's guard, in its code above the low byte: its input a = in0 against [lo, hi] from the
     * range stream (O open, C closed end) or equal to lo; a against its second input b; the sign of a;
     * the sign of b (a divisor).
     */
    static final int G_OO = 1, G_OC = 2, G_CO = 3, G_CC = 4, G_POINT = 5, G_LT = 6, G_EQ = 7, G_GT = 8, G_NEG = 9,
            G_ZERO = 10, G_POS = 11, G_B_NEG = 12, G_B_POS = 13;
    static final int GUARD_SHIFT = 8;
    /** An {@code if} test: the three-way comparison of its operands, both finite (else it throws). */
    static final int B_LT = 0, B_EQ = 1, B_GT = 2;

    /** Nodes; slots 0..n−1 are the nodes' values, n.. the constants. */
    final int n;
    final int[] code;
    final byte[] rcode;
    final int[] in0;
    /**
     * Second operand slot; for a one-input operation the slot of its constant: scale factor,
     * exponent, recorded slope, or a piece's coefficient (a quadratic's two in this slot and the next).
     */
    final int[] in1;
    final PiecewiseKernel.Piece[] pieces;
    /** ∂/∂a of max and of min at a tie, under the tape's policy. */
    double tieMax;
    double tieMin;
    final double[] val;
    final double[] adj;
    /** The input nodes in the program's order, and whether reverse mode reaches each. */
    final int[] inputs;
    final boolean[] inputReached;
    /** The output's slot, and whether reverse mode runs at all (the output needs a gradient). */
    final int out;
    final boolean differentiated;
    /** The policy's finite slope where sqrt and x^p (p &lt; 1) have an infinite one at 0. */
    final double infiniteSlope;
    /** The ranges and points of the node guards that have them, in node order. */
    final double[] rangeLo;
    final double[] rangeHi;
    /** The node guards, counted. */
    final int nodeGuards;
    // The if tests, ordered by the node after which both operands are known.
    final int[] bAt;
    final int[] bKind;
    final int[] bA;
    final int[] bB;
    // Kink hits: node, primitive, element, point (or the slot holding it: a max/min tie's value).
    final int[] hitNode;
    final String[] hitOp;
    final int[] hitElement;
    final double[] hitPoint;
    final int[] hitSlot;
    /** The hits' adjoints from the last {@link #reverse}. */
    final double[] hitAdjoint;

    CompiledTape(int n, int slots, int[] inputs, int out, boolean differentiated, double infiniteSlope,
                 PiecewiseKernel.Piece[] pieces, double[] rangeLo, double[] rangeHi, int nodeGuards, int branches, int hits) {
        this.n = n;
        code = new int[n];
        rcode = new byte[n];
        in0 = new int[n];
        in1 = new int[n];
        val = new double[slots];
        adj = new double[slots];
        Arrays.fill(adj, -0.0); // reverse() leaves it so again
        this.inputs = inputs;
        this.inputReached = new boolean[inputs.length];
        this.out = out;
        this.differentiated = differentiated;
        this.infiniteSlope = infiniteSlope;
        this.pieces = pieces;
        this.rangeLo = rangeLo;
        this.rangeHi = rangeHi;
        this.nodeGuards = nodeGuards;
        bAt = new int[branches];
        bKind = new int[branches];
        bA = new int[branches];
        bB = new int[branches];
        hitNode = new int[hits];
        hitOp = new String[hits];
        hitElement = new int[hits];
        hitPoint = new double[hits];
        hitSlot = new int[hits];
        hitAdjoint = new double[hits];
    }

    /** Recomputes every value at {@code x}; false as soon as a guard fails (the values are then partial). */
    boolean forward(double[] x) {
        double[] v = val;
        for (int k = 0; k < inputs.length; k++) {
            v[inputs[k]] = x[k];
        }
        int q = 0;
        int r = 0;
        int branches = bAt.length;
        int next = branches > 0 ? bAt[0] : -1;
        for (int i = 0; i < n; i++) {
            int c = code[i];
            if (c != INPUT) {
                double a = v[in0[i]];
                double y;
                switch (c & 0xFF) {
                    case ADD: y = a + v[in1[i]]; break;
                    case SUB: y = a - v[in1[i]]; break;
                    case MUL: y = a * v[in1[i]]; break;
                    case SCALE: y = v[in1[i]] * a; break;
                    case DIV: y = a / v[in1[i]]; break;
                    case EXP: y = Math.exp(a); break;
                    case LOG: y = Math.log(a); break;
                    case SQRT: y = Math.sqrt(a); break;
                    case SIN: y = Math.sin(a); break;
                    case COS: y = Math.cos(a); break;
                    case TANH: y = Math.tanh(a); break;
                    case SIGMOID: y = Elementwise.sigmoid(a); break;
                    case SOFTPLUS: y = Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))); break;
                    case POW: y = power(a, v[in1[i]]); break;
                    case RELU: y = Math.max(a, 0.0); break;
                    case PIECE: y = pieces[c >>> KERNEL_SHIFT].value(a); break;
                    case FLOOR: y = Math.floor(a); break;
                    case ROUND: y = Math.rint(a); break;
                    case MAX: y = maxMin(true, a, v[in1[i]]); break;
                    case MIN: y = maxMin(false, a, v[in1[i]]); break;
                    default: throw new IllegalStateException("operation code " + c);
                }
                v[i] = y;
                int g = (c >>> GUARD_SHIFT) & 0xF;
                if (g != 0) {
                    if (g <= G_POINT ? !inRange(g, a, rangeLo[r], rangeHi[r++]) : !sign(g, a, v[in1[i]])) {
                        return false;
                    }
                }
            }
            while (i == next) {
                if (!branch(q)) {
                    return false;
                }
                q++;
                next = q < branches ? bAt[q] : -1;
            }
        }
        return true;
    }

    /** {@code BinaryPiecewise}'s max and min: NaN if either is; on a tie, the first. */
    private static double maxMin(boolean max, double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        return max ? (x >= y ? x : y) : (x <= y ? x : y);
    }

    /** x^p as {@code Elementwise.pow} computes it. */
    static double power(double x, double p) {
        if (p == 0) {
            return 1;
        }
        if (p == 1) {
            return x;
        }
        boolean integer = p == Math.rint(p) && Math.abs(p) < 1e9;
        return integer ? Elementwise.intPow(x, (int) p) : Math.pow(x, p);
    }

    /** d(x^p)/dx as the pow rule's slope computes it (the policy's finite value at 0 for p &lt; 1). */
    private double powerSlope(double x, double p) {
        if (p == 0) {
            return 0.0;
        }
        if (p == 1) {
            return 1.0;
        }
        boolean integer = p == Math.rint(p) && Math.abs(p) < 1e9;
        if (integer && p > 1) {
            return p * power(x, p - 1);
        }
        return x == 0 ? (p > 1 ? 0 : infiniteSlope) : p * power(x, p - 1);
    }

    private static boolean inRange(int g, double a, double lo, double hi) {
        switch (g) {
            case G_OO: return lo < a && a < hi;
            case G_OC: return lo < a && a <= hi;
            case G_CO: return lo <= a && a < hi;
            case G_CC: return lo <= a && a <= hi;
            default: return a == lo;
        }
    }

    private static boolean sign(int g, double a, double b) {
        switch (g) {
            case G_LT: return a < b;
            case G_EQ: return a == b;
            case G_GT: return a > b;
            case G_NEG: return a < 0;
            case G_ZERO: return a == 0;
            case G_POS: return a > 0;
            case G_B_NEG: return b < 0;
            default: return b > 0;
        }
    }

    private boolean branch(int q) {
        double a = val[bA[q]];
        double b = val[bB[q]];
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return false;
        }
        int k = bKind[q];
        return k == B_LT ? a < b : k == B_EQ ? a == b : a > b;
    }

    /** The strong-zero product of every non-linear rule: 0 wherever g is 0, even against an infinite d. */
    private static double strong(double g, double d) {
        return g == 0 ? 0.0 : g * d;
    }

    /**
     * Reverse mode over the values {@link #forward} left; fills {@code gradient}, one entry per input.
     * Every adjoint is read once, when the walk reaches its node, after which the slot is set back to
     * {@code -0.0} for the next replay (a node's contributions all come from later nodes).
     */
    void reverse(double[] gradient) {
        if (!differentiated) {
            Arrays.fill(gradient, 0.0);
            return;
        }
        double[] a = adj;
        double[] v = val;
        a[out] = 1.0;
        for (int i = out; i >= 0; i--) {
            int c = rcode[i];
            if (c == INPUT) {
                continue; // read below
            }
            double g = a[i];
            if (c >= HELD) {
                c -= HELD;
            } else {
                a[i] = -0.0;
            }
            int j = in0[i];
            switch (c) {
                case SKIP: break;
                case ADD: a[j] += g; a[in1[i]] += g; break;
                case SUB: a[j] += g; a[in1[i]] += -1.0 * g; break;
                case MUL: {
                    int k = in1[i];
                    a[j] += strong(g, v[k]);
                    a[k] += strong(g, v[j]);
                    break;
                }
                case SCALE: a[j] += v[in1[i]] * g; break;
                case DIV: {
                    int k = in1[i];
                    double inv = 1.0 / v[k];
                    a[j] += strong(g, inv);
                    a[k] += -1.0 * strong(g, v[i] * inv);
                    break;
                }
                case EXP: a[j] += strong(g, v[i]); break;
                case LOG: a[j] += strong(g, 1.0 / v[j]); break;
                case SQRT: {
                    double x = v[j];
                    a[j] += strong(g, x == 0 ? infiniteSlope : 0.5 * (1.0 / Math.sqrt(x)));
                    break;
                }
                case SIN: a[j] += strong(g, Math.cos(v[j])); break;
                case COS: a[j] += strong(g, -1.0 * Math.sin(v[j])); break;
                case TANH: {
                    double y = v[i];
                    a[j] += strong(g, -1.0 * (y * y) + 1.0);
                    break;
                }
                case SIGMOID: {
                    double y = v[i];
                    a[j] += strong(g, y * (-1.0 * y + 1.0));
                    break;
                }
                case SOFTPLUS: a[j] += strong(g, Elementwise.sigmoid(v[j])); break;
                case POW: a[j] += strong(g, powerSlope(v[j], v[in1[i]])); break;
                case SLOPE: a[j] += strong(g, v[in1[i]]); break;
                case QUADRATIC: {
                    int k = in1[i];
                    a[j] += strong(g, v[k] * v[j] + v[k + 1]);
                    break;
                }
                case EXPM1: a[j] += strong(g, v[in1[i]] * Math.exp(v[j])); break;
                case SELECT_A: a[j] += strong(g, 1.0); a[in1[i]] += strong(g, 0.0); break;
                case SELECT_B: a[j] += strong(g, 0.0); a[in1[i]] += strong(g, 1.0); break;
                case TIE_MAX: case TIE_MIN: {
                    double s = c == TIE_MAX ? tieMax : tieMin;
                    a[j] += strong(g, s);
                    a[in1[i]] += strong(g, 1 - s);
                    break;
                }
                default: throw new IllegalStateException("operation code " + c);
            }
        }
        for (int k = 0; k < inputs.length; k++) {
            gradient[k] = inputReached[k] ? a[inputs[k]] : 0.0;
        }
        for (int k = 0; k < inputs.length; k++) {
            a[inputs[k]] = -0.0;
        }
        for (int h = 0; h < hitNode.length; h++) {
            int node = hitNode[h];
            if (node <= out && rcode[node] >= HELD) {
                hitAdjoint[h] = a[node];
            }
        }
        for (int node : hitNode) {
            if (node <= out && rcode[node] >= HELD) {
                a[node] = -0.0;
            }
        }
    }

    /** The kink log of the last replay: the recorded hits, their points and their adjoints from {@link #reverse}. */
    KinkLog kinks() {
        KinkLog log = new KinkLog();
        for (int h = 0; h < hitNode.length; h++) {
            int node = hitNode[h];
            log.add(node, hitOp[h], hitElement[h], hitSlot[h] >= 0 ? val[hitSlot[h]] : hitPoint[h]);
            if (differentiated && node <= out && rcode[node] >= HELD) {
                log.setAdjoint(h, hitAdjoint[h]);
            }
        }
        return log;
    }
}
