package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * A value on a {@link Trace}: a tensor plus, when it was recorded, the node that made it. Every
 * method is a differentiable operation that records a node on the same trace. Binary operations
 * broadcast (numpy rules); scalars given as {@code double} become constants of the trace's dtype.
 * A recorded value is its own {@link Node} (a subclass), so recording makes one object, not two.
 */
public class Var {

    final Trace trace;
    final int id;
    final boolean requiresGrad;
    private final Tensor value;

    Var(Trace trace, Tensor value, int id, boolean requiresGrad) {
        this.trace = trace;
        this.value = value;
        this.id = id;
        this.requiresGrad = requiresGrad;
    }

    /** The value. */
    public Tensor value() {
        return value;
    }

    /** The value of a one-element tensor. */
    public double item() {
        return value.item();
    }

    /** The shape. */
    public Shape shape() {
        return value.shape();
    }

    /** The dtype (the trace's). */
    public DType dtype() {
        return value.dtype();
    }

    /** The trace this value lives on. */
    public Trace trace() {
        return trace;
    }

    /** The node id on the trace, or −1 for constants and values computed while not recording. */
    public int nodeId() {
        return id;
    }

    /** Whether this value depends on a differentiable input. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The same value as a constant: no derivative flows through it. */
    public Var detach() {
        return trace.constant(value);
    }

    Var lift(double c) {
        return trace.constant(c);
    }

    // ---- arithmetic (Arith) ------------------------------------------------------------------

    /** this + other. */
    public Var add(Var other) { return Arith.add(this, other); }
    /** this + c. */
    public Var add(double c) { return Arith.add(this, lift(c)); }
    /** this − other. */
    public Var sub(Var other) { return Arith.sub(this, other); }
    /** this − c. */
    public Var sub(double c) { return Arith.sub(this, lift(c)); }
    /** this · other. */
    public Var mul(Var other) { return Arith.mul(this, other); }
    /** this · c. */
    public Var mul(double c) { return Arith.scale(this, c); }
    /** this / other (division by zero is a domain violation). */
    public Var div(Var other) { return Arith.div(this, other); }
    /** this / c. */
    public Var div(double c) { return Arith.div(this, lift(c)); }
    /** −this. */
    public Var neg() { return Arith.scale(this, -1); }
    /** this^p for a constant p: integer powers for every base; real powers for bases ≥ 0. */
    public Var pow(double p) { return Elementwise.pow(this, p); }
    /** this^other with a variable exponent (base &gt; 0, or 0 with a positive exponent). */
    public Var pow(Var other) { return Arith.pow(this, other); }

    // ---- analytic elementwise (Elementwise) -------------------------------------------------

    /** e^x. */
    public Var exp() { return Elementwise.exp(this); }
    /** ln x (x &gt; 0). */
    public Var log() { return Elementwise.log(this); }
    /** √x (x ≥ 0; the slope at 0 is the policy's finite {@code infiniteSlope}). */
    public Var sqrt() { return Elementwise.sqrt(this); }
    /** sin x. */
    public Var sin() { return Elementwise.sin(this); }
    /** cos x. */
    public Var cos() { return Elementwise.cos(this); }
    /** tanh x. */
    public Var tanh() { return Elementwise.tanh(this); }
    /** 1 / (1 + e^−x). */
    public Var sigmoid() { return Elementwise.sigmoid(this); }
    /** ln(1 + e^x), computed stably. */
    public Var softplus() { return Elementwise.softplus(this); }

    // ---- piecewise elementwise (Piecewise) --------------------------------------------------

    /** max(x, 0). */
    public Var relu() { return Piecewise.unary(this, Family.RELU); }
    /** x for x &gt; 0, αx otherwise. */
    public Var leakyRelu(double alpha) { return Piecewise.unary(this, Family.LEAKY_RELU, alpha); }
    /** leaky_relu with α = 0.01. */
    public Var leakyRelu() { return leakyRelu(0.01); }
    /** |x|. */
    public Var abs() { return Piecewise.unary(this, Family.ABS); }
    /** sign x ∈ {−1, 0, 1}. */
    public Var sign() { return Piecewise.unary(this, Family.SIGN); }
    /** min(max(x, lo), hi), lo ≤ hi. */
    public Var clamp(double lo, double hi) { return Piecewise.clamp(this, lo, hi); }
    /** clamp(x, −1, 1). */
    public Var hardtanh() { return Piecewise.unary(this, Family.HARDTANH); }
    /** clamp(x, 0, 6). */
    public Var relu6() { return Piecewise.unary(this, Family.RELU6); }
    /** clamp(x/6 + ½, 0, 1). */
    public Var hardsigmoid() { return Piecewise.unary(this, Family.HARDSIGMOID); }
    /** x · relu6(x + 3) / 6. */
    public Var hardswish() { return Piecewise.unary(this, Family.HARDSWISH); }
    /** ⌊x⌋. */
    public Var floor() { return Piecewise.unary(this, Family.FLOOR); }
    /** x rounded to the nearest integer, ties to even. */
    public Var round() { return Piecewise.unary(this, Family.ROUND); }
    /** x − λ above λ, x + λ below −λ, 0 between (λ ≥ 0). */
    public Var softshrink(double lambda) { return Piecewise.unary(this, Family.SOFTSHRINK, lambda); }
    /** x where |x| &gt; λ, else 0 (λ ≥ 0): jumps at ±λ. */
    public Var hardshrink(double lambda) { return Piecewise.unary(this, Family.HARDSHRINK, lambda); }
    /** x for x &gt; 0, α(eˣ − 1) otherwise; a kink at 0 unless α = 1. */
    public Var elu(double alpha) { return Piecewise.unary(this, Family.ELU, alpha); }
    /**
     * The one-input piecewise primitive of {@code family} with its parameters (missing trailing ones
     * take the family's defaults), e.g. {@code piecewise(Family.LEAKY_RELU, 0.2)}.
     *
     * @throws IllegalArgumentException for max/min and the reductions, which take other operands
     */
    public Var piecewise(Family family, double... params) { return Piecewise.family(this, family, params); }
    /** Elementwise max(this, other). */
    public Var max(Var other) { return Piecewise.binary(this, other, Family.MAX); }
    /** Elementwise min(this, other). */
    public Var min(Var other) { return Piecewise.binary(this, other, Family.MIN); }

