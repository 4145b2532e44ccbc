package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Window2d;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Average pooling (padded, ceil mode) and global average pooling in the network certificate,
 * against the exact oracle (which unrolls them as MEAN nodes of its own) at every point of M^P,
 * M = {−1, 0, 1}: no unsound verdict, exact AD gradients, and — where the kinks sit below the
 * average, as in conv → relu → average → linear — every point decided.
 */
class AveragePoolEnumeratorTest {

    private static final Rational[][] IMAGE = NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0);

    /** 1×3×3 image → conv(1 → 1, k×k) → relu → the given layers → flatten → linear(·, 1). */
    private static Sequential net(int k, Layer... pools) {
        List<Layer> layers = new ArrayList<>(List.of(new Conv2d(1, 1, k, 1, 0, Init.HE), new ActivationLayer(Activation.relu())));
        layers.addAll(List.of(pools));
        layers.add(new Flatten());
        Sequential body = new Sequential(Shape.of(1, 3, 3), layers);
        layers.add(new Linear(body.shapeAfter(layers.size() - 1).size(), 1, Init.HE));
        return new Sequential(Shape.of(1, 3, 3), layers);
    }

    private static Pool2d average(int k, int s, int pad, boolean ceil, boolean includePad) {
        return new Pool2d(Pool2d.Kind.AVERAGE, new Window2d(k, k, s, s, 1, 1, pad, pad, pad, pad), ceil, includePad);
    }

    private static NetworkEnumerator.Result run(Sequential net, Rational[][] x, String pol) {
        NetworkEnumerator.Result r = new NetworkEnumerator(net, x, ValueSet.range(-1, 1), KinkPolicy.parse(pol)).run();
        assertEquals(0, r.unsound(), pol + " " + r.verdicts());
        assertEquals(0, r.adMismatch(), pol);
        assertTrue(r.ndf() > 0, pol);
        return r;
    }

    @Test
    void kinksBelowAnAverageAreAllDecided() {
        for (Sequential net : List.of(net(2, new GlobalAvgPool2d()), net(1, average(2, 2, 1, false, true)),
                net(1, average(2, 2, 1, false, false)), net(1, average(2, 2, 0, true, true)))) {
            for (String pol : new String[] {"mid", "pytorch"}) {
                NetworkEnumerator.Result r = run(net, IMAGE, pol);
                assertNull(r.verdicts().get(Verdict.UNKNOWN), net + " " + pol + " " + r.verdicts());
                assertTrue(r.verdicts().get(Verdict.NONDIFFERENTIABLE_CLARKE) > 0, pol);
            }
        }
    }

    /**
     * relu → average(2, stride 1) → max pool(2): on a blank image every average is the same
     * function (equal windows of equal patches), so the max pool's ties are no kinks and the only
     * non-differentiability is relu's kink at b = 0, which the certificate decides everywhere; on the
     * image with different windows the ties are between different averages, whose tangents the
     * certificate does not follow — never unsound.
     */
    @Test
    void tiesOfAveragesAreOneFunctionWhenTheirWindowsAre() {
        Sequential net = net(1, average(2, 1, 0, false, true), MaxPool2d.of(2));
        NetworkEnumerator.Result blank = run(net, NetworkEnumeratorTest.image(0, 0, 0, 0, 0, 0, 0, 0, 0), "mid");
        assertNull(blank.verdicts().get(Verdict.UNKNOWN), blank.verdicts().toString());
        assertEquals(blank.ndf(), blank.verdicts().get(Verdict.NONDIFFERENTIABLE_CLARKE));
        run(net, IMAGE, "mid");
    }
}
