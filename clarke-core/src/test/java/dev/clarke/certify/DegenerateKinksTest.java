package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Degenerate kinks: breakpoints that coincide with D⁻ = D⁺ (softshrink with λ = 0 is the identity,
 * clamp(y, 1, 1) the constant 1). The function is differentiable there; the pytorch preset takes
 * the zero-width piece's slope, which is not the derivative. The certificate must never call such
 * a point non-differentiable.
 */
class DegenerateKinksTest {

    private static final Rational[][] X1 = {{Rational.ONE}};

    @Test
    void theCertificateAgreesWithTheOracleAtEveryPoint() {
        for (Activation a : List.of(Activation.softshrink(0), Activation.clamp(1, 1), Activation.leakyRelu(1))) {
            for (KinkPolicy p : List.of(KinkPolicy.mid(), KinkPolicy.pytorch(), KinkPolicy.left(), KinkPolicy.right())) {
                Sequential net = Sequential.scalarMlp(new int[] {2}, a, true);
                Enumerator.Result r = new Enumerator(net, X1, ValueSet.parse("-1,0,1"), List.of(p), true).run();
                String what = a + " " + p;
                assertEquals(0, r.ndf(), what); // each of these functions is smooth in the parameters
                assertEquals(0, r.mismatches(), what);
                assertEquals(0, r.undecided(), what);
            }
        }
    }

    /**
     * x = 1, one neuron with w = b = 0 on softshrink(0)'s degenerate kink, output weight v = 1:
     * f = v·(w + b), so ∇f = (∂w, ∂b, ∂v) = (1, 1, 0). PyTorch's slope 0 gives AD (0, 0, 0).
     */
    @Test
    void pytorchsZeroWidthSlopeIsDifferentiableIncorrectWithTheTrueGradient() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.softshrink(0), true);
        Tensor x = Tensor.of(DType.F64, Shape.of(1, 1), new double[] {1});
        Certificate c = Certificate.compute(net, new Parameters(net, new double[] {0, 0, 1}), x, Loss.sum(),
                KinkPolicy.pytorch(), DType.F64);
        assertEquals(Verdict.DIFFERENTIABLE_INCORRECT, c.verdict(), c.reason());
        assertArrayEquals(new double[] {0, 0, 0}, c.gradient());
        assertArrayEquals(new double[] {1, 1, 0}, c.correctGradient());
        Certificate mid = Certificate.compute(net, new Parameters(net, new double[] {0, 0, 1}), x, Loss.sum(),
                KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, mid.verdict(), mid.reason());
        assertArrayEquals(new double[] {1, 1, 0}, mid.gradient());
    }
}
