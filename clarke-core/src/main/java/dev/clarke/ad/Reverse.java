package dev.clarke.ad;

import java.util.ArrayList;
import java.util.List;

/** The reverse-mode interpreter: walks the trace backwards from an output, accumulating cotangents. */
final class Reverse {

    private Reverse() {
    }

    /**
     * The cotangents of {@code wrt}. With {@code sever} (a plain pass that releases the trace), each
     * node is severed ({@link Node#sever}) as soon as the walk has passed it: its last use.
     */
    static List<Var> run(Trace trace, Var y, Var seed, List<Var> wrt, boolean createGraph, boolean sever) {
        if (y.trace != trace) {
            throw new IllegalArgumentException("the output was not recorded on this trace");
        }
        List<Var> result = new ArrayList<>(wrt.size());
        if (walked(y) == 0) {
            for (Var w : wrt) {
                result.add(trace.constant(dev.clarke.tensor.Tensor.zeros(w.shape(), trace.dtype())));
            }
            return result;
        }
        Var[] ct = new Var[y.id + 1];
        ct[y.id] = seed;
        boolean[] wanted = new boolean[y.id + 1];
        for (Var w : wrt) {
            if (w.trace == trace && w.id >= 0 && w.id <= y.id) {
                wanted[w.id] = true;
            }
        }
        // Cotangents of F64 scalar nodes are kept as doubles (adj, has) when no graph is built, and
        // nodes with a scalar rule propagate them without making tensors: the same operations in
        // the same order as their vjp, so the result is bit for bit the same.
        double[] adj = createGraph ? null : new double[y.id + 1];
        boolean[] has = createGraph ? null : new boolean[y.id + 1];
        if (!createGraph && Trace.scalar64(y)) {
            adj[y.id] = seed.value().item();
            has[y.id] = true;
            ct[y.id] = null;
        }
        trace.withRecording(createGraph, () -> {
            KinkLog log = trace.kinks();
            Node passed = null;
            for (int i = y.id; i >= 0; i--) {
                if (passed != null) {
                    passed.sever();
                }
                Node n = trace.node(i);
                passed = sever ? n : null;
                if (!createGraph && has[i]) {
                    double a = adj[i];
                    for (int h = n.hitStart; h < n.hitEnd; h++) {
                        log.setAdjoint(h, a);
                    }
                    if (!n.differentiable()) {
                        continue;
                    }
                    if (n.scalarRule != Node.NO_RULE) {
                        Var[] in = n.inputs;
                        for (int j = 0; j < in.length; j++) {
                            Var x = in[j];
                            if (!x.requiresGrad || x.id < 0) {
                                continue;
                            }
                            double d = j == 0 ? n.d0 : n.d1;
                            double c = n.scalarRule == Node.LINEAR ? d * a : a == 0 ? 0.0 : a * d;
                            accumulate(adj, has, x, c);
                        }
                        if (!wanted[i]) {
                            has[i] = false;
                        }
                        continue;
                    }
                    ct[i] = trace.constant(dev.clarke.tensor.Tensor.scalar(a, trace.dtype()));
                }
                Var g = ct[i];
                if (g == null) {
                    continue;
                }
                if (createGraph || !has[i]) {
                    for (int h = n.hitStart; h < n.hitEnd; h++) {
                        log.setAdjoint(h, g.value().get(log.elementAt(h)));
                    }
                }
                if (!n.differentiable()) {
                    continue;
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
                        accumulate(adj, has, in, gs[j].value().item());
                    } else {
                        ct[in.id] = ct[in.id] == null ? gs[j] : ct[in.id].add(gs[j]);
                    }
                }
            }
            if (passed != null) {
                passed.sever();
            }
            return null;
        });
        for (Var w : wrt) {
            if (w.trace != trace) {
                throw new IllegalArgumentException("a variable to differentiate by belongs to another trace");
            }
            Var g = null;
            if (w.id >= 0 && w.id < ct.length) {
                g = !createGraph && has[w.id] ? trace.constant(dev.clarke.tensor.Tensor.scalar(adj[w.id], trace.dtype()))
                        : ct[w.id];
            }
            result.add(g != null ? g : trace.constant(dev.clarke.tensor.Tensor.zeros(w.shape(), trace.dtype())));
        }
        return result;
    }

    /** How many nodes a pass from {@code y} walks (nodes 0..y, or none when y needs no gradient). */
    static int walked(Var y) {
        return y.id < 0 || !y.requiresGrad ? 0 : y.id + 1;
    }

    /** Adds the contribution {@code c} to the double cotangent of the F64 scalar {@code x}: first one as is, then {@code +}. */
    private static void accumulate(double[] adj, boolean[] has, Var x, double c) {
        int k = x.id;
        adj[k] = has[k] ? adj[k] + c : c;
        has[k] = true;
    }
}
