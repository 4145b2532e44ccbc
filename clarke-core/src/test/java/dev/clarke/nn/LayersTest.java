package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Initialisation statistics, dropout, and the network's layer bookkeeping. */
class LayersTest {

    private static double[] meanVar(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m += t.get(i);
        }
        m /= t.size();
        double v = 0;
        for (int i = 0; i < t.size(); i++) {
            v += (t.get(i) - m) * (t.get(i) - m);
        }
        return new double[] {m, v / t.size()};
    }

    /** He: variance 2/fan_in; Xavier uniform: variance (2a)²/12 = a²/3 = 2/(fan_in + fan_out). 100,000 samples: within 5 %. */
    @Test
    void heAndXavierVariances() {
        Tensor he = Init.HE.sample(Shape.of(500, 200), 500, 200, DType.F64, new SplittableRandom(1));
        double[] mv = meanVar(he);
        assertEquals(0, mv[0], 0.002);
        assertEquals(2.0 / 500, mv[1], 0.05 * 2.0 / 500);
        Tensor xa = Init.XAVIER.sample(Shape.of(500, 200), 500, 200, DType.F64, new SplittableRandom(2));
        mv = meanVar(xa);
        assertEquals(2.0 / 700, mv[1], 0.05 * 2.0 / 700);
        double a = Math.sqrt(6.0 / 700);
        for (int i = 0; i < xa.size(); i++) {
            assertTrue(Math.abs(xa.get(i)) <= a);
        }
    }

    /** PyTorch's default: U(−1/√fan_in, 1/√fan_in), variance (2/√fan_in)²/12 = 1/(3·fan_in); bounded, and both ends reached. */
    @Test
    void torchDefaultIsUniformInOneOverRootFanIn() {
        Tensor w = Init.TORCH.sample(Shape.of(400, 250), 400, 250, DType.F64, new SplittableRandom(3));
        double[] mv = meanVar(w);
        assertEquals(1.0 / 1200, mv[1], 0.05 / 1200);
        double max = 0;
        for (int i = 0; i < w.size(); i++) {
            assertTrue(Math.abs(w.get(i)) <= 0.05);
            max = Math.max(max, Math.abs(w.get(i)));
        }
        assertTrue(max > 0.0499, "the bound 1/√400 = 0.05 is nearly reached in 100,000 draws");
        assertEquals(Init.TORCH, Init.parse("PyTorch"));
    }

    @Test
    void initialisationIsSeeded() {
        Sequential n = Sequential.mlp(new int[] {4, 3, 2}, Activation.relu(), Init.HE);
        List<Tensor> a = n.initialParameters(DType.F64, 9);
        List<Tensor> b = n.initialParameters(DType.F64, 9);
        List<Tensor> c = n.initialParameters(DType.F64, 10);
        assertEquals(a.get(0).toString(), b.get(0).toString());
        assertFalse(a.get(0).toString().equals(c.get(0).toString()));
        assertEquals(0, a.get(1).get(0), 0);   // zero bias
    }

    /** Kept elements are scaled by 1/(1 − p); the kept fraction is near 1 − p; evaluation is the identity. */
    @Test
    void dropout() {
        Trace t = new Trace();
        Var x = t.input(Tensor.ones(Shape.of(100, 100), DType.F64));
        Dropout d = new Dropout(0.25);
        Tensor y = d.forward(x, List.of(), new Layer.Mode(true, 3)).value();
        int kept = 0;
        for (int i = 0; i < y.size(); i++) {
            double v = y.get(i);
            assertTrue(v == 0 || v == 1 / 0.75);
            kept += v == 0 ? 0 : 1;
        }
        assertEquals(7500, kept, 300);
        assertEquals(x, d.forward(x, List.of(), Layer.Mode.EVAL));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1));
    }

    /** Every node of the pass belongs to the layer that made it; a 2-3-2 ReLU MLP is a Sequential. */
    @Test
    void networkAttributesNodesToLayers() {
        Sequential n = Sequential.mlp(new int[] {2, 3, 2}, Activation.relu(), Init.XAVIER);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), n.parameterNames());
        assertEquals(2 * 3 + 3 + 3 * 2 + 2, n.parameterCount());
        Trace t = new Trace();
        Sequential.Pass p = n.forward(t, n.initialParameters(DType.F64, 1), Tensor.zeros(Shape.of(5, 2), DType.F64), Layer.Mode.EVAL);
        assertEquals(Shape.of(5, 2), p.output().shape());
        assertEquals(1, p.layerOf(p.layerOutputs().get(1).nodeId()));
        assertEquals(-1, p.layerOf(0));     // a leaf
        // zero inputs, zero biases: every pre-activation of the ReLU is exactly 0, 5 samples x 3 neurons
        assertEquals(15, t.kinks().size());
        for (int i = 0; i < 15; i++) {
            assertEquals(1, p.layerOf(t.kinks().get(i).node()));
        }
        assertTrue(n.isDense());
        assertEquals(2, n.depth());
        assertEquals(p.layerOutputs().get(1).nodeId(), n.densePass(p).activationNodes()[0]);
        assertFalse(new Sequential(Shape.of(4), List.of(new Dropout(0.1), new Linear(4, 2, Init.HE))).isDense());
        assertThrows(IllegalArgumentException.class, () -> new Sequential(Shape.of(4), List.of(new Linear(3, 2, Init.HE))));
    }
}
