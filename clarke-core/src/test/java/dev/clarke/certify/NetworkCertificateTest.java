package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-derived examples of the network certificate on convolution and max-pool networks. */
class NetworkCertificateTest {

    private static final Sequential CONV_POOL = NetworkEnumeratorTest.convPool(1, Activation.relu());

    /** Parameters (w00, w01, w10, w11, b, v, c) of {@link NetworkEnumeratorTest#convPool} with one channel. */
    static List<Tensor> params(Sequential net, double... flat) {
        List<Tensor> out = new ArrayList<>();
        int o = 0;
        for (Shape s : net.parameterShapes()) {
            out.add(Tensor.of(DType.F64, s, java.util.Arrays.copyOfRange(flat, o, o + s.size())));
            o += s.size();
        }
        return out;
    }

    private static double[] flat(List<Tensor> ts) {
        List<Double> out = new ArrayList<>();
        for (Tensor t : ts) {
            for (int i = 0; i < t.size(); i++) {
                out.add(t.get(i));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Tensor image(double... v) {
        return Tensor.of(DType.F64, Shape.of(1, 1, 3, 3), v);
    }

    private static Rational[] exact(double... v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }

    /**
     * Blank image, b = 1, v = 2: the window ties four copies of relu(0·w + b) — one function, so
     * f = v·b + c near the point and ∇f = (0, 0, 0, 0, v, b, 1) = (0, 0, 0, 0, 2, 1, 1).
     */
    @Test
    void blankPatchTieIsDifferentiable() {
        double[] w = {0.5, -1, 2, 3, 1, 2, 0};
        NetworkCertificate c = NetworkCertificate.compute(CONV_POOL, params(CONV_POOL, w), image(new double[9]), Loss.sum(),
                KinkPolicy.mid(), DType.F64);
        assertEquals(1, c.hits().size(), "one window, one tie");
        assertEquals(NetworkCertificate.Kind.MAXPOOL_TIE, c.hits().get(0).kind());
        assertFalse(c.hits().get(0).genuine());
        assertEquals(2, c.hits().get(0).adjoint());
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict());
        assertArrayEquals(new double[] {0, 0, 0, 0, 2, 1, 1}, flat(c.gradient()));
    }

    /**
     * Image with a single 1 at the top left: patch A = (1, 0, 0, 0), the other three patches 0. With
     * w = (0, 1, 1, 1), b = 1 every conv output is 1, so the window ties relu(w00 + b) (patch A)
     * with three copies of relu(b): f = v·(b + max(w00, 0)) + c near the point, not differentiable
     * in w00 (one-sided derivatives 0 and v = 1); ∂^C f = [0, 1] × {(0, 0, 0, 1, 1, 1)}. AD (mid:
     * ¼ to each tied element) gives ∂f/∂w00 = ¼, a Clarke subgradient; the witness is checked by
     * the exact oracle.
     */
    @Test
    void tieOfDifferentFunctionsIsNotDifferentiable() {
        double[] w = {0, 1, 1, 1, 1, 1, 0};
        double[] x = {1, 0, 0, 0, 0, 0, 0, 0, 0};
        NetworkCertificate c = NetworkCertificate.compute(CONV_POOL, params(CONV_POOL, w), image(x), Loss.sum(),
                KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict(), c.reason());
        assertTrue(c.hits().get(0).genuine());
        assertArrayEquals(new double[] {0.25, 0, 0, 0, 1, 1, 1}, flat(c.gradient()));
        NetworkOracle oracle = new NetworkOracle(CONV_POOL, new Rational[][] {exact(x)});
        assertFalse(oracle.decide(exact(w)).differentiable());
        assertTrue(oracle.witnessHolds(exact(w), KinkPolicy.mid(), c.witness().orElseThrow()));
        List<Rational[]> b = oracle.bouligand(exact(w));
        assertEquals(2, b.size(), "one-sided derivatives 0 and 1 in w00");
        for (Rational[] g : b) {
            assertTrue(g[0].equals(Rational.ZERO) || g[0].equals(Rational.ONE));
        }
    }

    /**
     * 1×2×2 image of zeros, conv(1 → 1, 1×1) → relu → flatten → linear(4, 1) with v = (1, −1, 0, 0),
     * b = 0: four kink hits, all moved alike by (w, b) (equal patches), adjoints 1, −1, 0, 0 that
     * cancel: f = (v₁ + v₂)·relu(b) + c has ∂f/∂b = v₁ + v₂ = 0 wherever v₁ + v₂ = 0, and at the
     * point f is differentiable. The certificate must not claim non-differentiability; the bias
     * witness shows AD's value is a Clarke subgradient (here: ∇f).
     */
    @Test
    void cancellingAdjointsOfSharedBiasAreNotCalledNonDifferentiable() {
        Sequential net = new Sequential(Shape.of(1, 2, 2), List.of(new Conv2d(1, 1, 1, 1, 0, Init.HE),
                new ActivationLayer(Activation.relu()), new Flatten(), new Linear(4, 1, Init.HE)));
        double[] w = {2, 0, 1, -1, 0, 0, 0};
        NetworkCertificate c = NetworkCertificate.compute(net, params(net, w), Tensor.zeros(Shape.of(1, 1, 2, 2), DType.F64),
                Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(4, c.hits().size());
        assertEquals(Verdict.CLARKE, c.verdict(), c.reason());
        assertNull(c.differentiable());
        NetworkOracle oracle = new NetworkOracle(net, new Rational[][] {exact(0, 0, 0, 0)});
        ExactOracle.Decision d = oracle.decide(exact(w));
        assertTrue(d.differentiable());
        assertArrayEquals(d.gradient(), exact(flat(c.gradient())));
        assertTrue(oracle.witnessHolds(exact(w), KinkPolicy.mid(), c.witness().orElseThrow()));
    }

    /**
     * conv → batchnorm → relu → maxpool → linear on a blank image, with conv bias 1, γ = 2, β = −2,
     * mean 0, var 0.75, ε = 0.25 (σ = 1): every position has y = γ·(1 − 0)/1 + β = 0, the four copies
     * of relu(y) tie (one function, one kinked window), f = v·relu(y) + c is not differentiable in β
     * (one-sided derivatives 0 and v = 1). AD under mid: ¼ to each copy, relu′(0) = ½, so
     * ∂f/∂(w, b, γ, β, mean, var, v, c) = ½·(0, 0, 0, 0, γ/σ, 1, 1, −γ/σ, −γ/(2σ³), 0, 2)
     * except the head's own entries: (0, 0, 0, 0, 1, ½, ½, −1, −½, 0, 1) — half the gradient of the
     * active piece, between the one-sided gradients 0 and the active one.
     */
    @Test
    void batchNormBeforeAKinkedWindow() {
        Sequential net = new Sequential(Shape.of(1, 3, 3), List.of(new Conv2d(1, 1, 2, 1, 0, Init.HE),
                new dev.clarke.nn.BatchNorm(1, 0.25), new ActivationLayer(Activation.relu()), dev.clarke.nn.MaxPool2d.of(2),
                new Flatten(), new Linear(1, 1, Init.HE)));
        double[] w = {0.5, -1, 2, 3, 1, 2, -2, 0, 0.75, 1, 0};
        NetworkCertificate c = NetworkCertificate.compute(net, params(net, w), image(new double[9]), Loss.sum(),
                KinkPolicy.mid(), DType.F64);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0.5, 0.5, -1, -0.5, 0, 1}, flat(c.gradient()));
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict(), c.reason());
        NetworkWitness wit = c.witness().orElseThrow();
        assertEquals(1, wit.steps().size());
        assertEquals(List.of(6), java.util.Arrays.stream(wit.steps().get(0).options().get(0).index()).boxed().toList(),
                "the witness moves β");
        assertEquals(Rational.of(1, 2), wit.steps().get(0).options().get(0).weight());
    }

