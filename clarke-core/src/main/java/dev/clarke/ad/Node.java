package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.tensor.Tensor;

/**
 * One recorded primitive application: its operation, inputs and output, and the {@link Rule} that
 * differentiates it. A rule is one object per operation (per user primitive for {@link Op#CUSTOM}),
 * shared by all its nodes, and reads the operands from the node: {@link #inputs}, {@link #output},
 * {@link #attr} and, where the value pass computed something the derivative needs again,
 * {@link #saved}. A node is the {@link Var} of its output, so a recorded operation is one object.
 *
 * <p>F64 scalar nodes also carry their local partials {@link #d0}, {@link #d1} ({@link #scalar}):
 * reverse mode then propagates doubles through {@link #scalarCotangent} instead of
 * calling its vjp — the same numbers, in the same arithmetic, without making tensors.
 */
final class Node extends Var {

    /** How an operation is differentiated: its vjp and jvp (the scalar fast path is {@link #scalarCotangent}). */
    interface Rule {
        /** The cotangent of each input (null = zero) from the output's cotangent {@code g}. */
        Var[] vjp(Node n, Var g);

        /** The output's tangent from the inputs' tangents {@code t} (entries may be null = zero). */
        Var jvp(Node n, Var[] t);
    }

    final Op op;
    /** The piecewise family of a {@link Op#PIECEWISE}, {@link Op#MAX_MIN} or {@link Op#REDUCE_EXTREME} node, else null. */
    final Family family;
    // Not final: release() severs them (see sever()).
    Var[] inputs;
    Rule rule;
    final int hitStart;
    final int hitEnd;
    Attr attr;
    /** Whether {@link #d0}, {@link #d1} hold the local partials (set for F64 scalar nodes, see {@link Trace#scalar64}). */
    boolean scalar;
    /** Whether the operation is linear (add, sub, scale: see {@link Trace#linearPartials}). */
    boolean linear;
    double d0;
    double d1;

    Node(Trace trace, Tensor value, int id, boolean requiresGrad, Op op, Family family, Var[] inputs,
         Rule rule, int hitStart, int hitEnd) {
        super(trace, value, id, requiresGrad);
        this.op = op;
        this.family = family;
        this.inputs = inputs;
        this.rule = rule;
        this.hitStart = hitStart;
        this.hitEnd = hitEnd;
    }

    /**
     * Drops the links to the inputs, the rule and saved values, keeping the value: a released
     * trace's outputs, still held by the caller, then keep no graph alive.
     */
    void sever() {
        inputs = NO_INPUTS;
        rule = null;
    }

    /**
     * {@return the name shown for the node: the user primitive's ({@link Attr.Named}), the family's,
     * else the operation's} Derived rather than stored: a scalar program records millions of nodes,
     * and each field is paid for in every one.
     */
    String name() {
        if (attr instanceof Attr.Named n) {
            return n.name();
        }
        return family != null ? family.id() : op.id();
    }

    static final Var[] NO_INPUTS = new Var[0];

    /** The operation's output: this node. */
    Var output() {
        return this;
    }

    /** Whether the node has a derivative rule (inputs and comparisons have none). */
    boolean differentiable() {
        return rule != null;
    }

    /**
     * The scalar vjp: input j's cotangent from the output's cotangent {@code g} and its local partial
     * {@code d}, in the arithmetic the rule's vjp would use: {@code d·g} for a linear operation,
     * else the strong-zero product ({@code 0} wherever g is 0, even against an infinite d). A field
     * the recording operation sets, not a call through the rule or a type test on it: reverse mode
     * runs this once per scalar node, and a call site seeing every rule's class dispatches through
     * the interface each time (measured: see docs/benchmarks.md).
     */
    double scalarCotangent(double g, double d) {
        return linear ? d * g : g == 0 ? 0.0 : g * d;
    }

    /** The reverse rule applied to the output's cotangent. */
    Var[] backward(Var g) {
        return rule.vjp(this, g);
    }

    /** The forward rule applied to the inputs' tangents. */
    Var forward(Var[] t) {
        return rule.jvp(this, t);
    }
}
