package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive comparison of the network certificate with the exact oracle on conv → activation →
 * max-pool → linear networks (7 parameters, M = {−1, 0, 1}, 2187 points each), on images whose
 * patches are all equal, partly equal, or all different: zero unsound verdicts under every policy
 * and activation, and the counts that can be derived by hand.
 */
class NetworkEnumeratorTest {

    /** 1×3×3 images → conv(1 → c, 2×2) → act → maxpool(2) → flatten → linear(c, 1). */
    static Sequential convPool(int channels, Activation act) {
        return new Sequential(Shape.of(1, 3, 3), List.of(new Conv2d(1, channels, 2, 1, 0, Init.HE), new ActivationLayer(act),
                MaxPool2d.of(2), new Flatten(), new Linear(channels, 1, Init.HE)));
    }

    static Rational[][] image(int... v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return new Rational[][] {r};
    }

    private static final int[][] IMAGES = {
        {0, 0, 0, 0, 0, 0, 0, 0, 0},     // four equal (blank) patches
        {1, 1, 1, 1, 1, 1, 0, 0, 0},     // two pairs of equal patches
        {1, 1, 0, 1, 1, 0, 0, 0, 0},     // four different patches
    };

    @Test
    void noUnsoundVerdictUnderEitherPolicyOrAnyActivation() {
        for (String pol : new String[] {"mid", "pytorch"}) {
            for (Activation act : new Activation[] {Activation.relu(), Activation.hardtanh(), Activation.abs(),
                Activation.leakyRelu(0.5)}) {
                if (pol.equals("pytorch") && act.kinkCount() == 1) {
                    continue;   // with one kink, pytorch is one λ per layer as mid is; hardtanh differs (0 at both kinks)
                }
                for (int[] img : IMAGES) {
                    NetworkEnumerator.Result r = new NetworkEnumerator(convPool(1, act), image(img), ValueSet.range(-1, 1),
                            KinkPolicy.parse(pol)).run();
                    String at = pol + " " + act + " " + java.util.Arrays.toString(img);
                    assertEquals(2187, r.total(), at);
                    assertEquals(0, r.unsound(), at);
                    assertEquals(0, r.adMismatch(), at);
                }
            }
        }
    }

    /**
     * Blank image: every patch is 0, so every conv output is b, every window ties four copies of
     * ρ(b) (one function: not a kink), and f = v·ρ(b) + c. f is not differentiable iff b is a kink
     * of ρ and v ≠ 0: relu 3⁵·1·2 = 486 points, hardtanh (kinks ±1) 3⁵·2·2 = 972. The certificate
     * decides every point: DIFFERENTIABLE_CORRECT on the rest, NONDIFFERENTIABLE_CLARKE there.
     */
    @Test
    void blankImageIsDecidedEverywhere() {
        for (Activation act : new Activation[] {Activation.relu(), Activation.hardtanh()}) {
            long ndf = act.kinkCount() * 2L * 243;
            NetworkEnumerator.Result r = new NetworkEnumerator(convPool(1, act), image(IMAGES[0]), ValueSet.range(-1, 1),
                    KinkPolicy.mid()).run();
            assertEquals(2187, r.kinkHit(), "every window ties");
            assertEquals(ndf, r.ndf());
            assertEquals(0, r.inc());
            assertEquals(2187 - ndf, r.verdicts().get(Verdict.DIFFERENTIABLE_CORRECT));
            assertEquals(ndf, r.verdicts().get(Verdict.NONDIFFERENTIABLE_CLARKE));
            assertEquals(null, r.verdicts().get(Verdict.UNKNOWN));
        }
    }

    /**
     * softshrink (λ = ½) has a flat middle piece: pixels (1, 2, 0, −1) through a 1×1 conv with weights
     * and biases in {−1, −½, 0, ½, 1} land on both kinks and on the flat piece, and ties there are
     * between constants or different functions: still no unsound verdict.
     */
    @Test
    void softshrinkWithAFlatMiddlePiece() {
        Sequential net = new Sequential(Shape.of(1, 2, 2), List.of(new Conv2d(1, 1, 1, 1, 0, Init.HE),
                new ActivationLayer(Activation.parse("softshrink", 0.5)), MaxPool2d.of(2), new Flatten(), new Linear(1, 1, Init.HE)));
        Rational[][] x = {{Rational.ONE, Rational.of(2), Rational.ZERO, Rational.of(-1)}};
        for (String pol : new String[] {"mid", "pytorch"}) {
            NetworkEnumerator.Result r = new NetworkEnumerator(net, x, ValueSet.parse("-1,-0.5,0,0.5,1"), KinkPolicy.parse(pol)).run();
            assertEquals(625, r.total());
            assertEquals(0, r.unsound(), pol);
            assertEquals(0, r.adMismatch(), pol);
        }
    }
}
