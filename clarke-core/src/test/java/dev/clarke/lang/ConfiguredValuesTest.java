package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.KinkLog;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every use of the configured value at an infinite one-sided derivative (sqrt and x^p, 0 &lt; p &lt; 1,
 * at 0) is a kink-log hit with its adjoint and a flag. Expected values by hand.
 */
class ConfiguredValuesTest {

    private static GradientReport grad(String src, Map<String, Double> at, String policy) {
        return GradientReport.compute(Program.parse(src), at, KinkPolicy.parse(policy), DType.F64, 1);
    }

    private static List<KinkLog.Hit> hits(GradientReport r, String op) {
        return r.kinks().stream().filter(h -> h.op().equals(op)).toList();
    }

    @Test
    void normAtTheOriginIsLoggedAndFlagged() {
        // sqrt(u), u = x² + y² = 0: sqrt's slope is the configured 0, so ∂/∂x = 0·2x = 0; adjoint of sqrt's
        // output is 1 (it is the output)
        GradientReport r = grad("sqrt(x*x + y*y)", Map.of("x", 0.0, "y", 0.0), "mid");
        assertEquals(Map.of("x", 0.0, "y", 0.0), r.gradient());
        List<KinkLog.Hit> s = hits(r, "sqrt");
        assertEquals(1, s.size());
        assertEquals(0.0, s.get(0).point());
        assertEquals(1.0, s.get(0).adjoint());
        assertTrue(r.flags().stream().anyMatch(f -> f.startsWith("sqrt at 0") && f.contains("sqrt0 = 0.0")), r.flags().toString());
    }

    @Test
    void fractionalPowerTakesTheConfiguredValueAndSaysSo() {
        // 3·x^0.5 at 0 with sqrt0 = 2: d/dx = 3·2 = 6; the hit's adjoint is 3
        GradientReport r = grad("3 * x^0.5", Map.of("x", 0.0), "mid,sqrt0=2");
        assertEquals(6.0, r.gradient().get("x"));
        List<KinkLog.Hit> p = hits(r, "pow");
        assertEquals(1, p.size());
        assertEquals(3.0, p.get(0).adjoint());
        assertTrue(r.flags().stream().anyMatch(f -> f.startsWith("pow at 0") && f.contains("sqrt0 = 2.0")), r.flags().toString());
    }

    @Test
    void aVariableExponentBelowOneAtBaseZeroTakesTheConfiguredValueAndSaysSo() {
        // 3·x^y at x = 0, y = ½ with sqrt0 = 2: ∂/∂x = 3·2 = 6 (the true one-sided slope is +∞), ∂/∂y = 3·0^½·ln 0 → 0
        // (0^y = 0 for every y > 0); the hit's adjoint is 3
        GradientReport r = grad("3 * x^y", Map.of("x", 0.0, "y", 0.5), "mid,sqrt0=2");
        assertEquals(6.0, r.gradient().get("x"));
        assertEquals(0.0, r.gradient().get("y"));
        List<KinkLog.Hit> p = hits(r, "pow");
        assertEquals(1, p.size());
        assertEquals(0.0, p.get(0).point());
        assertEquals(3.0, p.get(0).adjoint());
        assertTrue(r.flags().stream().anyMatch(f -> f.startsWith("pow at 0") && f.contains("sqrt0 = 2.0")), r.flags().toString());
        // exponents ≥ 1 at base 0 have true derivatives (0 and 1): nothing to log
        for (double y : new double[] {1, 2.5}) {
            GradientReport q = grad("x^y", Map.of("x", 0.0, "y", y), "mid");
            assertTrue(q.kinks().isEmpty(), q.kinks().toString());
            assertTrue(q.flags().isEmpty(), q.flags().toString());
        }
    }

    @Test
    void trueDerivativesAreNotFlagged() {
        // sqrt at 4: slope 1/4, no configured value; x^1.5 at 0: slope 1.5·0^0.5 = 0 is the derivative
        GradientReport a = grad("sqrt(x)", Map.of("x", 4.0), "mid");
        assertEquals(0.25, a.gradient().get("x"));
        assertTrue(a.kinks().isEmpty());
        assertTrue(a.flags().isEmpty());
        GradientReport b = grad("x^1.5", Map.of("x", 0.0), "mid");
        assertEquals(0.0, b.gradient().get("x"));
        assertTrue(b.kinks().isEmpty());
        assertTrue(b.flags().isEmpty());
    }
}
