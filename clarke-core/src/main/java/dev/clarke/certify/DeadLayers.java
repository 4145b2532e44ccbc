package dev.clarke.certify;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.nn.Dense;
import dev.clarke.nn.DensePass;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * The certificate's answer for one sample when a layer without bias has input 0 and a kink with a
 * non-zero adjoint (a dead layer, which no parameter of the layer moves): the exact
 * {@link BiasFreeTest} at the parameters and input as given, with the loss's gradient at the
 * network's output as the head. It decides differentiability, and whether AD's value is the
 * derivative (Lee, Park, Aiken §4: without bias, inc need not be empty).
 */
final class DeadLayers {

    private DeadLayers() {
    }

    /** Whether every activation is piecewise linear (what the exact test handles). */
    static boolean covers(Sequential net) {
        for (Dense d : net.denseLayers()) {
            if (d.activation() != null && !d.activation().isPiecewiseLinear()) {
                return false;
            }
        }
        return true;
    }

    static Certificate decide(Sequential net, Parameters w, Tensor x, Loss loss, KinkPolicy policy,
                              List<Certificate.Hit> hits, double value, double[] gradient) {
        Rational[] exactW = exact(w.values());
        Rational[] exactX = exact(x.toDoubleArray());
        Rational[] head;
        try (Trace t = new Trace(policy, DType.F64)) {
            DensePass pass = net.forward(t, w, x);
            Var f = loss.apply(pass.output());
            head = exact(t.grad(f, List.of(pass.output()), Backward.RELEASE).of(pass.output()).toDoubleArray());
        }
        BiasFreeTest.Result r;
        try {
            r = new BiasFreeTest(new ExactOracle(net), policy).decide(exactW, exactX, head);
        } catch (IllegalStateException tooLarge) {
            return Certificate.of(hits, Verdict.UNKNOWN, null, "a layer without bias has input 0 and its dead block is"
                    + " too large to decide exactly: " + tooLarge.getMessage(), value, gradient, null);
        }
        String why = "exact test for networks without bias (" + r.reason() + ")";
        if (!r.differentiable()) {
            return Certificate.of(hits, Verdict.UNKNOWN, false, why + "; whether AD's value is a Clarke subgradient is not"
                    + " decided", value, gradient, null);
        }
        if (r.adCorrect()) {
            return Certificate.of(hits, Verdict.DIFFERENTIABLE_CORRECT, true, why, value, gradient, null);
        }
        double[] truth = new double[r.gradient().length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = r.gradient()[i].doubleValue();
        }
        return Certificate.of(hits, Verdict.DIFFERENTIABLE_INCORRECT, true, why + "; AD's derivatives at the dead"
                + " layer's kinks are not the true ones: correctGradient() has ∇f", value, gradient, truth);
    }

    private static Rational[] exact(double[] v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }
}
