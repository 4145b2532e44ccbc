package dev.clarke.ad;

import dev.clarke.ops.Family;
import dev.clarke.ops.HitSink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A program's trace, recorded define-by-run: every operation on this trace's {@link Var}s appends a
 * node. The trace fixes the {@link KinkPolicy} and the working {@link DType}, logs every exact
 * kink hit ({@link #kinks()}), every taken branch ({@link #branches()}) and every domain
 * violation, and is read back by the interpreters: reverse mode ({@link #grad}, {@link #vjp}),
 * forward mode ({@link #jvp}) and nested differentiation ({@link #gradVars}).
 *
 * <p>A plain backward pass releases the trace (its nodes and their saved values become garbage),
 * so a training loop that makes a trace per step does not grow memory.
 *
 * <pre>{@code
 * Trace t = new Trace(KinkPolicy.mid(), DType.F64);
 * Var x = t.input(0.0);
 * Var y = x.relu().sub(x.neg().relu());     // = x, with a kink at 0
 * double dy = t.grad(y, x).of(x).item();    // 2·relu′(0) = 1 under mid
 * }</pre>
 *
 * <p>A trace is {@link AutoCloseable}: {@code try (Trace t = new Trace()) { ... }} releases it at the
 * end of the block even when a pass keeps it ({@link Backward#RETAIN}) or throws.
 */
public final class Trace implements AutoCloseable {

    private static final Kernels K = Kernels.get();

    private final KinkPolicy policy;
    private final DType dtype;
    private final ArrayList<Node> nodes = new ArrayList<>(INITIAL_CAPACITY);
    private static final int INITIAL_CAPACITY = 64;
    private int capacity = INITIAL_CAPACITY;
    private final List<BranchRecord> branches = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final KinkLog kinks = new KinkLog();
    private final NodeSink sink = new NodeSink();
    private final java.util.IdentityHashMap<Tensor, Integer> maskOrigins = new java.util.IdentityHashMap<>();
    private boolean recording = true;
    private boolean released;

    /**
     * A trace with the given policy and working dtype.
     *
     * @param policy how every primitive on this trace resolves a kink hit exactly, e.g. {@link
     *     KinkPolicy#mid()}
     * @param dtype the working precision; inputs, constants and every result are rounded to it
     */
    public Trace(KinkPolicy policy, DType dtype) {
        this.policy = policy;
        this.dtype = dtype;
    }

    /** A trace with the {@code mid} policy in F64. */
    public Trace() {
        this(KinkPolicy.mid(), DType.F64);
    }

    /** {@return the kink policy of every primitive on this trace} */
    public KinkPolicy policy() {
        return policy;
    }

    /**
     * {@return the working dtype: inputs and constants are rounded to it, and every op's result
     * too}
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Turns kink logging on or off (on by default); detection is skipped entirely when off.
     *
     * @param on true to log kink hits (the default), false to skip detection entirely (faster)
     * @return this trace, for chaining
     */
    public Trace logKinks(boolean on) {
        kinks.setEnabled(on);
        return this;
    }

    /** {@return the kink hits so far (a live log), with adjoints once a backward pass has run} */
    public KinkLog kinks() {
        return kinks;
    }

    /** {@return the branches taken by {@code cond}, in order, unmodifiable} */
    public List<BranchRecord> branches() {
        return Collections.unmodifiableList(branches);
    }

    /**
     * {@return the domain violations seen so far (at most 100, possibly on untaken {@code where}
     * branches), as messages}
     */
    public List<String> violations() {
        return Collections.unmodifiableList(violations);
    }

    /** {@return the number of recorded nodes (0 after release)} */
    public int size() {
        return nodes.size();
    }

    // ---- leaves -----------------------------------------------------------------------------

    /**
     * A differentiable input (leaf), converted to the working dtype.
     *
     * @param value the input's value, of any shape; converted to the working dtype
     * @return a new leaf that gradients can be taken with respect to
     * @throws IllegalStateException if the trace was released
     */
    public Var input(Tensor value) {
        checkLive();
        Node n = new Node(this, value.dtype() == dtype ? value : value.to(dtype), nodes.size(), true, Op.INPUT, null,
                Node.NO_INPUTS, null, kinks.size(), kinks.size());
        nodes.add(n);
        return n;
    }

    /**
     * A scalar differentiable input.
     *
     * @param value the input's value
     * @return a new scalar leaf (shape []) that gradients can be taken with respect to
     * @throws IllegalStateException if the trace was released
     */
    public Var input(double value) {
        return input(Tensor.scalar(value, dtype));
    }

    /**
     * A constant (not differentiated), converted to the working dtype.
     *
     * @param value the constant's value, of any shape; converted to the working dtype
     * @return a value with no node (id −1) through which no derivative flows
     */
    public Var constant(Tensor value) {
        return new Var(this, value.dtype() == dtype ? value : value.to(dtype), -1, false);
    }

    /**
     * A scalar constant.
     *
     * @param value the constant's value
     * @return a scalar value (shape []) with no node, through which no derivative flows
     */
    public Var constant(double value) {
        return constant(Tensor.scalar(value, dtype));
    }

    /**
     * A constant of the given shape filled with {@code value}.
     *
     * @param shape the constant's shape
     * @param value the value of every element
     * @return a value with no node, through which no derivative flows
     */
    public Var constant(Shape shape, double value) {
        return constant(Tensor.full(shape, dtype, value));
    }

    // ---- recording (used by the operations) -------------------------------------------------

    boolean recording() {
        return recording && !released;
    }

    /**
     * The sink for the next node's kink hits, or null when not logging. There is one sink per trace,
     * re-aimed by every call: an operation must hand it to its kernel at once, before it records.
     */
    HitSink hitSink(String op) {
        if (!recording() || !kinks.enabled()) {
            return null;
        }
        sink.node = nodes.size();
        sink.op = op;
        return sink;
    }

    /** Logs hits for one node (see {@link #hitSink}); reused, so a scalar program's kinks allocate nothing. */
    private final class NodeSink implements HitSink {
        int node;
        String op;

        @Override
        public void hit(int element, double point) {
            kinks.add(node, op, element, point);
        }
    }

    int logMark() {
        return kinks.size();
    }

    /** Records a node differentiated by {@code rule} (null: not differentiable), or, when not recording, returns a detached value. */
    Var record(Op op, Tensor value, Var[] inputs, Node.Rule rule, int hitStart) {
        return record(op, null, value, inputs, rule, hitStart);
    }

    /** Records a node of a piecewise family (operation {@link Op#PIECEWISE}, {@link Op#MAX_MIN} or {@link Op#REDUCE_EXTREME}). */
    Var record(Op op, Family family, Tensor value, Var[] inputs, Node.Rule rule, int hitStart) {
        checkLive();
        if (!recording) {
            return new Var(this, value, -1, false);
        }
        boolean needsGrad = false;
        for (Var in : inputs) {
            if (in.trace != this) {
                throw new IllegalArgumentException((family != null ? family.id() : op.id())
                        + ": operands belong to different traces");
            }
            needsGrad |= in.requiresGrad;
        }
        Node n = new Node(this, value, nodes.size(), needsGrad, op, family, inputs, rule, hitStart, kinks.size());
        if (nodes.size() >= capacity) { // grow by doubling: long scalar programs record 10^6 nodes
            capacity = 2 * Math.max(capacity, nodes.size());
            nodes.ensureCapacity(capacity);
        }
        nodes.add(n);
        return n;
    }

    /** Whether every value is an F64 scalar (rank 0): then a node may carry its scalar partials. */
    static boolean scalar64(Var a) {
        return a.value().dtype() == DType.F64 && a.value().rank() == 0;
    }

    static boolean scalar64(Var a, Var b) {
        return scalar64(a) && scalar64(b);
    }

    /**
     * Attaches the local partials of an F64 scalar node ({@link Node#scalar}) to the node that made
     * {@code v}, if any; reverse mode combines them with the strong-zero product ({@link Node#scalarCotangent}).
     */
    Var partials(Var v, double d0, double d1) {
        return partials(v, false, d0, d1);
    }

    /** As {@link #partials}, for a linear operation (add, sub, scale): reverse mode uses the plain product. */
    Var linearPartials(Var v, double d0, double d1) {
        return partials(v, true, d0, d1);
    }

    private Var partials(Var v, boolean linear, double d0, double d1) {
        if (v.id >= 0 && recording) {
            Node n = nodes.get(v.id);
            n.scalar = true;
            n.linear = linear;
            n.d0 = d0;
            n.d1 = d1;
        }
        return v;
    }

    void violation(String message) {
        if (recording() && violations.size() < 100) {
            violations.add(message);
        }
    }

    void branch(BranchRecord r) {
        if (recording()) {
            branches.add(r);
        }
    }

    /** Runs {@code body} with recording set to {@code on}, restoring the previous state. */
    <T> T withRecording(boolean on, Supplier<T> body) {
        boolean saved = recording;
        recording = on;
        try {
            return body.get();
        } finally {
            recording = saved;
        }
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** Remembers which {@code compare} node made a mask, so {@code where} can point back to its test. */
    void rememberMask(Tensor mask, int node) {
        if (node >= 0) {
            maskOrigins.put(mask, node);
        }
    }

    /** The {@code compare} node that made {@code mask}, or −1. */
    int maskOrigin(Tensor mask) {
        Integer n = maskOrigins.get(mask);
        return n == null ? -1 : n;
    }

    /** Attaches an operation's parameters to the node that made {@code v}. */
    Var tag(Var v, Attr attr) {
        if (v.id >= 0 && recording) {
            nodes.get(v.id).attr = attr;
        }
        return v;
    }

    /** {@return the recorded operations in order, a fresh list (empty after release)} */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(new Step(n.id, n.op, n.name(), n.family, List.of(n.inputs), n, n.attr, n.hitStart, n.hitEnd));
        }
        return out;
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException("this trace was released by a backward pass:"
                    + " pass Backward.RETAIN to keep it, or record a new trace");
        }
    }

    /**
     * Drops every node; the kink log and branch records stay. Values the caller still holds keep
     * their tensors but no longer reach the rest of the recording.
     */
    public void release() {
        release(0);
    }

    /**
     * Releases the trace, as {@link #release()}: the end of a try-with-resources block. Closing a
     * released trace does nothing; the kink log stays readable.
     */
    @Override
    public void close() {
        release();
    }

    /** {@link #release()}, when the nodes before {@code first} are severed already. */
    private void release(int first) {
        for (int i = first; i < nodes.size(); i++) {
            nodes.get(i).sever();
        }
        nodes.clear();
        maskOrigins.clear();
        released = true;
    }

    /** Throws a {@link DomainException} if {@code v}'s value is not finite, naming the cause. */
    void requireFinite(Var v, String what) {
        if (!K.allFinite(v.value())) {
            String cause = violations.isEmpty() ? what + " is not finite: " + v.value()
                    : violations.get(0);
            throw new DomainException(cause);
        }
    }

    // ---- interpreters -----------------------------------------------------------------------

    /**
     * Reverse mode: the gradient of the scalar {@code y} with respect to each of {@code wrt};
     * releases the trace.
     *
     * @param y the output, a one-element value on this trace
     * @param wrt the values to differentiate with respect to, usually inputs
     * @return the value of {@code y} and, for each {@code w} in {@code wrt}, ∂y/∂w of {@code w}'s
     *     shape
     * @throws IllegalArgumentException if {@code y} has more than one element
     * @throws DomainException if {@code y} or a gradient is not finite (naming the first domain
     *     violation)
     * @throws IllegalStateException if the trace was released already
     */
    public Gradients grad(Var y, Var... wrt) {
        return grad(y, List.of(wrt), Backward.RELEASE);
    }

    /**
     * Reverse mode for a scalar output.
     *
     * @param y the output, a one-element value on this trace
     * @param wrt the values to differentiate with respect to, usually inputs
     * @param mode {@link Backward#RELEASE} to free the trace afterwards, {@link Backward#RETAIN} to
     *     keep it for another pass
     * @return the value of {@code y} and, for each {@code w} in {@code wrt}, ∂y/∂w of {@code w}'s
     *     shape
     * @throws IllegalArgumentException if {@code y} has more than one element
     * @throws DomainException if {@code y} or a gradient is not finite (naming the first domain
     *     violation)
     * @throws IllegalStateException if the trace was released already
     */
    public Gradients grad(Var y, List<Var> wrt, Backward mode) {
        if (y.value().size() != 1) {
            throw new IllegalArgumentException("grad needs a scalar output, got shape " + y.shape()
                    + ": reduce it (e.g. sum) or use vjp with a cotangent");
        }
        return vjp(y, Tensor.full(y.shape(), dtype, 1), wrt, mode);
    }

    /**
     * Reverse mode: the vector-Jacobian product {@code cotangentᵀ·∂y/∂w} for each {@code w} in
     * {@code wrt}. With {@link Backward#RELEASE} the trace is released even when the pass throws (a
     * non-finite gradient, for one): the values already returned keep their tensors.
     *
     * @param y the output, a value of any shape on this trace
     * @param cotangent the weight of each output element, of {@code y}'s shape
     * @param wrt the values to differentiate with respect to, usually inputs
     * @param mode {@link Backward#RELEASE} to free the trace afterwards, {@link Backward#RETAIN} to
     *     keep it for another pass
     * @return the value of {@code y} and, for each {@code w} in {@code wrt}, the product of {@code
     *     w}'s shape
     * @throws IllegalArgumentException if the cotangent's shape differs from {@code y}'s
     * @throws DomainException if {@code y} or a gradient is not finite (naming the first domain
     *     violation)
     * @throws IllegalStateException if the trace was released already
     */
    public Gradients vjp(Var y, Tensor cotangent, List<Var> wrt, Backward mode) {
        checkLive();
        if (!cotangent.shape().equals(y.shape())) {
            throw new IllegalArgumentException("vjp: the cotangent's shape " + cotangent.shape()
                    + " differs from the output's shape " + y.shape());
        }
        requireFinite(y, "the output");
        boolean releasing = mode == Backward.RELEASE;
        List<Var> gs;
        try {
            gs = Reverse.run(this, y, constant(cotangent), wrt, false, releasing);
        } catch (RuntimeException | Error e) {
            if (releasing) {
                release(); // some nodes are severed already
            }
            throw e;
        }
        if (releasing) {
            release(Reverse.walked(y)); // the walk severed the nodes before
        }
        java.util.IdentityHashMap<Var, Tensor> out = new java.util.IdentityHashMap<>();
        for (int i = 0; i < wrt.size(); i++) {
            Var g = gs.get(i);
            if (!K.allFinite(g.value())) {
                String cause = violations.isEmpty() ? "" : " (" + violations.get(0) + ")";
                throw new DomainException("the gradient is not finite: " + g.value() + cause);
            }
            out.put(wrt.get(i), g.value());
        }
        return new Gradients(y.value(), out);
    }

    /**
     * Reverse mode whose own operations are recorded on this trace, so the returned gradients can
     * be differentiated again (grad of grad). The trace is kept.
     *
     * @param y the output, a one-element value on this trace
     * @param wrt the values to differentiate with respect to
     * @return one gradient per element of {@code wrt}, in order, each a recorded value of that
     *     element's shape
     * @throws IllegalArgumentException if {@code y} has more than one element
     * @throws DomainException if {@code y} is not finite
     */
    public List<Var> gradVars(Var y, List<Var> wrt) {
        checkLive();
        requireFinite(y, "the output");
        if (y.value().size() != 1) {
            throw new IllegalArgumentException("gradVars needs a scalar output, got shape " + y.shape());
        }
        return Reverse.run(this, y, constant(Tensor.full(y.shape(), dtype, 1)), wrt, true, false);
    }

    /**
     * Forward mode: the Jacobian-vector product ∂y/∂x·t, with a tangent for some of the trace's
     * inputs (the others count as zero). Re-reads the recorded trace; does not release it.
     *
     * @param y the output, a value on this trace
     * @param tangents the direction: a tangent of the input's shape for some of the trace's inputs
     * @return the directional derivative, a tensor of {@code y}'s shape
     * @throws DomainException if {@code y} is not finite
     */
    public Tensor jvp(Var y, Map<Var, Tensor> tangents) {
        checkLive();
        requireFinite(y, "the output");
        return Forward.run(this, y, tangents).value();
    }

    /**
     * Records an operation defined outside the engine (e.g. a registered user primitive): its value
     * and its two derivative rules, written with differentiable operations so that they can be
     * differentiated again. {@code vjp} maps the output's cotangent to one cotangent per input (null
     * for none); {@code jvp} maps the inputs' tangents (null for zero) to the output's tangent.
     *
     * @param op the operation's name, shown in steps and error messages
     * @param value the operation's value, already computed; converted to the working dtype
     * @param inputs the operands the value depends on, on this trace
     * @param vjp the reverse rule: the output's cotangent to one cotangent per input (null for
     *     none)
     * @param jvp the forward rule: the inputs' tangents (null for zero) to the output's tangent
     * @return a new recorded value
     */
    public Var custom(String op, Tensor value, List<Var> inputs,
                      java.util.function.Function<Var, List<Var>> vjp,
                      java.util.function.Function<List<Var>, Var> jvp) {
        Var[] in = inputs.toArray(new Var[0]);
        return tag(record(Op.CUSTOM, null, value.dtype() == dtype ? value : value.to(dtype), in,
                new CustomRule(vjp, jvp), logMark()), new Attr.Named(op));
    }

    /**
     * As {@link #custom(String, Tensor, List, java.util.function.Function, java.util.function.Function)}
     * for an operation whose value may hit kinks: {@code value} computes the output, reporting each
     * kink hit to the sink it is given (null when the kink log is off or nothing is recorded; it must
     * record nothing on this trace itself). The hits are logged against the new node under the
     * primitive name {@code kinkOp}, with the element index in the node's output and the kink point, and
     * get their adjoints from the backward pass like any primitive's.
     *
     * @param op the operation's name, shown in steps and error messages
     * @param kinkOp the primitive name under which the kink hits are logged
     * @param value computes the output, reporting each kink hit to the sink it is given (null when
     *     nothing is logged)
     * @param inputs the operands the value depends on, on this trace
     * @param vjp the reverse rule: the output's cotangent to one cotangent per input (null for
     *     none)
     * @param jvp the forward rule: the inputs' tangents (null for zero) to the output's tangent
     * @return a new recorded value
     */
    public Var custom(String op, String kinkOp, java.util.function.Function<HitSink, Tensor> value, List<Var> inputs,
                      java.util.function.Function<Var, List<Var>> vjp,
                      java.util.function.Function<List<Var>, Var> jvp) {
        checkLive();
        int mark = logMark();
        Tensor v = value.apply(hitSink(kinkOp));
        return tag(record(Op.CUSTOM, null, v.dtype() == dtype ? v : v.to(dtype), inputs.toArray(new Var[0]),
                new CustomRule(vjp, jvp), mark), new Attr.Named(op));
    }

    /**
     * Lazy conditional: see {@link Var#cond}.
     *
     * @param lhs the left side of the test, a one-element value on this trace
     * @param op the test, e.g. {@link Comparison#GE}
     * @param rhs the right side of the test, a one-element value on this trace
     * @param then computes the result when the test holds
     * @param otherwise computes the result when it does not
     * @return the value of the branch taken
     */
    public Var cond(Var lhs, Comparison op, Var rhs, Supplier<Var> then, Supplier<Var> otherwise) {
        return Control.cond(this, lhs, op, rhs, then, otherwise);
    }
}
