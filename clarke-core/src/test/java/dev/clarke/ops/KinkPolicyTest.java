package dev.clarke.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KinkPolicy on its own: parsing (presets, overrides, errors), the formula λ·D⁻ + (1−λ)·D⁺, the
 * per-kink λ of the pytorch preset, and flagging overrides that leave [D⁻, D⁺].
 */
class KinkPolicyTest {

    @Test
    void presetsParseToTheirLambda() {
        // relu's kink: D⁻ = 0, D⁺ = 1, so the derivative is 1 − λ
        assertEquals(0.5, KinkPolicy.parse("mid").derivative(Family.RELU, 0, 0, 1));
        assertEquals(0.0, KinkPolicy.parse("left").derivative(Family.RELU, 0, 0, 1));
        assertEquals(1.0, KinkPolicy.parse("right").derivative(Family.RELU, 0, 0, 1));
        assertEquals(0.75, KinkPolicy.parse("lambda=0.25").derivative(Family.RELU, 0, 0, 1));
        assertEquals(0.5, KinkPolicy.parse("  MID ").derivative(Family.RELU, 0, 0, 1), "case and blanks ignored");
        assertEquals(0.5, KinkPolicy.parse("relu=0.5").lambda(Family.ABS, 0), "an override alone starts from mid");
        assertEquals("mid", KinkPolicy.mid().name());
        assertEquals("left,relu=0.3", KinkPolicy.parse("left,relu=0.3").name());
    }

    @Test
    void derivativeIsTheConvexCombinationAlongTheSwitchingVariable() {
        KinkPolicy p = KinkPolicy.lambda(0.2);
        // abs: D⁻ = −1, D⁺ = 1 → 0.2·(−1) + 0.8·1 = 0.6
        assertEquals(0.6, p.derivative(Family.ABS, 0, -1, 1), 1e-15);
        // hardswish at 3: D⁻ = 3/2, D⁺ = 1 → 0.2·1.5 + 0.8 = 1.1
        assertEquals(1.1, p.derivative(Family.HARDSWISH, 1, 1.5, 1), 1e-15);
        // equal one-sided derivatives: that value, for any λ
        assertEquals(0.0, p.derivative(Family.FLOOR, 0, 0, 0));
        assertEquals(0.0, KinkPolicy.left().derivative(Family.SIGN, new Kink(0, 0, 0, 0)));
    }

    @Test
    void pytorchPresetHasOneLambdaPerFamilyAndKink() {
        KinkPolicy p = KinkPolicy.pytorch();
        assertEquals(0.0, p.derivative(Family.RELU, 0, 0, 1), "relu′(0) = 0");
        assertEquals(0.01, p.derivative(Family.LEAKY_RELU, 0, 0.01, 1), 1e-15, "leaky′(0) = α");
        assertEquals(0.0, p.derivative(Family.ABS, 0, -1, 1), "abs′(0) = 0");
        assertEquals(1.0, p.derivative(Family.CLAMP, 0, 0, 1), "clamp at lo: 1");
        assertEquals(1.0, p.derivative(Family.CLAMP, 1, 1, 0), "clamp at hi: 1");
        assertEquals(0.0, p.derivative(Family.HARDTANH, 0, 0, 1), "hardtanh at −1: 0");
        assertEquals(0.0, p.derivative(Family.HARDTANH, 1, 1, 0), "hardtanh at 1: 0");
        assertEquals(-0.5, p.derivative(Family.HARDSWISH, 0, 0, -0.5), "hardswish at −3: −½");
        assertEquals(1.5, p.derivative(Family.HARDSWISH, 1, 1.5, 1), "hardswish at 3: 3/2");
        assertEquals(0.5, p.lambda(Family.REDUCE_MAX, 0), "full reduction: even split");
        assertEquals(0.0, p.lambda(Family.REDUCE_MAX, 1), "along an axis: first");
        assertEquals(0.0, p.infiniteSlope(), "sqrt′(0) stays finite");
    }

    @Test
    void overridesReplaceTheDerivativeOfTheirFamilyOnly() {
        KinkPolicy p = KinkPolicy.parse("left,relu=0.3,sqrt0=5");
        assertEquals(0.3, p.derivative(Family.RELU, 0, 0, 1));
        assertEquals(-1.0, p.derivative(Family.ABS, 0, -1, 1));
        assertEquals(5.0, p.infiniteSlope());
        // a reduction override is its λ, not a derivative
        KinkPolicy r = KinkPolicy.parse("reduce_min=0.75");
        assertEquals(0.75, r.lambda(Family.REDUCE_MIN, 0));
        assertEquals(0.75, r.lambda(Family.REDUCE_MIN, 1));
        assertEquals(0.5, r.lambda(Family.REDUCE_MAX, 0));
    }

