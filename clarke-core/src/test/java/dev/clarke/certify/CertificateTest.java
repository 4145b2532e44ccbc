package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The fast certificate on hand-derived points (the paper summary's Tests A–E) and on batches. */
class CertificateTest {

    private static final Tensor X1 = Tensor.of(DType.F64, Shape.of(1, 1), 1);

    private static Certificate cert(Sequential net, Tensor x, KinkPolicy p, double... w) {
        return Certificate.compute(net, new Parameters(net, w), x, Loss.sum(), p, DType.F64);
    }

    /** Test A: y = 0 with adjoint v = 2: not differentiable; every proxy in [0, 1] gives a Clarke subgradient. */
    @Test
    void testA() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        Certificate c = cert(net, X1, KinkPolicy.mid(), 1, -1, 2);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
        assertEquals(Boolean.FALSE, c.differentiable());
        assertEquals(1, c.hits().size());
        Certificate.Hit h = c.hits().get(0);
        assertEquals(0, h.layer());
        assertEquals(0, h.neuron());
        assertEquals(0, h.sample());
        assertEquals(0.0, h.point());
        assertEquals(2.0, h.adjoint());
        assertArrayEquals(new double[] {1, 1, 0}, c.gradient());
        assertEquals(0.0, c.value());
        // relu'(0) = 5 lies outside [0, 1]: still not differentiable; ∂^C f = segment[(0, 0, 0), (2, 2, 0)]
        // (the b-component of every Clarke subgradient is 2·[0, 1]), and AD's b-component is 2·5 = 10
        Certificate five = cert(net, X1, KinkPolicy.parse("relu=5"), 1, -1, 2);
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, five.verdict());
        // the supplied Clarke subgradient: D⁻ = relu'(0) = 0 everywhere, so dW = db = 2·0 = 0 and dv = relu(0) = 0
        assertArrayEquals(new double[] {0, 0, 0}, five.correctGradient());
        assertEquals(Boolean.FALSE, five.differentiable());
        assertArrayEquals(new double[] {10, 10, 0}, five.gradient());
    }

    /** Test B: on the kink but the adjoint is 0: differentiable, AD correct. */
    @Test
    void testB() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        Certificate c = cert(net, X1, KinkPolicy.parse("relu=5"), 1, -1, 0);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict());
        assertEquals(1, c.hits().size());
        assertEquals(0.0, c.hits().get(0).adjoint());
    }

    /** Test C: the deepest kink neuron has adjoint 1. */
    @Test
    void testC() {
        Sequential net = Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), true);
        Certificate c = cert(net, X1, KinkPolicy.right(), 1, -1, 1, 0, 1);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
        assertEquals(2, c.hits().size());
        assertArrayEquals(new double[] {1, 1, 0, 1, 0}, c.gradient());
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, cert(net, X1, KinkPolicy.right(), 1, -1, 1, -1, 1).verdict());
    }

    /**
     * Test D (no bias, layer 2's input is 0): f = v·relu(W₂·relu(W₁)) ≡ 0 near (0, −1, 1), so ∇f = 0;
     * AD gives (−1, 0, 0) under relu′(0) = 1 (incorrect) and 0 under relu′(0) = 0 (correct).
     */
    @Test
    void testDNoBias() {
        Sequential net = Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), false);
        Certificate c = cert(net, X1, KinkPolicy.right(), 0, -1, 1);
        assertEquals(Verdict.DIFFERENTIABLE_INCORRECT, c.verdict());
        assertEquals(Boolean.TRUE, c.differentiable());
        assertArrayEquals(new double[] {-1, 0, 0}, c.gradient());
        assertArrayEquals(new double[] {0, 0, 0}, c.correctGradient());
        Certificate left = cert(net, X1, KinkPolicy.left(), 0, -1, 1);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, left.verdict());
        assertNull(left.correctGradient());
        // W₂ = 1: relu(relu(W₁)) = relu(W₁), not differentiable at W₁ = 0 through the dead layer
        Certificate ndf = cert(net, X1, KinkPolicy.right(), 0, 1, 1);
        assertEquals(Boolean.FALSE, ndf.differentiable());
    }

    /** No bias but a non-zero input: the weight is a private direction, so y = 0 with v ≠ 0 is a kink of f. */
    @Test
    void noBiasWithNonZeroInputDecides() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), false);
        Tensor x = Tensor.of(DType.F64, Shape.of(1, 1), 2);
        Certificate c = cert(net, x, KinkPolicy.mid(), 0, 1);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
    }

    /** Test E: hardtanh's upper kink under the pytorch policy (derivative 0 = D⁺). */
    @Test
    void testE() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.hardtanh(), true);
        Certificate c = cert(net, X1, KinkPolicy.pytorch(), 2, -1, 1);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
        assertEquals(1.0, c.hits().get(0).point());
        assertEquals(1, c.hits().get(0).kinkIndex());
        assertArrayEquals(new double[] {0, 0, 1}, c.gradient());
    }

    /** A batch with one uniform λ per layer: AD is a Clarke subgradient (Park et al. Thm 4), differentiability open. */
    @Test
    void batchUniformLambda() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        Tensor x = Tensor.of(DType.F64, Shape.of(2, 1), 1, 2);
        Certificate c = cert(net, x, KinkPolicy.mid(), 1, -1, 1);
        assertEquals(Verdict.CLARKE, c.verdict());
        assertNull(c.differentiable());
        assertEquals(2, c.batch());
        assertEquals(1, c.hits().size());
        assertEquals(0, c.hits().get(0).sample());
    }

    /**
     * A batch without bias where the cone fails: x = (1, −1) and W = 0 put both samples on the kink
     * with u = 1 and u = −1, and no ζ has ζ &lt; 0 and −ζ &lt; 0.
     */
    @Test
    void batchWithoutBiasConeFails() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), false);
        Tensor x = Tensor.of(DType.F64, Shape.of(2, 1), 1, -1);
        Certificate c = cert(net, x, KinkPolicy.mid(), 0, 1);
        assertEquals(Verdict.UNKNOWN, c.verdict());
        assertTrue(c.reason().contains("cone"), c.reason());
        // with x = (1, 2) the cone {ζ : −ζ > 0, −2ζ > 0} is not empty
        Tensor x2 = Tensor.of(DType.F64, Shape.of(2, 1), 1, 2);
        assertEquals(Verdict.CLARKE, cert(net, x2, KinkPolicy.mid(), 0, 1).verdict());
    }

    /** An MLP with softmax cross-entropy at a generic point: no kink hit, differentiable and correct. */
    @Test
    void mlpCrossEntropyWithoutHits() {
        Sequential net = Sequential.of(Dense.of(4, 8, Activation.relu()), Dense.of(8, 3, null));
        double[] w = Tensor.randn(Shape.of(net.parameterCount()), DType.F64, 7).toDoubleArray();
        Tensor x = Tensor.randn(Shape.of(5, 4), DType.F64, 8);
        Certificate c = Certificate.compute(net, new Parameters(net, w), x, Loss.crossEntropy(0, 1, 2, 0, 1),
                KinkPolicy.mid(), DType.F32);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict());
        assertEquals(0, c.hits().size());
        assertEquals(net.parameterCount(), c.gradient().length);
    }
}
