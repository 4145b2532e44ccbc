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
 * An operation evaluated outside its domain (division by zero, log of a non-positive number, ...)
 * records a violation on the trace ({@link Trace#violations()}); it becomes a {@link DomainException}
 * only if a result that depends on it is differentiated or tested by {@link #cond}.
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

    /** {@return the value, an immutable tensor of this variable's shape and the trace's dtype} */
    public Tensor value() {
        return value;
    }

    /**
     * {@return the only element of a one-element value, e.g. a loss}
     *
     * @throws IllegalStateException if the value has more than one element
     */
    public double item() {
        return value.item();
    }

    /** {@return the shape of the value} */
    public Shape shape() {
        return value.shape();
    }

    /** {@return the element type, always the trace's dtype} */
    public DType dtype() {
        return value.dtype();
    }

    /** {@return the trace this value lives on; operands of one operation must share it} */
    public Trace trace() {
        return trace;
    }

    /** {@return the node id on the trace, or −1 for constants and values computed while not recording} */
    public int nodeId() {
        return id;
    }

    /** {@return whether this value depends on a differentiable input, so a gradient can flow to it} */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** {@return the same value as a constant of the same trace: no derivative flows through it} */
    public Var detach() {
        return trace.constant(value);
    }

    Var lift(double c) {
        return trace.constant(c);
    }

    // ---- arithmetic (Arith) ------------------------------------------------------------------

    /**
     * Sum this + other.
     *
     * @param other the addend, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var add(Var other) { return Arith.add(this, other); }
    /**
     * Sum this + c.
     *
     * @param c a constant added to every element
     * @return a new value of this shape
     */
    public Var add(double c) { return Arith.add(this, lift(c)); }
    /**
     * Difference this − other.
     *
     * @param other the subtrahend, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var sub(Var other) { return Arith.sub(this, other); }
    /**
     * Difference this − c.
     *
     * @param c a constant subtracted from every element
     * @return a new value of this shape
     */
    public Var sub(double c) { return Arith.sub(this, lift(c)); }
    /**
     * Elementwise product this · other (for the matrix product see {@link #matmul}).
     *
     * @param other the other factor, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var mul(Var other) { return Arith.mul(this, other); }
    /**
     * Product this · c.
     *
     * @param c a constant multiplying every element
     * @return a new value of this shape
     */
    public Var mul(double c) { return Arith.scale(this, c); }
    /**
     * Quotient this / other.
     *
     * @param other the divisor, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var div(Var other) { return Arith.div(this, other); }
    /**
     * Quotient this / c.
     *
     * @param c a constant divisor
     * @return a new value of this shape
     */
    public Var div(double c) { return Arith.div(this, lift(c)); }
    /** {@return −this, a new value of this shape} */
    public Var neg() { return Arith.scale(this, -1); }
    /**
     * Power this^p for a constant p: integer powers for every base; real powers for bases ≥ 0.
     *
     * @param p the exponent
     * @return a new value of this shape
     */
    public Var pow(double p) { return Elementwise.pow(this, p); }
    /**
     * Power this^other with a variable exponent (base &gt; 0, or 0 with a positive exponent).
     *
     * @param other the exponent, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var pow(Var other) { return Arith.pow(this, other); }

    // ---- analytic elementwise (Elementwise) -------------------------------------------------

    /** {@return e^x elementwise, a new value of this shape} */
    public Var exp() { return Elementwise.exp(this); }
    /** {@return ln x elementwise (x &gt; 0), a new value of this shape} */
    public Var log() { return Elementwise.log(this); }
    /** {@return √x elementwise (x ≥ 0; the slope at 0 is the policy's finite {@code infiniteSlope})} */
    public Var sqrt() { return Elementwise.sqrt(this); }
    /** {@return sin x elementwise (radians), a new value of this shape} */
    public Var sin() { return Elementwise.sin(this); }
    /** {@return cos x elementwise (radians), a new value of this shape} */
    public Var cos() { return Elementwise.cos(this); }
    /** {@return tanh x elementwise, in (−1, 1)} */
    public Var tanh() { return Elementwise.tanh(this); }
    /** {@return the logistic sigmoid 1 / (1 + e^−x) elementwise, in (0, 1)} */
    public Var sigmoid() { return Elementwise.sigmoid(this); }
    /** {@return ln(1 + e^x) elementwise, computed without overflow for large x} */
    public Var softplus() { return Elementwise.softplus(this); }

    // ---- piecewise elementwise (Piecewise) --------------------------------------------------

    /** {@return max(x, 0) elementwise; x = 0 is a kink resolved by the trace's policy} */
    public Var relu() { return Piecewise.unary(this, Family.RELU); }
    /**
     * Leaky ReLU: x for x &gt; 0, αx otherwise; x = 0 is a kink unless α = 1.
     *
     * @param alpha the slope on the negative side (PyTorch's {@code negative_slope})
     * @return a new value of this shape
     */
    public Var leakyRelu(double alpha) { return Piecewise.unary(this, Family.LEAKY_RELU, alpha); }
    /** {@return leaky ReLU with α = 0.01, PyTorch's default} */
    public Var leakyRelu() { return leakyRelu(0.01); }
    /** {@return |x| elementwise; x = 0 is a kink} */
    public Var abs() { return Piecewise.unary(this, Family.ABS); }
    /** {@return sign x ∈ {−1, 0, 1} elementwise; a jump at 0, slope 0 elsewhere} */
    public Var sign() { return Piecewise.unary(this, Family.SIGN); }
    /**
     * Clamp: min(max(x, lo), hi); kinks at lo and hi.
     *
     * @param lo the lower bound, where the lower kink sits
     * @param hi the upper bound, ≥ {@code lo}
     * @return a new value of this shape with elements in [lo, hi]
     * @throws IllegalArgumentException if {@code lo > hi}
     */
    public Var clamp(double lo, double hi) { return Piecewise.clamp(this, lo, hi); }
    /**
     * One-sided clamp max(x, lo) (ONNX Clip with only a lower bound); a kink at lo.
     *
     * @param lo the lower bound, rounded to the dtype
     * @return a new value of this shape with elements ≥ lo
     */
    public Var clampMin(double lo) { return Piecewise.unary(this, Family.CLAMP_MIN, dtype().round(lo)); }
    /**
     * One-sided clamp min(x, hi) (ONNX Clip with only an upper bound); a kink at hi.
     *
     * @param hi the upper bound, rounded to the dtype
     * @return a new value of this shape with elements ≤ hi
     */
    public Var clampMax(double hi) { return Piecewise.unary(this, Family.CLAMP_MAX, dtype().round(hi)); }
    /** {@return clamp(x, −1, 1) elementwise; kinks at ±1} */
    public Var hardtanh() { return Piecewise.unary(this, Family.HARDTANH); }
    /** {@return clamp(x, 0, 6) elementwise; kinks at 0 and 6} */
    public Var relu6() { return Piecewise.unary(this, Family.RELU6); }
    /** {@return clamp(x/6 + ½, 0, 1) elementwise; kinks at ±3} */
    public Var hardsigmoid() { return Piecewise.unary(this, Family.HARDSIGMOID); }
    /** {@return x · relu6(x + 3) / 6 elementwise; kinks at ±3} */
    public Var hardswish() { return Piecewise.unary(this, Family.HARDSWISH); }
    /** {@return ⌊x⌋ elementwise; jumps at the integers, slope 0 elsewhere} */
    public Var floor() { return Piecewise.unary(this, Family.FLOOR); }
    /** {@return x rounded to the nearest integer, ties to even; jumps at the half-integers} */
    public Var round() { return Piecewise.unary(this, Family.ROUND); }
    /**
     * Soft shrinkage: x − λ above λ, x + λ below −λ, 0 between; kinks at ±λ.
     *
     * @param lambda the threshold λ ≥ 0
     * @return a new value of this shape
     */
    public Var softshrink(double lambda) { return Piecewise.unary(this, Family.SOFTSHRINK, lambda); }
    /**
     * Hard shrinkage: x where |x| &gt; λ, else 0; jumps at ±λ.
     *
     * @param lambda the threshold λ ≥ 0
     * @return a new value of this shape
     */
    public Var hardshrink(double lambda) { return Piecewise.unary(this, Family.HARDSHRINK, lambda); }
    /**
     * ELU: x for x &gt; 0, α(eˣ − 1) otherwise; a kink at 0 unless α = 1.
     *
     * @param alpha the scale α of the negative side (PyTorch's default is 1)
     * @return a new value of this shape
     */
    public Var elu(double alpha) { return Piecewise.unary(this, Family.ELU, alpha); }
    /**
     * The one-input piecewise primitive of {@code family} with its parameters (missing trailing ones
     * take the family's defaults), e.g. {@code piecewise(Family.LEAKY_RELU, 0.2)}.
     *
     * @param family the piecewise family, e.g. {@link Family#LEAKY_RELU}
     * @param params the family's parameters in its declared order; fewer take the defaults
     * @return a new value of this shape
     * @throws IllegalArgumentException for max/min and the reductions, which take other operands
     */
    public Var piecewise(Family family, double... params) { return Piecewise.family(this, family, params); }
    /**
     * Elementwise max(this, other); ties are kinks resolved by the trace's policy.
     *
     * @param other the other operand, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var max(Var other) { return Piecewise.binary(this, other, Family.MAX); }
    /**
     * Elementwise min(this, other); ties are kinks resolved by the trace's policy.
     *
     * @param other the other operand, on the same trace; broadcast against this value
     * @return a new value of the broadcast shape
     */
    public Var min(Var other) { return Piecewise.binary(this, other, Family.MIN); }

    // ---- reductions (Reductions) ------------------------------------------------------------

    /** {@return the sum of all elements, a scalar (shape [])} */
    public Var sum() { return Reductions.sum(this); }
    /**
     * Sum along an axis.
     *
     * @param axis the axis to sum over, 0-based; negative counts from the end
     * @param keepDim whether the summed axis stays with length 1 (otherwise it is removed)
     * @return a new value with that axis summed away
     */
    public Var sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }
    /** {@return the mean of all elements, a scalar (shape [])} */
    public Var mean() { return Reductions.mean(this); }
    /**
     * Mean along an axis.
     *
     * @param axis the axis to average over, 0-based; negative counts from the end
     * @param keepDim whether the averaged axis stays with length 1 (otherwise it is removed)
     * @return a new value with that axis averaged away
     */
    public Var mean(int axis, boolean keepDim) { return Reductions.mean(this, axis, keepDim); }
    /** {@return the maximum of all elements, a scalar; ties are kinks} */
    public Var max() { return Reductions.extreme(this, Family.REDUCE_MAX, null, false); }
    /**
     * Maximum along an axis; ties are kinks.
     *
     * @param axis the axis to reduce, 0-based; negative counts from the end
     * @param keepDim whether the reduced axis stays with length 1 (otherwise it is removed)
     * @return a new value with that axis reduced away
     */
    public Var max(int axis, boolean keepDim) { return Reductions.extreme(this, Family.REDUCE_MAX, axis, keepDim); }
    /** {@return the minimum of all elements, a scalar; ties are kinks} */
    public Var min() { return Reductions.extreme(this, Family.REDUCE_MIN, null, false); }
    /**
     * Minimum along an axis; ties are kinks.
     *
     * @param axis the axis to reduce, 0-based; negative counts from the end
     * @param keepDim whether the reduced axis stays with length 1 (otherwise it is removed)
     * @return a new value with that axis reduced away
     */
    public Var min(int axis, boolean keepDim) { return Reductions.extreme(this, Family.REDUCE_MIN, axis, keepDim); }

    // ---- shapes (Shapes) ---------------------------------------------------------------------

    /**
     * The same elements, in row-major order, in another shape.
     *
     * @param dims the new dimensions; their product must equal the element count
     * @return a new value of shape {@code dims}
     */
    public Var reshape(int... dims) { return Shapes.reshape(this, Shape.of(dims)); }
    /**
     * Swaps two axes.
     *
     * @param axis0 one axis, 0-based
     * @param axis1 the other axis, 0-based
     * @return a new value with the lengths of the two axes exchanged
     */
    public Var transpose(int axis0, int axis1) { return Shapes.transpose(this, axis0, axis1); }
    /**
     * Elements [start, end) along an axis.
     *
     * @param axis the axis to cut, 0-based
     * @param start the first index kept, inclusive
     * @param end the index after the last one kept, exclusive, ≤ the axis length
     * @return a new value whose {@code axis} has length {@code end - start}
     */
    public Var slice(int axis, int start, int end) { return Shapes.slice(this, axis, start, end); }
    /**
     * Broadcasts to a larger shape (numpy rules).
     *
     * @param shape the target shape; this shape must broadcast to it
     * @return a new value of shape {@code shape}
     */
    public Var broadcastTo(Shape shape) { return Shapes.broadcastTo(this, shape); }
    /**
     * Sums broadcast axes away so the result has {@code shape} (the adjoint of broadcastTo).
     *
     * @param shape the target shape, which must broadcast to this shape
     * @return a new value of shape {@code shape}
     */
    public Var sumTo(Shape shape) { return Shapes.sumTo(this, shape); }
    /**
     * Concatenation along an axis.
     *
     * @param parts the values to join, on one trace, equal in every other axis; at least one
     * @param axis the axis to join along, 0-based
     * @return a new value whose {@code axis} length is the sum of the parts'
     */
    public static Var concat(List<Var> parts, int axis) { return Shapes.concat(parts, axis); }

    // ---- linear algebra and losses ----------------------------------------------------------

    /**
     * Batched matrix product (1-D operands are treated as in numpy).
     *
     * @param other the right operand, [.., K, N] against this [.., M, K]; batch axes broadcast
     * @return a new value of shape [.., M, N]
     */
    public Var matmul(Var other) { return Linalg.matmul(this, other); }
    /**
     * log Σ e^x along an axis, computed stably (shifted by the maximum).
     *
     * @param axis the axis to reduce, 0-based
     * @param keepDim whether the reduced axis stays with length 1 (otherwise it is removed)
     * @return a new value with that axis reduced away
     */
    public Var logsumexp(int axis, boolean keepDim) { return Losses.logsumexp(this, axis, keepDim); }
    /**
     * Softmax along an axis.
     *
     * @param axis the axis whose entries are normalised to sum to 1
     * @return a new value of this shape, with entries in (0, 1)
     */
    public Var softmax(int axis) { return Losses.softmax(this, axis); }
    /**
     * Log-softmax along an axis: x − logsumexp(x).
     *
     * @param axis the axis normalised over
     * @return a new value of this shape, with entries ≤ 0
     */
    public Var logSoftmax(int axis) { return Losses.logSoftmax(this, axis); }
    /**
     * Mean cross-entropy of logits [B, C] (or [C]) against class indices.
     *
     * @param labels the class index in [0, C) of each of the B rows (one index for [C] logits)
     * @return a scalar: the mean over rows of −log softmax(logits)[label]
     */
    public Var crossEntropy(int... labels) { return Losses.crossEntropy(this, labels); }
    /**
     * Mean squared error against a target.
     *
     * @param target the target values, of this shape (usually a constant)
     * @return a scalar: the mean of (this − target)² over all elements
     */
    public Var mse(Var target) { return Losses.mse(this, target); }

    // ---- control --------------------------------------------------------------------------

    /**
     * The elementwise test {@code this OP other} as a 0/1 mask (not differentiable).
     *
     * @param op the test, e.g. {@link Comparison#GE}
     * @param other the right operand, broadcast against this value
     * @return a plain tensor of the broadcast shape: 1 where the test holds, 0 elsewhere
     */
    public Tensor compare(Comparison op, Var other) { return Control.compare(this, op, other); }

    /**
     * Elementwise select: {@code mask ≠ 0 ? a : b}; both sides are evaluated, gradients use strong zeros.
     *
     * @param mask the selector, e.g. from {@link #compare}; broadcast against {@code a} and {@code b}
     * @param a the value taken where the mask is non-zero
     * @param b the value taken where the mask is zero
     * @return a new value of the broadcast shape
     */
    public static Var where(Tensor mask, Var a, Var b) { return Control.where(mask, a, b); }

    /**
     * Lazy conditional, the language's {@code if (lhs OP rhs) then else otherwise}: only the taken
     * branch is evaluated and differentiated; the test contributes no derivative.
     *
     * @param lhs the left side of the test, a one-element value
     * @param op the test, e.g. {@link Comparison#GE}
     * @param rhs the right side of the test, a one-element value on the same trace
     * @param then computes the result when the test holds
     * @param otherwise computes the result when it does not
     * @return the value of the branch taken
     */
    public static Var cond(Var lhs, Comparison op, Var rhs, Supplier<Var> then, Supplier<Var> otherwise) {
        return Control.cond(lhs.trace, lhs, op, rhs, then, otherwise);
    }

    @Override
    public String toString() {
        return "Var#" + id + " " + value;
    }
}
