package dev.clarke.ad;

/**
 * One recorded primitive application: its inputs, its output, and the two derivative rules the
 * interpreters use — the vector-Jacobian product (reverse) and the Jacobian-vector product
 * (forward), both written with differentiable operations so that they can be recorded again.
 */
final class Node {

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

    final int id;
    final String op;
    final Var[] inputs;
    final Vjp vjp;
    final Jvp jvp;
    final int hitStart;
    final int hitEnd;
    Var output;
    Attr attr;

    Node(int id, String op, Var[] inputs, Vjp vjp, Jvp jvp, int hitStart, int hitEnd) {
        this.id = id;
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.jvp = jvp;
        this.hitStart = hitStart;
        this.hitEnd = hitEnd;
    }
}