    /**
     * Pooling and activating the input itself: maxpool(2) over the pixels (1, 1, 0, 0) ties two
     * constants, and relu of the input sits on its kink at the 0 pixels — both constant functions of
     * the parameters, so f = v·1 + c and ∇f = (1, 1) whatever the adjoints.
     */
    @Test
    void tiesAndKinksOfTheInputAreConstant() {
        Sequential net = new Sequential(Shape.of(1, 2, 2), List.of(new ActivationLayer(Activation.relu()),
                dev.clarke.nn.MaxPool2d.of(2), new Flatten(), new Linear(1, 1, Init.HE)));
        NetworkCertificate c = NetworkCertificate.compute(net, params(net, 3, 0),
                Tensor.of(DType.F64, Shape.of(1, 1, 2, 2), new double[] {1, 1, 0, 0}), Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(3, c.hits().size(), "two relu kinks and one tie");
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict(), c.reason());
        assertArrayEquals(new double[] {1, 1}, flat(c.gradient()));
        Sequential pool = new Sequential(Shape.of(1, 2, 2), List.of(dev.clarke.nn.MaxPool2d.of(2), new Flatten(),
                new Linear(1, 1, Init.HE)));
        NetworkCertificate p = NetworkCertificate.compute(pool, params(pool, 3, 0),
                Tensor.of(DType.F64, Shape.of(1, 1, 2, 2), new double[] {1, 1, 0, 0}), Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, p.verdict(), p.reason());
    }
}
