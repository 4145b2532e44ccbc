package dev.clarke.ad;

import dev.clarke.tensor.Tensor;
import java.util.Map;

/** The forward-mode interpreter: re-reads the trace in order, pushing tangents through each node's rule. */
final class Forward {

    private Forward() {
    }

    static Var run(Trace trace, Var y, Map<Var, Tensor> tangents) {
        if (y.id < 0) {
            return trace.constant(Tensor.zeros(y.shape(), trace.dtype()));
        }
        Var[] t = new Var[y.id + 1];
        for (Map.Entry<Var, Tensor> e : tangents.entrySet()) {
            Var x = e.getKey();
            if (x.trace != trace || x.id < 0) {
                throw new IllegalArgumentException("jvp: a tangent was given for a value that is not an input of this trace");
            }
            if (!e.getValue().shape().equals(x.shape())) {
                throw new IllegalArgumentException("jvp: tangent shape " + e.getValue().shape()
                        + " differs from the input's shape " + x.shape());
            }
            if (x.id < t.length) {
                t[x.id] = trace.constant(e.getValue());
            }
        }
        return trace.withRecording(false, () -> {
            for (int i = 0; i <= y.id; i++) {
                Node n = trace.node(i);
                if (!n.differentiable()) {
                    continue;
                }
                Var[] ins = new Var[n.inputs.length];
                boolean any = false;
                for (int j = 0; j < ins.length; j++) {
                    int id = n.inputs[j].id;
                    ins[j] = id >= 0 ? t[id] : null;
                    any |= ins[j] != null;
                }
                if (any) {
                    t[i] = n.forward(ins);
                }
            }
            Var out = t[y.id];
            return out != null ? out : trace.constant(Tensor.zeros(y.shape(), trace.dtype()));
        });
    }
}
