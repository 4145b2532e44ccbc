package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Activations' kink tables, the parameter layout and a forward pass, against hand computation. */
class NetworkTest {

    @Test
    void kinkTables() {
        assertEquals(List.of(new Kink(0, 0, 0, 1)), Activation.relu().kinks());
        assertEquals(List.of(new Kink(0, 0, 0.2, 1)), Activation.leakyRelu(0.2).kinks());
        assertEquals(List.of(new Kink(0, 0, 0, 1), new Kink(1, 6, 1, 0)), Activation.relu6().kinks());
        assertEquals(List.of(new Kink(0, -1, 0, 1), new Kink(1, 1, 1, 0)), Activation.hardtanh().kinks());
        assertEquals(List.of(new Kink(0, -3, 0, 1.0 / 6), new Kink(1, 3, 1.0 / 6, 0)), Activation.hardsigmoid().kinks());
        assertEquals(List.of(new Kink(0, -3, 0, -0.5), new Kink(1, 3, 1.5, 1)), Activation.hardswish().kinks());
        assertEquals(List.of(new Kink(0, 0, -1, 1)), Activation.abs().kinks());
        assertEquals(6, Activation.relu6().apply(7.0));
        assertEquals(0.5, Activation.hardsigmoid().apply(0.0));
        assertEquals(-1.0 / 3, Activation.hardswish().apply(-1.0), 1e-15);
        assertNull(Activation.relu().kinkAt(0.5));
        assertEquals(1, Activation.hardtanh().kinkAt(1.0).index());
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("tanh", 0.01));
    }

    /** Layout: W1 [2, 3] (6), b1 (3), W2 [3, 1] (3), no b2. */
    @Test
    void parameterLayout() {
        Sequential net = Sequential.of(Dense.of(2, 3, Activation.relu()), Dense.linearNoBias(3, 1));
        assertEquals(12, net.parameterCount());
        Parameters p = new Parameters(net, new double[12]);
        assertEquals(0 * 3 + 2, p.weightIndex(0, 0, 2));
        assertEquals(1 * 3 + 0, p.weightIndex(0, 1, 0));
        assertEquals(6 + 1, p.biasIndex(0, 1));
        assertEquals(-1, p.biasIndex(1, 0));
        assertEquals(9 + 2, p.weightIndex(1, 2, 0));
        assertEquals("W1[1,2]", p.name(5));
        assertEquals("b1[0]", p.name(6));
        assertEquals("W2[2,0]", p.name(11));
        assertEquals(3, net.kinkCount());
        assertThrows(IllegalArgumentException.class, () -> new Parameters(net, new double[11]));
        assertThrows(IllegalArgumentException.class, () -> Sequential.of(Dense.of(2, 3, null), Dense.of(2, 1, null)));
    }

    /**
     * x = (1, 2), W1 = [[1, −1], [0, 1]] (rows = inputs), b1 = (0, −1): y = (1, 0), relu → (1, 0);
     * head v = (3, 5): f = 3. The neuron 1 sits on relu's kink.
     */
    @Test
    void forwardPassAndHits() {
        Sequential net = Sequential.of(Dense.of(2, 2, Activation.relu()), Dense.linearNoBias(2, 1));
        Parameters p = new Parameters(net, new double[] {1, -1, 0, 1, 0, -1, 3, 5});
        Trace t = new Trace(KinkPolicy.left(), DType.F64);
        DensePass pass = net.forward(t, p, Tensor.of(DType.F64, Shape.of(1, 2), 1, 2));
        Var f = Loss.sum().apply(pass.output());
        assertEquals(3.0, f.item());
        assertEquals(1, t.kinks().size());
        assertEquals(pass.activationNodes()[0], t.kinks().get(0).node());
        assertEquals(1, t.kinks().get(0).element());
        // gradient under left (relu'(0) = 0): dW1[j,0] = 3·x_j, db1 = (3, 0), dv = z = (1, 0)
        var g = t.grad(f, pass.leaves());
        assertArrayEquals(new double[] {3, 0, 6, 0, 3, 0, 1, 0},
                Parameters.flatten(List.of(g.of(pass.leaves()[0]), g.of(pass.leaves()[1]), g.of(pass.leaves()[2]))));
    }

    /** MSE: (v·relu(W + b) − t)² at (1, 1, 3), t = 1 is 25; cross-entropy of equal logits is ln 2. */
    @Test
    void losses() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        Trace t = new Trace();
        DensePass pass = net.forward(t, new Parameters(net, new double[] {1, 1, 3}),
                Tensor.of(DType.F64, Shape.of(1, 1), 1));
        assertEquals(25.0, Loss.mse(Tensor.of(DType.F64, Shape.of(1, 1), 1)).apply(pass.output()).item());
        Trace t2 = new Trace();
        Var logits = t2.input(Tensor.of(DType.F64, Shape.of(1, 2), 0.5, 0.5));
        assertEquals(Math.log(2), Loss.crossEntropy(1).apply(logits).item(), 1e-15);
    }
}
