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
            COS = 10, TANH = 11, SIGMOID = 12, SOFTPLUS = 13, POW = 14, RELU = 15, ROW = 16, FLOOR = 17, ROUND = 18,
            MAX = 19, MIN = 20;
    /** Reverse-only codes: a node not reached from the output; a constant slope; a row's non-affine piece. */
    static final int SKIP = 21, SLOPE = 22, QUADRATIC = 23, EXPM1 = 24;

    // Guard kinds: the value in slot gA against [gLo, gHi] (O open, C closed ends), a point, or slot gB.
    static final int G_OO = 0, G_OC = 1, G_CO = 2, G_CC = 3, G_POINT = 4, G_LT = 5, G_EQ = 6, G_GT = 7;
    /** As G_LT, G_EQ, G_GT, with both operands finite (an {@code if} test: a non-finite one throws). */
    static final int B_LT = 8, B_EQ = 9, B_GT = 10;

    /** Nodes; slots 0..n−1 are the nodes' values, n.. the constants. */
    final int n;
    final int[] code;
    final int[] rcode;
    final int[] in0;
    /** Second operand slot; for {@link #ROW}, the kernel's index in {@link #kernels}. */
    final int[] in1;
    /** Scale factor, exponent, recorded constant slope (∂/∂a for max/min), or a piece's first coefficient. */
    final double[] aux;
    /** A quadratic piece's second coefficient (null when no node needs one). */
    double[] aux2;
    final PiecewiseKernel[] kernels;
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
    // Guards, ordered by the node after which their operands are known.
    final int[] gAt;
    final int[] gKind;
    final int[] gA;
    final int[] gB;
    final double[] gLo;
    final double[] gHi;
    // Kink hits: node, primitive, element, point (or the slot holding it: a max/min tie's value).
    final int[] hitNode;
    final String[] hitOp;
    final int[] hitElement;
    final double[] hitPoint;
    final int[] hitSlot;

    CompiledTape(int n, int slots, int[] inputs, int out, boolean differentiated, double infiniteSlope,
                 PiecewiseKernel[] kernels, int guards, int hits) {
        this.n = n;
        code = new int[n];
        rcode = new int[n];
        in0 = new int[n];
        in1 = new int[n];
        aux = new double[n];
        val = new double[slots];
        adj = new double[slots];
        this.inputs = inputs;
        this.inputReached = new boolean[inputs.length];
        this.out = out;
        this.differentiated = differentiated;
        this.infiniteSlope = infiniteSlope;
        this.kernels = kernels;
        gAt = new int[guards];
        gKind = new int[guards];
        gA = new int[guards];
        gB = new int[guards];
        gLo = new double[guards];
        gHi = new double[guards];
        hitNode = new int[hits];
        hitOp = new String[hits];
        hitElement = new int[hits];
        hitPoint = new double[hits];
        hitSlot = new int[hits];
    }

    /** Recomputes every value at {@code x}; false as soon as a guard fails (the values are then partial). */
    boolean forward(double[] x) {
        double[] v = val;
        for (int k = 0; k < inputs.length; k++) {
            v[inputs[k]] = x[k];
        }
        int q = 0;
        int guards = gAt.length;
        int next = guards > 0 ? gAt[0] : -1;
        for (int i = 0; i < n; i++) {
            int c = code[i];
            if (c != INPUT) {
                v[i] = value(c, i, v[in0[i]]);
            }
            while (i == next) {
                if (!guard(q)) {
                    return false;
                }
                q++;
                next = q < guards ? gAt[q] : -1;
            }
        }
        return true;
    }

    private double value(int c, int i, double a) {
        double[] v = val;
        switch (c) {
            case ADD: return a + v[in1[i]];
            case SUB: return a - v[in1[i]];
            case MUL: return a * v[in1[i]];
            case SCALE: return aux[i] * a;
            case DIV: return a / v[in1[i]];
            case EXP: return Math.exp(a);
            case LOG: return Math.log(a);
            case SQRT: return Math.sqrt(a);
            case SIN: return Math.sin(a);
            case COS: return Math.cos(a);
            case TANH: return Math.tanh(a);
            case SIGMOID: return Elementwise.sigmoid(a);
            case SOFTPLUS: return Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
            case POW: return power(a, aux[i]);
            case RELU: return Math.max(a, 0.0);
            case ROW: return kernels[in1[i]].value(a);
            case FLOOR: return Math.floor(a);
            case ROUND: return Math.rint(a);
            case MAX: return maxMin(true, a, v[in1[i]]);
            case MIN: return maxMin(false, a, v[in1[i]]);
            default: throw new IllegalStateException("operation code " + c);
        }
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

    private boolean guard(int q) {
        double a = val[gA[q]];
        switch (gKind[q]) {
            case G_OO: return gLo[q] < a && a < gHi[q];
            case G_OC: return gLo[q] < a && a <= gHi[q];
            case G_CO: return gLo[q] <= a && a < gHi[q];
            case G_CC: return gLo[q] <= a && a <= gHi[q];
            case G_POINT: return a == gLo[q];
            case G_LT: return a < val[gB[q]];
            case G_EQ: return a == val[gB[q]];
            case G_GT: return a > val[gB[q]];
            default: {
                double b = val[gB[q]];
                if (!Double.isFinite(a) || !Double.isFinite(b)) {
                    return false;
                }
                int k = gKind[q];
                return k == B_LT ? a < b : k == B_EQ ? a == b : a > b;
            }
        }
    }

    /** The strong-zero product of every non-linear rule: 0 wherever g is 0, even against an infinite d. */
    private static double strong(double g, double d) {
        return g == 0 ? 0.0 : g * d;
    }

    /** Reverse mode over the values {@link #forward} left; fills {@code gradient}, one entry per input. */
    void reverse(double[] gradient) {
        if (!differentiated) {
            Arrays.fill(gradient, 0.0);
            return;
        }
        double[] a = adj;
        double[] v = val;
        Arrays.fill(a, 0, n, -0.0);
        a[out] = 1.0;
        for (int i = out; i >= 0; i--) {
            int c = rcode[i];
            if (c == SKIP) {
                continue;
            }
            double g = a[i];
            int j = in0[i];
            switch (c) {
                case ADD: a[j] += g; a[in1[i]] += g; break;
                case SUB: a[j] += g; a[in1[i]] += -1.0 * g; break;
                case MUL: {
                    int k = in1[i];
                    a[j] += strong(g, v[k]);
                    a[k] += strong(g, v[j]);
                    break;
                }
                case SCALE: a[j] += aux[i] * g; break;
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
                case POW: a[j] += strong(g, powerSlope(v[j], aux[i])); break;
                case SLOPE: a[j] += strong(g, aux[i]); break;
                case QUADRATIC: a[j] += strong(g, aux[i] * v[j] + aux2[i]); break;
                case EXPM1: a[j] += strong(g, aux[i] * Math.exp(v[j])); break;
                case MAX: case MIN: {
                    double s = aux[i];
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
    }

    /** The kink log of the last replay: the recorded hits, their points and their adjoints from {@link #reverse}. */
    KinkLog kinks() {
        KinkLog log = new KinkLog();
        for (int h = 0; h < hitNode.length; h++) {
            int node = hitNode[h];
            log.add(node, hitOp[h], hitElement[h], hitSlot[h] >= 0 ? val[hitSlot[h]] : hitPoint[h]);
            if (differentiated && node <= out && rcode[node] != SKIP) {
                log.setAdjoint(h, adj[node]);
            }
        }
        return log;
    }
}
