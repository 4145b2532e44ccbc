package dev.clarke.ad;

import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse-mode interpreter: walks the trace backwards from an output, accumulating cotangents.
 *
 * <p>Cotangents of F64 scalar nodes are kept as doubles ({@link #adj}, {@link #has}) when no graph
 * is built, and nodes carrying their scalar partials pass them on through their rule's
 * {@link Node#scalarCotangent} without making tensors ({@link #scalarStep}); every other node
 * applies its rule's vjp to a tensor cotangent ({@link #tensorStep}). Both do the same operations in
 * the same order, so the result is bit for bit the same either way.
 */
final class Reverse {

    private final Trace trace;
    private final boolean createGraph;
    private final KinkLog log;
    /** Tensor cotangents by node id. */
    private final Var[] ct;
    /** Double cotangents of F64 scalar nodes (only when no graph is built), and which are set. */
    private final double[] adj;
    private final boolean[] has;
    /** The nodes whose cotangents are returned (all others are dropped once used). */
    private final boolean[] wanted;

    private Reverse(Trace trace, Var y, List<Var> wrt, boolean createGraph) {
        this.trace = trace;
        this.createGraph = createGraph;
        this.log = trace.kinks();
        this.ct = new Var[y.id + 1];
        this.adj = createGraph ? null : new double[y.id + 1];
        this.has = createGraph ? null : new boolean[y.id + 1];
        this.wanted = new boolean[y.id + 1];
        for (Var w : wrt) {
            if (w.trace == trace && w.id >= 0 && w.id <= y.id) {
                wanted[w.id] = true;
            }
        }
    }

    /**
     * The cotangents of {@code wrt}. With {@code sever} (a plain pass that releases the trace), each
     * node is severed ({@link Node#sever}) as soon as the walk has passed it: its last use.
     */
    static List<Var> run(Trace trace, Var y, Var seed, List<Var> wrt, boolean createGraph, boolean sever) {
        if (y.trace != trace) {
            throw new IllegalArgumentException("the output was not recorded on this trace");
        }
        if (walked(y) == 0) {
            List<Var> zeros = new ArrayList<>(wrt.size());
            for (Var w : wrt) {
                zeros.add(trace.constant(Tensor.zeros(w.shape(), trace.dtype())));
            }
            return zeros;
        }
        Reverse r = new Reverse(trace, y, wrt, createGraph);
        r.seed(y, seed);
        trace.withRecording(createGraph, () -> r.walk(y.id, sever));
        return r.collect(wrt);
    }

    private void seed(Var y, Var seed) {
        if (!createGraph && Trace.scalar64(y)) {
            adj[y.id] = seed.value().item();
            has[y.id] = true;
        } else {
            ct[y.id] = seed;
        }
    }

    /** Visits nodes {@code last} down to 0, severing each one after it is passed when {@code sever}. */
    private Void walk(int last, boolean sever) {
        Node passed = null;
        for (int i = last; i >= 0; i--) {
            if (passed != null) {
                passed.sever();
            }
            Node n = trace.node(i);
            passed = sever ? n : null;
            if (!createGraph && has[i]) {
                if (scalarStep(n)) {
                    continue;
                }
                ct[i] = trace.constant(Tensor.scalar(adj[i], trace.dtype()));
            }
            if (ct[i] != null) {
                tensorStep(n, ct[i]);
            }
        }
        if (passed != null) {
            passed.sever();
        }
        return null;
    }

    /**
     * A node with a double cotangent: sets its hits' adjoints and, if it carries scalar partials,
     * passes the cotangent on as doubles. Returns false when its vjp must run on a tensor instead.
     */
    private boolean scalarStep(Node n) {
        int i = n.id;
        double a = adj[i];
        for (int h = n.hitStart; h < n.hitEnd; h++) {
            log.setAdjoint(h, a);
        }
        if (!n.differentiable()) {
            return true;
        }
        if (!n.scalar) {
            return false;
        }
        Var[] in = n.inputs;
        for (int j = 0; j < in.length; j++) {
            Var x = in[j];
            if (x.requiresGrad && x.id >= 0) {
                accumulate(x, n.scalarCotangent(a, j == 0 ? n.d0 : n.d1));
            }
        }
        if (!wanted[i]) {
            has[i] = false;
        }
        return true;
    }

    /** A node with a tensor cotangent {@code g}: sets its hits' adjoints and applies its rule's vjp. */
    private void tensorStep(Node n, Var g) {
        int i = n.id;
        if (createGraph || !has[i]) {
            for (int h = n.hitStart; h < n.hitEnd; h++) {
                log.setAdjoint(h, g.value().get(log.elementAt(h)));
            }
        }
        if (!n.differentiable()) {
            return;
        }
        if (!createGraph && !wanted[i]) {
            ct[i] = null;
            has[i] = false;
        }
        Var[] gs = n.backward(g);
        for (int j = 0; j < n.inputs.length; j++) {
            Var in = n.inputs[j];
            if (gs[j] == null || !in.requiresGrad || in.id < 0) {
                continue;
            }
            if (!createGraph && Trace.scalar64(in)) {
                accumulate(in, gs[j].value().item());
            } else {
                ct[in.id] = ct[in.id] == null ? gs[j] : ct[in.id].add(gs[j]);
            }
        }
    }

    /** The cotangent of each of {@code wrt} (zeros for those the output does not depend on). */
    private List<Var> collect(List<Var> wrt) {
        List<Var> result = new ArrayList<>(wrt.size());
        for (Var w : wrt) {
            if (w.trace != trace) {
                throw new IllegalArgumentException("a variable to differentiate by belongs to another trace");
            }
            Var g = null;
            if (w.id >= 0 && w.id < ct.length) {
                g = !createGraph && has[w.id] ? trace.constant(Tensor.scalar(adj[w.id], trace.dtype())) : ct[w.id];
            }
            result.add(g != null ? g : trace.constant(Tensor.zeros(w.shape(), trace.dtype())));
        }
        return result;
    }

    /** How many nodes a pass from {@code y} walks (nodes 0..y, or none when y needs no gradient). */
    static int walked(Var y) {
        return y.id < 0 || !y.requiresGrad ? 0 : y.id + 1;
    }

    /** Adds the contribution {@code c} to the double cotangent of the F64 scalar {@code x}: first one as is, then {@code +}. */
    private void accumulate(Var x, double c) {
        int k = x.id;
        adj[k] = has[k] ? adj[k] + c : c;
        has[k] = true;
    }
}