    @Test
    void overridesOutsideTheOneSidedDerivativesAreFlagged() {
        assertTrue(KinkPolicy.parse("relu=0.3").flagged().isEmpty());
        assertTrue(KinkPolicy.parse("relu=0").flagged().isEmpty(), "the end points D⁻ and D⁺ are inside");
        assertTrue(KinkPolicy.parse("relu=1").flagged().isEmpty());
        assertTrue(KinkPolicy.parse("abs=-1").flagged().isEmpty());
        assertTrue(KinkPolicy.parse("clamp=0.5").flagged().isEmpty());
        List<String> f = KinkPolicy.parse("relu=7").flagged();
        assertEquals(1, f.size());
        assertTrue(f.get(0).contains("relu"), f.get(0));
        assertEquals(1, KinkPolicy.parse("abs=-1.5").flagged().size());
        assertEquals(1, KinkPolicy.parse("sign=0.1").flagged().size(), "sign's pieces are flat: only 0 is inside");
        assertEquals(1, KinkPolicy.parse("hardsigmoid=0.2").flagged().size(), "outside [0, 1/6]");
        assertEquals(1, KinkPolicy.parse("leaky_relu=0.001").flagged().size(), "outside [0.01, 1]");
        assertEquals(2, KinkPolicy.parse("relu=7,abs=2").flagged().size());
        // the pytorch preset and the uniform ones have no overrides, so nothing is flagged
        assertTrue(KinkPolicy.pytorch().flagged().isEmpty());
        assertTrue(KinkPolicy.right().flagged().isEmpty());
    }

    @Test
    void aParameterisedFamilyIsFlaggedWithItsOwnParameters() {
        KinkPolicy p = KinkPolicy.parse("leaky_relu=0.1");
        // leaky_relu(x; α) has D⁻ = α, D⁺ = 1 at 0: 0.1 lies in [0.05, 1] but not in [0.2, 1]
        assertTrue(p.flag(Family.LEAKY_RELU, 0.05).isEmpty());
        assertTrue(p.flag(Family.LEAKY_RELU, 0.2).isPresent());
        assertTrue(p.flag(Family.LEAKY_RELU, 0.2).get().contains("[0.2, 1.0]"), p.flag(Family.LEAKY_RELU, 0.2).get());
        assertTrue(p.flag(Family.RELU).isEmpty(), "no override for relu");
    }

    @Test
    void parametersThatDisorderTheBreakpointsAreRefused() {
        // softshrink's breakpoints are −λ and λ: a negative λ puts them out of order
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Family.SOFTSHRINK.at(-1));
        assertTrue(e.getMessage().startsWith("softshrink: parameters (lambda = -1.0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Family.CLAMP.at(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Family.ELU.at(Double.NaN));
        assertEquals(1, Family.CLAMP.at(1, 1).kinks().size(), "lo = hi: one kink");
    }

    @Test
    void thePolicySaysWhetherAFamilyHasAnOverride() {
        KinkPolicy p = KinkPolicy.parse("left,relu=0.3,reduce_max=0.2");
        assertEquals(0.3, p.override(Family.RELU).getAsDouble());
        assertTrue(p.override(Family.ABS).isEmpty());
        assertTrue(p.override(Family.REDUCE_MAX).isEmpty(), "a reduction's override is its λ");
        assertEquals(0.2, p.lambda(Family.REDUCE_MAX, 0));
        // relu's kink (D⁻, D⁺) = (0, 1): the override 0.3 = λ·0 + (1 − λ)·1 amounts to λ = 0.7
        assertEquals(0.7, p.effectiveLambda(Family.RELU, new Kink(0, 0, 0, 1)), 1e-15);
        assertEquals(1.0, p.effectiveLambda(Family.ABS, new Kink(0, 0, -1, 1)), "left: λ = 1");
        // an override outside [D⁻, D⁺] amounts to a λ outside [0, 1]: relu=2 is λ = −1
        assertEquals(-1.0, KinkPolicy.parse("relu=2").effectiveLambda(Family.RELU, new Kink(0, 0, 0, 1)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "foo", "relu", "lambda=2", "lambda=-0.1", "lambda=abc", "mid,left", "relu=0.3,mid",
        "relu=abc", "relu=inf", "relu=NaN", "bogus=0.3", "reduce_max=2", "reduce_min=-0.5", "sqrt0=inf", "=0.3"})
    void invalidSpecificationsAreRejectedWithAMessage(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KinkPolicy.parse(spec));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void errorMessagesSayWhatIsWrong() {
        assertTrue(message("bogus=0.3").contains("bogus"), message("bogus=0.3"));
        assertTrue(message("bogus=0.3").contains("relu"), "lists the valid families: " + message("bogus=0.3"));
        assertTrue(message("lambda=2").contains("[0, 1]"), message("lambda=2"));
        assertTrue(message("relu=abc").contains("abc"), message("relu=abc"));
        assertTrue(message("mid,left").contains("first"), message("mid,left"));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> KinkPolicy.parse(spec)).getMessage();
    }

    @Test
    void programmaticConstructorsValidateToo() {
        assertThrows(IllegalArgumentException.class, () -> KinkPolicy.lambda(1.0000001));
        assertThrows(IllegalArgumentException.class, () -> KinkPolicy.lambda(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> KinkPolicy.mid().withOverride(Family.RELU, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> KinkPolicy.mid().withInfiniteSlope(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Family.byId("nope"));
        assertEquals(Family.LEAKY_RELU, Family.byId("LEAKY_RELU"));
    }
}
