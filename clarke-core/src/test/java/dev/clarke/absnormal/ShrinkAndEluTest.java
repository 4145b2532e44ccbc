package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.certify.Verdict;
import dev.clarke.lang.GradientReport;
import dev.clarke.lang.Program;
import dev.clarke.nn.Activation;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.pap.IntensionalChecker;
import dev.clarke.tensor.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * softshrink, hardshrink and elu end to end — kink log, policy, abs-normal certificate, PAP check,
 * higher order, network activation — with every expected value derived by hand from
 * softshrink(x; λ) = x ∓ λ beyond ±λ and 0 between, hardshrink(x; λ) = x beyond ±λ and 0 on
 * [−λ, λ], elu(x; α) = α(eˣ − 1) below 0 and x above.
 */
class ShrinkAndEluTest {

    private static Certification certify(String source, double x, String policy) {
        return Certifier.certify(Program.parse(source), Map.of("x", x), KinkPolicy.parse(policy), DType.F64);
    }

    @Test
    void eluIsAKinkUnlessAlphaIsOne() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var x = t.input(0.0);
        // α = 1: eˣ and 1 agree at 0, so elu is C¹ there: no kink, slope 1
        assertEquals(1.0, t.grad(x.elu(1), x).of(x).item());
        assertTrue(t.kinks().isEmpty());
        Trace u = new Trace(KinkPolicy.mid(), DType.F64);
        Var y = u.input(0.0);
        // α = 2: D⁻ = 2, D⁺ = 1, so mid gives 3/2
        assertEquals(1.5, u.grad(y.elu(2), y).of(y).item());
        assertEquals(1, u.kinks().size());
        assertEquals("elu", u.kinks().get(0).op());
    }

    @Test
    void pytorchPresetReproducesTheMeasuredChoices() {
        // PyTorch 1.13 (tools/measure-pytorch-kinks.py): softshrink′ and hardshrink′ are 0 at ±λ,
        // elu′(0) = α
        Map<String, Double> zero = Map.of("x", 0.5);
        KinkPolicy torch = KinkPolicy.pytorch();
        assertEquals(0.0, GradientReport.compute(Program.parse("softshrink(x)"), zero, torch, DType.F64, 1)
                .gradient().get("x"));
        assertEquals(0.0, GradientReport.compute(Program.parse("softshrink(x)"), Map.of("x", -0.5), torch, DType.F64, 1)
                .gradient().get("x"));
        assertEquals(0.0, GradientReport.compute(Program.parse("hardshrink(x)"), zero, torch, DType.F64, 1)
                .gradient().get("x"));
        assertEquals(2.0, GradientReport.compute(Program.parse("elu(x, 2)"), Map.of("x", 0.0), torch, DType.F64, 1)
                .gradient().get("x"));
    }

    @Test
    void softshrinkIsLoweredToTwoAbsTermsAndCertified() {
        // off the kinks: differentiable, slope 1 beyond λ and 0 between
        Certification far = certify("softshrink(x)", 2, "mid");
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, far.verdict());
        assertArrayEquals(new double[] {1}, far.derivative(), 0);
        assertEquals(2, far.form().s(), "one switching variable per kink, x + λ and x − λ");
        // at λ: D⁻ = 0, D⁺ = 1; mid gives ½ ∈ [0, 1]: a Clarke subgradient
        Certification kink = certify("softshrink(x)", 0.5, "mid");
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, kink.verdict());
        assertArrayEquals(new double[] {0.5}, kink.ad(), 0);
        // an override of 2 lies outside [0, 1]
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, certify("softshrink(x)", 0.5, "softshrink=2").verdict());
    }

    @Test
    void softshrinkLowersToTheIdentityOfItsSlopes() {
        // slopes 1, 0, 1 around the kinks −½, ½: f = a + 1·t − ½·|t + ½| + ½·|t − ½|
        AbsNormalForm f = Certifier.form(Program.parse("softshrink(x)"), Map.of("x", 0.0), KinkPolicy.mid(), DType.F64);
        assertArrayEquals(new double[] {1}, f.J()[0], 0);
        assertArrayEquals(new double[] {-0.5, 0.5}, f.Y()[0], 0);
        assertArrayEquals(new double[] {0.5, -0.5}, f.z(), 0, "z = t + ½ and t − ½ at t = 0");
        assertTrue(f.absLinear(), "piecewise linear: the form is the program itself");
        // elu is abs-smooth but not piecewise linear: the form is a first-order model
        assertFalse(Certifier.form(Program.parse("elu(x, 2)"), Map.of("x", 0.0), KinkPolicy.mid(), DType.F64).absLinear());
    }

    @Test
    void hardshrinkOnItsJumpIsNotAbsSmoothAndTheCertifierSaysSo() {
        Certification jump = certify("hardshrink(x)", 0.5, "mid");
        assertEquals(Verdict.UNKNOWN, jump.verdict());
        assertTrue(jump.reason().contains("jump"), jump.reason());
        // off the jumps it is locally x (slope 1) or 0
        Certification far = certify("hardshrink(x)", 2, "mid");
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, far.verdict());
        assertArrayEquals(new double[] {1}, far.derivative(), 0);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, certify("hardshrink(x)", 0.2, "mid").verdict());
    }

    @Test
    void eluAtItsKinkIsCertifiedAgainstItsOneSidedSlopes() {
        // α = 2 at 0: D⁻ = 2, D⁺ = 1; mid gives 3/2 ∈ [1, 2]
        Certification kink = certify("elu(x, 2)", 0, "mid");
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, kink.verdict());
        assertArrayEquals(new double[] {1.5}, kink.ad(), 0);
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, certify("elu(x, 2)", 0, "elu=3").verdict());
        // α = 1: differentiable at 0 with derivative 1
        Certification smooth = certify("elu(x)", 0, "mid");
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, smooth.verdict());
        assertArrayEquals(new double[] {1}, smooth.derivative(), 0);
    }

    @Test
    void gradientsAreIntensionalAndEluHasASecondDerivative() {
        assertTrue(IntensionalChecker.check(Program.parse("softshrink(x) + hardshrink(x)"), Map.of("x", 0.5),
                KinkPolicy.mid()).intensional());
        assertTrue(IntensionalChecker.check(Program.parse("elu(x, 2) * x"), Map.of("x", -1.0), KinkPolicy.mid())
                .intensional());
        // (2(eˣ − 1))″ = 2eˣ: at −1, 2/e
        assertEquals(2 * Math.exp(-1), GradientReport.compute(Program.parse("elu(x, 2)"), Map.of("x", -1.0),
                KinkPolicy.mid(), DType.F64, 2).gradient().get("x"), 1e-15);
    }

    @Test
    void networkActivations() {
        Activation s = Activation.parse("softshrink", 0.01);
        assertEquals(0.5, s.slope(), "softshrink takes its row's default λ");
        assertEquals(2, s.kinkCount());
        assertEquals(1.5, s.apply(2.0));
        assertTrue(s.isPiecewiseLinear());
        Activation e = Activation.elu(2);
        assertFalse(e.isPiecewiseLinear());
        assertEquals(1, e.kinkCount());
        assertEquals(0, Activation.elu(1).kinkCount(), "elu with α = 1 has no kink");
        IllegalArgumentException jump = assertThrows(IllegalArgumentException.class,
                () -> Activation.parse("hardshrink", 0));
        assertTrue(jump.getMessage().contains("softshrink"), jump.getMessage());
    }
}
