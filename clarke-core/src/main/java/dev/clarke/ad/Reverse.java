package dev.clarke.ad;

import java.util.ArrayList;
import java.util.List;

/** The reverse-mode interpreter: walks the trace backwards from an output, accumulating cotangents. */
final class Reverse {

    private Reverse() {
    }

    static List<Var> run(Trace trace, Var y, Var seed, List<Var> wrt, boolean createGraph) {
        if (y.trace != trace) {
            throw new IllegalArgumentException("the output was not recorded on this trace");
        }
        List<Var> result = new ArrayList<>(wrt.size());
        if (y.id < 0 || !y.requiresGrad) {
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
        trace.withRecording(createGraph, () -> {
            KinkLog log = trace.kinks();
            for (int i = y.id; i >= 0; i--) {
                Var g = ct[i];
                if (g == null) {
                    continue;
                }
                Node n = trace.node(i);
                for (int h = n.hitStart; h < n.hitEnd; h++) {
                    log.setAdjoint(h, g.value().get(log.elementAt(h)));
                }
                if (n.vjp == null) {
                    continue;
                }
                if (!createGraph && !wanted[i]) {
                    ct[i] = null;
                }
                Var[] gs = n.vjp.apply(g);
                for (int j = 0; j < n.inputs.length; j++) {
                    Var in = n.inputs[j];
                    if (gs[j] == null || !in.requiresGrad || in.id < 0) {
                        continue;
                    }
                    ct[in.id] = ct[in.id] == null ? gs[j] : ct[in.id].add(gs[j]);
                }
            }
            return null;
        });
        for (Var w : wrt) {
            if (w.trace != trace) {
                throw new IllegalArgumentException("a variable to differentiate by belongs to another trace");
            }
            Var g = w.id >= 0 && w.id < ct.length ? ct[w.id] : null;
            result.add(g != null ? g : trace.constant(dev.clarke.tensor.Tensor.zeros(w.shape(), trace.dtype())));
        }
        return result;
    }
}
