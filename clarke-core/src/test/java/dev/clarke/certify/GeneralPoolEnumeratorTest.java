package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Window2d;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Padded, dilated and ceil-mode max pooling ({@link Pool2d}) in the network certificate, checked
 * against the exact oracle (whose windows are written out separately) at every point of
 * M^P, M = {−1, 0, 1}: no unsound verdict, F64 gradients equal to exact AD, and each definite
 * verdict reached at many points.
 */
class GeneralPoolEnumeratorTest {

    /** 1×3×3 image → conv(1 → 1, k×k) → relu → pool → flatten → linear(·, 1). */
    private static Sequential net(int k, Pool2d pool) {
        List<Layer> layers = new ArrayList<>(List.of(new Conv2d(1, 1, k, 1, 0, Init.HE), new ActivationLayer(Activation.relu()),
                pool, new Flatten()));
        Sequential body = new Sequential(Shape.of(1, 3, 3), layers);
        layers.add(new Linear(body.shapeAfter(layers.size() - 1).size(), 1, Init.HE));
        return new Sequential(Shape.of(1, 3, 3), layers);
    }

    private static Pool2d max(int k, int s, int d, int pad, boolean ceil) {
        return new Pool2d(Pool2d.Kind.MAX, new Window2d(k, k, s, s, d, d, pad, pad, pad, pad), ceil, false);
    }

    private static void check(Sequential net, String what, long minDiff, long minNdf) {
        for (String pol : new String[] {"mid", "pytorch"}) {
            NetworkEnumerator.Result r = new NetworkEnumerator(net, NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0),
                    ValueSet.range(-1, 1), KinkPolicy.parse(pol)).run();
            String at = what + " " + pol + " " + r.verdicts();
            assertEquals(0, r.unsound(), at);
            assertEquals(0, r.adMismatch(), at);
            assertTrue(r.ndf() > 0 && r.kinkHit() > r.ndf(), at);
            assertTrue(r.verdicts().getOrDefault(Verdict.DIFFERENTIABLE_CORRECT, 0L) >= minDiff, at);
            assertTrue(r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L) >= minNdf, at);
        }
    }

    /** 2×2 windows, stride 2, padding 1 on a 3×3 map: four windows of 1, 2, 2 and 4 pixels. */
    @Test
    void paddedMaxPool() {
        check(net(1, max(2, 2, 1, 1, false)), "pad", 1000, 300);
    }

    /** 2×2 windows with dilation 2 on a 3×3 map: one window of the four corners. */
    @Test
    void dilatedMaxPool() {
        check(net(1, max(2, 2, 2, 0, false)), "dilation", 50, 5);
    }

    /** 2×2 windows, stride 2, ceil mode on a 3×3 map: the last row and column get windows of their own. */
    @Test
    void ceilModeMaxPool() {
        check(net(1, max(2, 2, 1, 0, true)), "ceil", 1000, 300);
    }
}
