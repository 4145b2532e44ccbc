package dev.clarke.absnormal;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers: programs at points, by variable name. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code w₀*sqrt(p₀*p₀ + q₀*q₀) + w₁*sqrt(p₁*p₁ + q₁*q₁)}: two norms of two rows, rows[2j] and rows[2j + 1] as text. */
    static StringBuilder twoNorms(int[] w, String[] rows) {
        StringBuilder src = new StringBuilder();
        for (int j = 0; j < 2; j++) {
            src.append(j == 0 ? "" : " + ").append(w[j]).append("*sqrt(").append(rows[2 * j]).append('*').append(rows[2 * j])
                    .append(" + ").append(rows[2 * j + 1]).append('*').append(rows[2 * j + 1]).append(')');
        }
        return src;
    }

    /** The Euclidean norms of a form: their Jacobians and their weights in the output. */
    record Norms(List<double[][]> ts, List<Double> ws) {
    }

    /** The norms of {@code f} at its point, in the form's order, with the output's weight of each. */
    static Norms norms(AbsNormalForm f) {
        double[] y = Arrangement.outputRow(f);
        List<double[][]> ts = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (EuclideanNorm e : f.norms()) {
            int k = 0;
            while (f.active()[k] != e.index()) {
                k++;
            }
            ts.add(e.jacobian());
            ws.add(y[f.n() + k]);
        }
        return new Norms(ts, ws);
    }

    /** {@code x=0,y=1} → ordered map. */
    static Map<String, Double> at(String spec) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=");
            m.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
        }
        return m;
    }

    static AbsNormalForm form(String source, String point, KinkPolicy policy) {
        return Certifier.form(Program.parse(source), at(point), policy, DType.F64);
    }

    static Certification certify(String source, String point, KinkPolicy policy) {
        return Certifier.certify(Program.parse(source), at(point), policy, DType.F64);
    }

    /** The program's value at a point (f64, mid policy). */
    static double value(Program p, Map<String, Double> point) {
        Trace t = new Trace();
        Map<String, Var> env = new LinkedHashMap<>();
        for (String name : p.variables()) {
            env.put(name, t.input(point.get(name)));
        }
        return p.evaluate(t, env).item();
    }

    /** Reverse mode's gradient under a policy, in the order of the program's variables. */
    static double[] reverse(String source, String point, KinkPolicy policy) {
        Program p = Program.parse(source);
        Map<String, Double> at = at(point);
        Trace t = new Trace(policy, DType.F64);
        Map<String, Var> env = new LinkedHashMap<>();
        List<Var> inputs = new ArrayList<>();
        for (String name : p.variables()) {
            Var v = t.input(Tensor.scalar(at.get(name), DType.F64));
            env.put(name, v);
            inputs.add(v);
        }
        Var y = p.evaluate(t, env);
        var g = t.grad(y, inputs, Backward.RETAIN);
        double[] out = new double[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.of(inputs.get(i)).item();
        }
        return out;
    }

    /**
     * Checks a verdict against gradients sampled around the point (central differences of the
     * program, close to limiting gradients; their hull fills the Clarke gradient up to the sampling):
     * a derivative matches every sample, a Clarke subgradient lies within 0.02 of their hull, a
     * refuted value outside it, and non-differentiability needs two samples that differ.
     */
    static void assertAgreesWithSamples(Certification c, List<double[]> sampled, String what) {
        boolean differ = false;
        for (double[] g : sampled) {
            double gap = 0;
            for (int i = 0; i < g.length; i++) {
                gap += Math.abs(g[i] - sampled.get(0)[i]);
            }
            differ |= gap > 1e-3;
        }
        switch (c.verdict()) {
            case DIFFERENTIABLE_CORRECT, DIFFERENTIABLE_INCORRECT -> {
                for (double[] g : sampled) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(c.derivative(), g, 1e-3, what);
                }
            }
            case NONDIFFERENTIABLE_CLARKE -> {
                org.junit.jupiter.api.Assertions.assertTrue(differ, what);
                org.junit.jupiter.api.Assertions.assertTrue(Realisability.inHull(sampled, c.ad(), 0.02), what);
            }
            case NONDIFFERENTIABLE_NOT_CLARKE -> {
                org.junit.jupiter.api.Assertions.assertTrue(differ, what);
                org.junit.jupiter.api.Assertions.assertFalse(Realisability.inHull(sampled, c.ad(), 0), what);
            }
            case CLARKE -> org.junit.jupiter.api.Assertions.assertTrue(Realisability.inHull(sampled, c.ad(), 0.02), what);
            case UNKNOWN -> org.junit.jupiter.api.Assertions.assertFalse(c.reason().isEmpty(), what);
            default -> throw new AssertionError(what);
        }
    }
}
