package dev.clarke.pap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.Program;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared fixtures of the PAP tests: the piecewise cases, the policies, and small helpers. */
final class PapTestSupport {

    private PapTestSupport() {
    }

    /** One one-input piecewise primitive with its parameters. */
    record UnaryCase(Family family, double[] params, String label) {
        @Override
        public String toString() {
            return label;
        }

        /** The kink points: from the family's table, or a few integers (floor) and half-integers (round). */
        List<Double> kinkPoints() {
            List<Double> out = new ArrayList<>();
            if (family == Family.FLOOR) {
                for (int k = -3; k <= 3; k++) {
                    out.add((double) k);
                }
            } else if (family == Family.ROUND) {
                for (int k = -3; k <= 3; k++) {
                    out.add(k + 0.5);
                }
            } else {
                family.kinks(params).forEach(k -> out.add(k.point()));
            }
            return out;
        }

        /** Applies the primitive to a Var, through the public Var API. */
        Var apply(Var x) {
            switch (family) {
                case RELU: return x.relu();
                case LEAKY_RELU: return params.length == 0 ? x.leakyRelu() : x.leakyRelu(params[0]);
                case ABS: return x.abs();
                case SIGN: return x.sign();
                case CLAMP: return x.clamp(params[0], params[1]);
                case HARDTANH: return x.hardtanh();
                case RELU6: return x.relu6();
                case HARDSIGMOID: return x.hardsigmoid();
                case HARDSWISH: return x.hardswish();
                case FLOOR: return x.floor();
                case ROUND: return x.round();
                default: throw new AssertionError(family);
            }
        }
    }

    static UnaryCase unary(Family f, double... params) {
        return new UnaryCase(f, params, f.id() + (params.length == 0 ? "" : Arrays.toString(params)));
    }

    /** Every one-input piecewise family, with several parameterisations of leaky_relu and clamp. */
    static List<UnaryCase> unaryCases() {
        return List.of(
                unary(Family.RELU),
                unary(Family.LEAKY_RELU), unary(Family.LEAKY_RELU, 0.01), unary(Family.LEAKY_RELU, 0.2),
                unary(Family.ABS), unary(Family.SIGN),
                unary(Family.CLAMP, 0, 1), unary(Family.CLAMP, -0.5, 2), unary(Family.CLAMP, -2, -1),
                unary(Family.CLAMP, 3, 3), unary(Family.CLAMP, 0, 0),
                unary(Family.HARDTANH), unary(Family.RELU6), unary(Family.HARDSIGMOID), unary(Family.HARDSWISH),
                unary(Family.FLOOR), unary(Family.ROUND));
    }

    /** The five presets. */
    static List<KinkPolicy> presets() {
        return List.of(KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(), KinkPolicy.lambda(0.3),
                KinkPolicy.pytorch());
    }

    /** The presets plus overrides of {@code f} (0.3 and 7, outside [D⁻, D⁺]) and a parsed multi-override. */
    static List<KinkPolicy> policiesFor(Family f) {
        List<KinkPolicy> out = new ArrayList<>(presets());
        out.add(KinkPolicy.mid().withOverride(f, 0.3));
        if (f != Family.REDUCE_MAX && f != Family.REDUCE_MIN) {
            out.add(KinkPolicy.left().withOverride(f, 7));
        }
        out.add(KinkPolicy.parse("pytorch,relu=0.3,abs=7"));
        return out;
    }

    /**
     * relu′(0) under each policy, by hand from λ·D⁻ + (1−λ)·D⁺ with (D⁻, D⁺) = (0, 1):
     * mid ½; left (λ=1) 0; right (λ=0) 1; λ=0.3 → 0.7; pytorch (λ_relu=1) 0; overrides as given.
     */
    static Map<KinkPolicy, Double> reluSlopeAtZero() {
        Map<KinkPolicy, Double> m = new LinkedHashMap<>();
        m.put(KinkPolicy.mid(), 0.5);
        m.put(KinkPolicy.left(), 0.0);
        m.put(KinkPolicy.right(), 1.0);
        m.put(KinkPolicy.lambda(0.3), 0.7);
        m.put(KinkPolicy.pytorch(), 0.0);
        m.put(KinkPolicy.parse("relu=0.3"), 0.3);
        m.put(KinkPolicy.parse("left,relu=7"), 7.0);
        return m;
    }

    /** The one-element slope AD uses. */
    static double slope(UnaryCase c, double x, KinkPolicy policy) {
        return dev.clarke.ops.UnaryPiecewise.slope(c.family(), Tensor.of(DType.F64, Shape.of(1), x), c.params(), policy)
                .get(0);
    }

    /** An ordered map of variable values: at("x", 1.0, "y", 2.0). */
    static Map<String, Double> at(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /** Records {@code source} at {@code at} (inputs in the order of {@link Program#variables()}) and reads its induced representation. */
    static InducedRepresentation induced(String source, KinkPolicy policy, Map<String, Double> at) {
        Program p = Program.parse(source);
        Trace t = new Trace(policy, DType.F64);
        Map<String, Var> env = new LinkedHashMap<>();
        for (String v : p.variables()) {
            env.put(v, t.input(at.get(v)));
        }
        Var y = p.evaluate(t, env);
        return InducedRepresentation.of(t, y, Map.of());
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-12 * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + " but was " + actual);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertTrue(expected.length == actual.length, what + ": lengths " + expected.length + " vs " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + " [" + i + "] of " + Arrays.toString(actual));
        }
    }

    static double[] pt(double... x) {
        return x;
    }
}
