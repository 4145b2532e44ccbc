package dev.clarke.ad;

/**
 * What a recorded node does: the closed set of operations a trace can hold. Every interpreter of a
 * trace (reverse, forward, the induced PAP representation, the abs-normal builder, element
 * movement) switches over it with a switch expression and no default, so the compiler, not a test,
 * finds an operation an interpreter forgot. The piecewise primitives are three operations whose
 * {@link dev.clarke.ops.Family} is carried by the node ({@link Step#family()}); a user primitive is
 * {@link #CUSTOM}, named by {@link Step#name()}.
 */
public enum Op {
    /** A differentiable input (leaf). */
    INPUT("input"),
    /** a + b, broadcasting. */
    ADD("add"),
    /** a − b, broadcasting. */
    SUB("sub"),
    /** a · b, broadcasting. */
    MUL("mul"),
    /** g · d with a strong zero (0 wherever g is 0): the product every derivative rule uses. */
    MUL_STRONG("mul_strong"),
    /** a / b, broadcasting. */
    DIV("div"),
    /** 1 / x, inside derivative rules. */
    RECIPROCAL("reciprocal"),
    /** −x ({@link Attr.Scale} −1). */
    NEG("neg"),
    /** c · x for a constant c ({@link Attr.Scale}). */
    SCALE("scale"),
    /** x^p for a constant p ({@link Attr.Power}). */
    POW("pow"),
    /** a^b with a variable exponent. */
    VAR_POW("pow"),
    /** e^x. */
    EXP("exp"),
    /** ln x. */
    LOG("log"),
    /** √x. */
    SQRT("sqrt"),
    /** sin x. */
    SIN("sin"),
    /** cos x. */
    COS("cos"),
    /** tanh x. */
    TANH("tanh"),
    /** 1 / (1 + e^−x). */
    SIGMOID("sigmoid"),
    /** ln(1 + e^x). */
    SOFTPLUS("softplus"),
    /** Sum over all elements or an axis ({@link Attr.Axis}). */
    SUM("sum"),
    /** The same elements in another shape ({@link Attr.Target}). */
    RESHAPE("reshape"),
    /** Two axes swapped ({@link Attr.Swap}). */
    TRANSPOSE("transpose"),
    /** Elements [start, end) along an axis ({@link Attr.Slice}). */
    SLICE("slice"),
    /** Concatenation along an axis ({@link Attr.Concat}). */
    CONCAT("concat"),
    /** Broadcast to a larger shape ({@link Attr.Target}). */
    BROADCAST_TO("broadcast_to"),
    /** Sum of broadcast axes away ({@link Attr.Target}). */
    SUM_TO("sum_to"),
    /** Batched matrix product ({@link Attr.Transposes}). */
    MATMUL("matmul"),
    /** Elementwise select by a mask ({@link Attr.Mask}). */
    WHERE("where"),
    /** An elementwise test making a 0/1 mask ({@link Attr.Test}); not differentiable. */
    COMPARE("compare"),
    /** A one-input piecewise primitive of {@link Step#family()} ({@link Attr.Params}). */
    PIECEWISE("piecewise"),
    /** Binary max or min ({@link Step#family()} is MAX or MIN). */
    MAX_MIN("max_min"),
    /** Reducing max or min ({@link Step#family()} REDUCE_MAX or REDUCE_MIN; {@link Attr.Axis}). */
    REDUCE_EXTREME("reduce_extreme"),
    /** A primitive defined outside the engine ({@link Trace#custom}), named by {@link Step#name()}. */
    CUSTOM("custom");

    private final String id;

    Op(String id) {
        this.id = id;
    }

    /**
     * {@return the name shown for nodes of this operation, e.g. {@code "matmul"} (piecewise and
     * custom nodes show their own)}
     */
    public String id() {
        return id;
    }
}