    // ---- reductions (Reductions) ------------------------------------------------------------

    /** Sum of all elements (a scalar). */
    public Var sum() { return Reductions.sum(this); }
    /** Sum along an axis. */
    public Var sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }
    /** Mean of all elements. */
    public Var mean() { return Reductions.mean(this); }
    /** Mean along an axis. */
    public Var mean(int axis, boolean keepDim) { return Reductions.mean(this, axis, keepDim); }
    /** Maximum of all elements; ties are kinks. */
    public Var max() { return Reductions.extreme(this, Family.REDUCE_MAX, null, false); }
    /** Maximum along an axis; ties are kinks. */
    public Var max(int axis, boolean keepDim) { return Reductions.extreme(this, Family.REDUCE_MAX, axis, keepDim); }
    /** Minimum of all elements; ties are kinks. */
    public Var min() { return Reductions.extreme(this, Family.REDUCE_MIN, null, false); }
    /** Minimum along an axis; ties are kinks. */
    public Var min(int axis, boolean keepDim) { return Reductions.extreme(this, Family.REDUCE_MIN, axis, keepDim); }

    // ---- shapes (Shapes) ---------------------------------------------------------------------

    /** The same elements in another shape. */
    public Var reshape(int... dims) { return Shapes.reshape(this, Shape.of(dims)); }
    /** Swaps two axes. */
    public Var transpose(int axis0, int axis1) { return Shapes.transpose(this, axis0, axis1); }
    /** Elements [start, end) along an axis. */
    public Var slice(int axis, int start, int end) { return Shapes.slice(this, axis, start, end); }
    /** Broadcasts to a larger shape. */
    public Var broadcastTo(Shape shape) { return Shapes.broadcastTo(this, shape); }
    /** Sums broadcast axes away so the result has {@code shape} (the adjoint of broadcastTo). */
    public Var sumTo(Shape shape) { return Shapes.sumTo(this, shape); }
    /** Concatenation along an axis. */
    public static Var concat(List<Var> parts, int axis) { return Shapes.concat(parts, axis); }

    // ---- linear algebra and losses ----------------------------------------------------------

    /** Batched matrix product (1-D operands are treated as in numpy). */
    public Var matmul(Var other) { return Linalg.matmul(this, other); }
    /** log Σ e^x along an axis, stably. */
    public Var logsumexp(int axis, boolean keepDim) { return Losses.logsumexp(this, axis, keepDim); }
    /** Softmax along an axis. */
    public Var softmax(int axis) { return Losses.softmax(this, axis); }
    /** Log-softmax along an axis. */
    public Var logSoftmax(int axis) { return Losses.logSoftmax(this, axis); }
    /** Mean cross-entropy of logits [B, C] (or [C]) against class indices. */
    public Var crossEntropy(int... labels) { return Losses.crossEntropy(this, labels); }
    /** Mean squared error against a target. */
    public Var mse(Var target) { return Losses.mse(this, target); }

    // ---- control --------------------------------------------------------------------------

    /** The elementwise test {@code this OP other} as a 0/1 mask (not differentiable). */
    public Tensor compare(Comparison op, Var other) { return Control.compare(this, op, other); }

    /** Elementwise select: {@code mask ≠ 0 ? a : b}; both sides are evaluated, gradients use strong zeros. */
    public static Var where(Tensor mask, Var a, Var b) { return Control.where(mask, a, b); }

    /**
     * Lazy conditional, the language's {@code if (lhs OP rhs) then else otherwise}: only the taken
     * branch is evaluated and differentiated; the test contributes no derivative.
     */
    public static Var cond(Var lhs, Comparison op, Var rhs, Supplier<Var> then, Supplier<Var> otherwise) {
        return Control.cond(lhs.trace, lhs, op, rhs, then, otherwise);
    }

    @Override
    public String toString() {
        return "Var#" + id + " " + value;
    }
}
