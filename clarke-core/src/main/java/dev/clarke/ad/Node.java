package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.tensor.Tensor;

/**
 * One recorded primitive application: its inputs, its output, and the two derivative rules the
 * interpreters use — the vector-Jacobian product (reverse) and the Jacobian-vector product
 * (forward), both written with differentiable operations so that they can be recorded again.
 * The rules come either as two closures over the operation's operands ({@link #vjp}, {@link #jvp})
 * or as one {@link Rule} shared by every node of an operation, which reads the operands from the
 * node: the frequent operations use shared rules, so recording them makes no closures. A node is
 * the {@link Var} of its output, so a recorded operation is one object.
 */
final class Node extends Var {

    /** Reverse rule: the cotangent of each input from the output's cotangent (null = zero). */
    @FunctionalInterface
    interface Vjp {
        Var[] apply(Var g);
    }

    /** Forward rule: the output's tangent from the inputs' tangents (entries may be null = zero). */
    @FunctionalInterface
    interface Jvp {
        Var apply(Var[] t);
    }

    /** Both rules of an operation, reading its operands from the node ({@link #inputs}, {@link #output}, {@link #attr}). */
    interface Rule {
        /** The cotangent of each input (null = zero) from the output's cotangent {@code g}. */
        Var[] vjp(Node n, Var g);

        /** The output's tangent from the inputs' tangents {@code t} (entries may be null = zero). */
        Var jvp(Node n, Var[] t);
    }

    final Op op;
    /** The piecewise family of a {@link Op#PIECEWISE}, {@link Op#MAX_MIN} or {@link Op#REDUCE_EXTREME} node, else null. */
    final Family family;
    /** The name shown for the node: the family's or the user primitive's name, else the operation's. */
    final String name;
    // Not final: release() severs them (see sever()).
    Var[] inputs;
    Vjp vjp;
    Jvp jvp;
    Rule rule;
    final int hitStart;
    final int hitEnd;
    Attr attr;
    /**
     * The scalar rule, set when the node and its inputs are F64 scalars ({@link Trace#scalar64}):
     * {@link #NO_RULE}, {@link #LINEAR} (input j's cotangent is {@code d_j·g}) or {@link #STRONG}
     * ({@code g == 0 ? 0 : g·d_j}), with the local partials {@link #d0}, {@link #d1} — the same
     * numbers, in the same arithmetic, as the node's {@link #vjp} would compute. Reverse mode then
     * runs on doubles for these nodes (see {@link Reverse}).
     */
    byte scalarRule;
    double d0;
    double d1;

    static final byte NO_RULE = 0;
    static final byte LINEAR = 1;
    static final byte STRONG = 2;

    Node(Trace trace, Tensor value, int id, boolean requiresGrad, Op op, Family family, String name, Var[] inputs,
         Vjp vjp, Jvp jvp, Rule rule, int hitStart, int hitEnd) {
        super(trace, value, id, requiresGrad);
        this.op = op;
        this.family = family;
        this.name = name;
        this.inputs = inputs;
        this.vjp = vjp;
        this.jvp = jvp;
        this.rule = rule;
        this.hitStart = hitStart;
        this.hitEnd = hitEnd;
    }

    /**
     * Drops the links to the inputs and the rules (whose closures hold operands), keeping the
     * value: a released trace's outputs, still held by the caller, then keep no graph alive.
     */
    void sever() {
        inputs = NO_INPUTS;
        vjp = null;
        jvp = null;
        rule = null;
    }

    static final Var[] NO_INPUTS = new Var[0];

    /** The operation's output: this node. */
    Var output() {
        return this;
    }

    /** Whether the node has derivative rules (inputs and comparisons have none). */
    boolean differentiable() {
        return rule != null || vjp != null;
    }

    /** The reverse rule applied to the output's cotangent. */
    Var[] backward(Var g) {
        return rule != null ? rule.vjp(this, g) : vjp.apply(g);
    }

    /** The forward rule applied to the inputs' tangents. */
    Var forward(Var[] t) {
        return rule != null ? rule.jvp(this, t) : jvp.apply(t);
    }
}
