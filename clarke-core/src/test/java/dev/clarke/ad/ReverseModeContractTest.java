package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of Trace.grad / vjp / gradVars at their edges: what may be asked and what comes back. */
class ReverseModeContractTest {

    private static Tensor vec(double... v) {
        return Tensor.of(DType.F64, Shape.of(v.length), v);
    }

    @Test
    void gradWithRespectToAnIntermediateValue() {
        // y = h², h = 2x, x = 1.5: dy/dh = 2h = 6, dy/dx = 2h·2 = 12.
        Trace viaGradVars = new Trace();
        Var x1 = viaGradVars.input(1.5);
        Var h1 = x1.mul(2);
        List<Var> g1 = viaGradVars.gradVars(h1.mul(h1), List.of(x1, h1));
        assertEquals(12.0, g1.get(0).item());
        assertEquals(6.0, g1.get(1).item());

        Trace viaGrad = new Trace();
        Var x = viaGrad.input(1.5);
        Var h = x.mul(2);
        Gradients g = viaGrad.grad(h.mul(h), x, h);
        assertEquals(12.0, g.of(x).item());
        // BUG (Reverse.run): with createGraph == false the cotangent of every node is dropped
        // (ct[i] = null) before the results are read, so grad silently returns 0 for a non-leaf.
        assertEquals(6.0, g.of(h).item(), "dy/dh for an intermediate h must be 2h = 6, as gradVars gives");
    }

    @Test
    void vjpRejectsOrRespectsACotangentOfTheWrongShape() {
        // y = 2x with x of shape [3]; a cotangent of shape [2, 3] is not a cotangent of y.
        Trace t = new Trace();
        Var x = t.input(vec(1, 2, 3));
        Var y = x.mul(2);
        Tensor badCotangent = Tensor.full(Shape.of(2, 3), DType.F64, 1);
        Shape gradShape;
        try {
            gradShape = t.vjp(y, badCotangent, List.of(x), Backward.RELEASE).of(x).shape();
        } catch (IllegalArgumentException expected) {
            return; // rejected: fine
        }
        // BUG (Trace.vjp): the cotangent's shape is not checked against y's; the "gradient" of x
        // then comes back with shape [2, 3] instead of x's [3].
        assertEquals(x.shape(), gradShape, "a gradient must have its variable's shape");
    }

    @Test
    void vjpWithAMatchingCotangentIsTheWeightedGradient() {
        // y = x ⊙ x, cotangent c: cᵀ ∂y/∂x = 2 x ⊙ c
        Trace t = new Trace();
        Var x = t.input(vec(1, -2, 3));
        Tensor g = t.vjp(x.mul(x), vec(0.5, 4, -1), List.of(x), Backward.RELEASE).of(x);
        assertEquals(1.0, g.get(0));
        assertEquals(-16.0, g.get(1));
        assertEquals(-6.0, g.get(2));
    }

    @Test
    void gradOfANonScalarIsRejected() {
        Trace t = new Trace();
        Var x = t.input(vec(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.grad(x.mul(x), x));
        assertEquals(true, e.getMessage().contains("scalar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.gradVars(x.mul(x), List.of(x)));
    }

    @Test
    void unusedInputsAndConstantsGetZeroGradients() {
        Trace t = new Trace();
        Var x = t.input(vec(1, 2));
        Var unused = t.input(vec(5, 6, 7));
        Gradients g = t.grad(x.sum().mul(3), x, unused);
        assertEquals(3.0, g.of(x).get(1));
        assertEquals(Shape.of(3), g.of(unused).shape());
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, g.of(unused).get(i));
        }
        Trace c = new Trace();
        Var z = c.input(1.0);
        assertEquals(0.0, c.grad(c.constant(4.0), z).of(z).item(), "a constant output");
        Trace d = new Trace();
        Var w = d.input(2.0);
        assertEquals(0.0, d.grad(w.detach().mul(w.detach()), w).of(w).item(), "detach stops the derivative");
    }

    @Test
    void variablesOfAnotherTraceAreRejected() {
        Trace a = new Trace();
        Trace b = new Trace();
        Var xa = a.input(1.0);
        Var xb = b.input(1.0);
        assertThrows(IllegalArgumentException.class, () -> xa.add(xb));
        assertThrows(IllegalArgumentException.class, () -> a.grad(xa.mul(xa), xb));
    }

    @Test
    void gradientsAccumulateOverEveryUse() {
        // y = x·x + sin(x)·x + 3x at 0.7: 2x + cos(x)x + sin(x) + 3
        Trace t = new Trace();
        Var x = t.input(0.7);
        double g = t.grad(x.mul(x).add(x.sin().mul(x)).add(x.mul(3)), x).of(x).item();
        assertEquals(2 * 0.7 + Math.cos(0.7) * 0.7 + Math.sin(0.7) + 3, g, 1e-15);
    }
}
