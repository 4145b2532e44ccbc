package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Window2d;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grouped, dilated and asymmetrically padded convolutions ({@link Convolution2d} with a bias) in the
 * network certificate, against the exact oracle (its own index arithmetic for groups and dilation;
 * AD's F64 gradient, computed by the engine's im2col and block-diagonal matmul, must equal the
 * oracle's exact AD gradient, which checks that arithmetic) at every point of M⁷, M = {−1, 0, 1}.
 */
class GeneralConvolutionEnumeratorTest {

    private static void check(Sequential net, Rational[][] x, String what) {
        for (String pol : new String[] {"mid", "pytorch"}) {
            NetworkEnumerator.Result r = new NetworkEnumerator(net, x, ValueSet.range(-1, 1), KinkPolicy.parse(pol)).run();
            String at = what + " " + pol + " " + r.verdicts();
            assertEquals(2187, r.total(), at);
            assertEquals(0, r.unsound(), at);
            assertEquals(0, r.adMismatch(), at);
            assertTrue(r.ndf() > 0, at);
            assertTrue(r.verdicts().getOrDefault(Verdict.DIFFERENTIABLE_CORRECT, 0L) > 500, at);
            assertTrue(r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L) > 100, at);
        }
    }

    /** Two input channels, two groups, 1×1 kernels: output channel o reads input channel o only. */
    @Test
    void groupedConvolution() {
        Sequential net = new Sequential(Shape.of(2, 2, 2), List.of(new Convolution2d(2, 2, Window2d.square(1, 1, 0), 2, true, Init.HE),
                new ActivationLayer(Activation.relu()), MaxPool2d.of(2), new Flatten(), new Linear(2, 1, Init.HE)));
        check(net, NetworkEnumeratorTest.image(1, 1, 0, 1, 0, 1, 1, 2), "groups");
    }

    /** A 2×2 kernel with dilation 2 on a 4×4 image: a 2×2 map, one max-pool window. */
    @Test
    void dilatedConvolution() {
        Sequential net = new Sequential(Shape.of(1, 4, 4), List.of(new Convolution2d(1, 1, new Window2d(2, 2, 1, 1, 2, 2, 0, 0, 0, 0), 1,
                true, Init.HE), new ActivationLayer(Activation.relu()), MaxPool2d.of(2), new Flatten(), new Linear(1, 1, Init.HE)));
        check(net, NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1), "dilation");
    }

    /** Padding only on top and right, dilation 2, on a 3×3 image: a 2×2 map (rows −1, 0; columns 0, 1). */
    @Test
    void asymmetricallyPaddedConvolution() {
        Sequential net = new Sequential(Shape.of(1, 3, 3), List.of(new Convolution2d(1, 1, new Window2d(2, 2, 1, 1, 2, 1, 1, 0, 0, 1), 1,
                true, Init.HE), new ActivationLayer(Activation.relu()), MaxPool2d.of(2), new Flatten(), new Linear(1, 1, Init.HE)));
        check(net, NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0), "padding");
    }
}
