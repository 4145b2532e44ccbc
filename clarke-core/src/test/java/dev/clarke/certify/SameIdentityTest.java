package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionIdentity#sameIdentity}, the quick test that two elements share an identity, against
 * the identities themselves: on convolution networks fed images of few grey levels (so many patches
 * repeat and many windows tie), every pair it calls the same has one identity, it finds the blank
 * patches' pairs, and tie classification answers as comparing identities does.
 */
class SameIdentityTest {

    /** conv 3×3 (1→2, bias) – relu – maxpool 2 – conv 2×2 (2→2, bias) – relu – maxpool 2 – flatten, on 1×10×10. */
    private static Sequential net() {
        return net(1);
    }

    /** As {@link #net()}, the first convolution with the given padding (0: every patch inside the image). */
    private static Sequential net(int padding) {
        List<Layer> layers = List.of(new Conv2d(1, 2, 3, 1, padding, Init.HE), new ActivationLayer(Activation.relu()),
                new MaxPool2d(2, 2), new Conv2d(2, 2, 2, 1, 0, Init.HE), new ActivationLayer(Activation.relu()),
                new MaxPool2d(2, 2), new Flatten());
        return new Sequential(Shape.of(1, 10, 10), layers);
    }

    /** Weights and biases of small integers (zeros among them: unequal patches can then give equal functions' values). */
    private static List<Tensor> params(Sequential net, Random r) {
        List<Tensor> out = new ArrayList<>();
        for (Shape s : net.parameterShapes()) {
            double[] v = new double[s.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(5) - 2;
            }
            out.add(Tensor.of(DType.F64, s, v));
        }
        return out;
    }

    @Test
    void quickSamenessImpliesOneIdentityAndTiesAreClassifiedAlike() {
        check(net(), 11);
    }

    /** Without padding every pair of first-layer patches is compared by shifted prefix counts ({@link InputPatchEquality}). */
    @Test
    void unpaddedPatchesAreComparedByShiftedCounts() {
        check(net(0), 12);
    }

    private static void check(Sequential net, long seed) {
        Random r = new Random(seed);
        int samePairs = 0;
        int ties = 0;
        for (int trial = 0; trial < 40; trial++) {
            double[] img = new double[2 * 100];
            for (int i = 0; i < img.length; i++) {
                img[i] = r.nextInt(6) == 0 ? r.nextInt(3) : 0;   // mostly blank, a few grey levels
            }
            Trace t = new Trace(KinkPolicy.mid(), DType.F64);
            Sequential.Pass pass = net.forward(t, params(net, r), Tensor.of(DType.F64, Shape.of(2, 1, 10, 10), img),
                    Layer.Mode.EVAL);
            PassValues values = new PassValues(net, pass);
            FunctionIdentity quick = new FunctionIdentity(net, values);
            FunctionIdentity reference = new FunctionIdentity(net, values);
            for (int m = -1; m < net.layers().size(); m++) {
                int n = net.shapeAfter(m).size();
                for (int s = 0; s < 2; s++) {
                    for (int a = 0; a < n; a++) {
                        for (int b = a + 1; b < n; b++) {
                            if (quick.sameIdentity(m, s, a, b)) {
                                samePairs++;
                                assertEquals(reference.of(m, s, a), reference.of(m, s, b),
                                        "layer " + m + ", sample " + s + ", elements " + a + " and " + b);
                            }
                        }
                    }
                }
            }
            int[] poolLayers = {2, 5};
            for (int m : poolLayers) {
                for (int s = 0; s < 2; s++) {
                    for (int e = 0; e < net.shapeAfter(m).size(); e++) {
                        int[] w = reference.window(m, e);
                        double best = Double.NEGATIVE_INFINITY;
                        for (int k : w) {
                            best = Math.max(best, values.get(m - 1, s, k));
                        }
                        List<Integer> tied = new ArrayList<>();
                        for (int k : w) {
                            if (values.get(m - 1, s, k) == best) {
                                tied.add(reference.of(m - 1, s, k));
                            }
                        }
                        ties += tied.size() > 1 ? 1 : 0;
                        boolean different = tied.stream().distinct().count() > 1;
                        FunctionIdentity fresh = new FunctionIdentity(net, values);   // nothing memoised: the quick path answers
                        assertEquals(different, fresh.isTieOfDifferentFunctions(m, s, e), "layer " + m + " window " + e);
                    }
                }
            }
        }
        assertTrue(samePairs > 1000, "blank patches give many pairs the quick test proves the same: " + samePairs);
        assertTrue(ties > 100, "the images tie many windows: " + ties);
    }

    /** A blank image: every interior patch of the first convolution reads nine zeros, so each is one identity. */
    @Test
    void blankPatchesAreTheSameWithoutBuildingIdentities() {
        Sequential net = net();
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Sequential.Pass pass = net.forward(t, params(net, new Random(3)), Tensor.of(DType.F64, Shape.of(1, 1, 10, 10),
                new double[100]), Layer.Mode.EVAL);
        FunctionIdentity ids = new FunctionIdentity(net, new PassValues(net, pass));
        // channel 0, rows 1..8, columns 1..8 of the 10×10 output: no padding in the patch
        assertTrue(ids.sameIdentity(0, 0, 1 * 10 + 1, 8 * 10 + 8));
        assertTrue(ids.sameIdentity(1, 0, 2 * 10 + 3, 7 * 10 + 5), "relu of equal identities on one piece");
        // a corner patch reads padding where an interior one reads a pixel: not proved the same
        assertEquals(false, ids.sameIdentity(0, 0, 0, 1 * 10 + 1));
        // different output channels are different functions of the weights
        assertEquals(false, ids.sameIdentity(0, 0, 1 * 10 + 1, 100 + 1 * 10 + 1));
    }
}
