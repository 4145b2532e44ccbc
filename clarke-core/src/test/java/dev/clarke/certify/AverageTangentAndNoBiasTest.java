package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Window2d;
import dev.clarke.nn.Loss;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tangents that are not one patch of one channel: through an average pool (a sum of patches, Lemma 9)
 * and of a convolution without bias (no bias coordinate). Hand-derived examples, then the
 * certificate against the exact oracle at every point of M^P.
 */
class AverageTangentAndNoBiasTest {

    private static Sequential net(Shape image, Layer... body) {
        List<Layer> layers = new ArrayList<>(List.of(body));
        layers.add(new Flatten());
        Sequential b = new Sequential(image, layers);
        layers.add(new Linear(b.shapeAfter(layers.size() - 1).size(), 1, Init.HE));
        return new Sequential(image, layers);
    }

    private static Convolution2d conv(int k, boolean bias) {
        return new Convolution2d(1, 1, Window2d.square(k, 1, 0), 1, bias, Init.HE);
    }

    private static Tensor image(int h, int w, double... v) {
        return Tensor.of(DType.F64, Shape.of(1, 1, h, w), v);
    }

    /**
     * conv 1×1 (w, b) → global average → relu → v·(·) + c on the image [1, 2; 3, 4]: the relu's
     * input is a = b + 2.5·w, on its kink at w = 2, b = −5, and moved by (w, b) along (2.5, 1) — a sum
     * of four patches over 4. f = v·relu(a) + c is not differentiable there for v ≠ 0, and mid's
     * value v·½·(2.5, 1) lies in ∂^C f = [0, 1]·v·(2.5, 1).
     */
    @Test
    void aKinkAboveAGlobalAverageIsDecided() {
        Sequential n = net(Shape.of(1, 2, 2), conv(1, true), new GlobalAvgPool2d(), new ActivationLayer(Activation.relu()));
        NetworkCertificate c = NetworkCertificate.compute(n, NetworkCertificateTest.params(n, 2, -5, 3, 1),
                image(2, 2, 1, 2, 3, 4), Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict(), c.reason());
        assertEquals(3 * 0.5 * 2.5, c.gradient().get(0).get(0));
        assertEquals(3 * 0.5, c.gradient().get(1).get(0));
        assertTrue(c.witness().isPresent());
    }

    /**
     * conv 1×1 without bias (w) → relu → linear (v₀..v₃, c) on the image [1, 0; 0, 0] at w = 0:
     * pixel 0's relu input w·1 sits on the kink and moves with w; pixels 1–3 are w·0 = 0 for every w,
     * constants, so their kinks are harmless whatever their adjoints. f = v₀·relu(w) + c: not
     * differentiable iff v₀ ≠ 0.
     */
    @Test
    void aConvolutionWithoutBiasIsFollowed() {
        Sequential n = net(Shape.of(1, 2, 2), conv(1, false), new ActivationLayer(Activation.relu()));
        Tensor x = image(2, 2, 1, 0, 0, 0);
        NetworkCertificate kink = NetworkCertificate.compute(n, NetworkCertificateTest.params(n, 0, 3, 1, 1, 1, 0), x,
                Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, kink.verdict(), kink.reason());
        assertEquals(1.5, kink.gradient().get(0).get(0));   // mid: v₀·½·1
        NetworkCertificate harmless = NetworkCertificate.compute(n, NetworkCertificateTest.params(n, 0, 0, 1, 1, 1, 0), x,
                Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, harmless.verdict(), harmless.reason());
        assertEquals(4, harmless.hits().size());   // every pixel sits on the kink, three with adjoint 1
    }

    /** The certificate against the oracle at every point of {−1, 0, 1}^P: sound, AD exact, every point decided. */
    private static void sweep(Sequential n, Rational[][] image, String policy) {
        NetworkEnumerator.Result r = new NetworkEnumerator(n, image, ValueSet.range(-1, 1), KinkPolicy.parse(policy)).run();
        String what = n + " " + policy + " " + r.verdicts();
        assertEquals(0, r.unsound(), what);
        assertEquals(0, r.adMismatch(), what);
        assertTrue(r.ndf() > 0, what);
        assertTrue(r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L) > 0, what);
        assertNull(r.verdicts().get(Verdict.UNKNOWN), what);
    }

    private static final Rational[][] PATCHES = NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0);

    /** Every point decided soundly: a kink above an average pool, and a global average. */
    @Test
    void kinksAboveAveragesAgreeWithTheOracle() {
        Sequential avg = net(Shape.of(1, 3, 3), conv(2, true), new Pool2d(Pool2d.Kind.AVERAGE, Window2d.square(2, 2, 0), false,
                true), new ActivationLayer(Activation.relu()));
        Sequential gap = net(Shape.of(1, 3, 3), conv(2, true), new GlobalAvgPool2d(), new ActivationLayer(Activation.hardtanh()));
        for (String policy : new String[] {"mid", "pytorch", "left"}) {
            sweep(avg, PATCHES, policy);
            sweep(gap, PATCHES, policy);
        }
    }

    /** Without bias, before and after a max pool: every point decided soundly. */
    @Test
    void convolutionsWithoutBiasAgreeWithTheOracle() {
        Sequential plain = net(Shape.of(1, 3, 3), conv(2, false), new ActivationLayer(Activation.relu()));
        Sequential pooled = net(Shape.of(1, 3, 3), conv(2, false), new ActivationLayer(Activation.relu()), MaxPool2d.of(2));
        for (String policy : new String[] {"mid", "pytorch"}) {
            sweep(pooled, PATCHES, policy);
        }
        sweep(plain, PATCHES, "mid");
    }

    /**
     * Ties between averages (conv 1×1 → average 2×2 → relu → max 2×2 on a 4×4 image): sound at every
     * point; the undecided ones are the limits of §9 (two genuine layers fed by one, classes in a hull).
     */
    @Test
    void tiesBetweenAveragesAreSound() {
        Sequential n = net(Shape.of(1, 4, 4), conv(1, true), new Pool2d(Pool2d.Kind.AVERAGE, Window2d.square(2, 2, 0), false,
                true), new ActivationLayer(Activation.relu()), MaxPool2d.of(2));
        Rational[][] img = NetworkEnumeratorTest.image(1, 0, 2, 1, 0, 1, 1, 2, 2, 1, 0, 0, 1, 1, 2, 0);
        NetworkEnumerator.Result r = new NetworkEnumerator(n, img, ValueSet.range(-2, 2), KinkPolicy.parse("pytorch")).run();
        assertEquals(0, r.unsound(), r.verdicts().toString());
        assertEquals(0, r.adMismatch());
        assertTrue(r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L) > 0, r.verdicts().toString());
        assertNull(r.verdicts().get(Verdict.DIFFERENTIABLE_INCORRECT));
    }
}
