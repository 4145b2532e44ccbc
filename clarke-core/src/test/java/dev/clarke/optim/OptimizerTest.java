package dev.clarke.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SGD and Adam steps against the update rules worked by hand. */
class OptimizerTest {

    private static List<Tensor> one(double v) {
        return List.of(Tensor.of(DType.F64, Shape.of(1), v));
    }

    /**
     * p₀ = 1, lr 0.1, μ 0.9, wd 0.01, g = 0.5 twice:
     * step 1: g' = 0.51, b = 0.51, p = 0.949;
     * step 2: g' = 0.5 + 0.00949 = 0.50949, b = 0.459 + 0.50949 = 0.96849, p = 0.949 − 0.096849 = 0.852151.
     */
    @Test
    void sgdWithMomentumAndWeightDecay() {
        Sgd s = new Sgd(one(1), 0.1, 0.9, 0.01, false);
        s.step(one(0.5));
        assertEquals(0.949, s.master(0)[0], 1e-15);
        s.step(one(0.5));
        assertEquals(0.852151, s.master(0)[0], 1e-15);
        assertEquals(2, s.steps());
    }

    /** Nesterov: d = g + μ·b. p₀ = 0, lr 1, μ 0.5, g = 1: b = 1, d = 1.5, p = −1.5; g = 1: b = 1.5, d = 1.75, p = −3.25. */
    @Test
    void sgdNesterov() {
        Sgd s = new Sgd(one(0), 1, 0.5, 0, true);
        s.step(one(1));
        assertEquals(-1.5, s.master(0)[0], 1e-15);
        s.step(one(1));
        assertEquals(-3.25, s.master(0)[0], 1e-15);
    }

    /** Without momentum: p ← p − lr·g. */
    @Test
    void plainSgd() {
        Sgd s = Sgd.of(one(2), 0.25, 0);
        s.step(one(4));
        assertEquals(1, s.master(0)[0], 0);
    }

    /**
     * Adam, lr 0.1, β (0.9, 0.999), ε 1e−8, p₀ = 1.
     * Step 1, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, p = 1 − 0.1·0.5/(0.5 + 1e−8).
     * Step 2, g = −0.25: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
     * m̂ = 0.02/0.19, v̂ = 0.00031225/0.001999.
     */
    @Test
    void adamFirstSteps() {
        Adam a = Adam.of(one(1), 0.1);
        a.step(one(0.5));
        double p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        assertEquals(p1, a.master(0)[0], 1e-14);
        a.step(one(-0.25));
        double p2 = p1 - 0.1 * (0.02 / 0.19) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8);
        assertEquals(p2, a.master(0)[0], 1e-10);
    }

    /** Adam's first step moves every coordinate by lr·sign(g), whatever |g| (up to ε). */
    @Test
    void adamFirstStepIsScaleFree() {
        Adam a = Adam.of(List.of(Tensor.of(DType.F64, Shape.of(3), 0, 0, 0)), 0.01);
        a.step(List.of(Tensor.of(DType.F64, Shape.of(3), 1e-3, -50, 7)));
        assertEquals(-0.01, a.master(0)[0], 1e-7);
        assertEquals(0.01, a.master(0)[1], 1e-10);
        assertEquals(-0.01, a.master(0)[2], 1e-10);
    }

    @Test
    void parametersAreRoundedToTheDtypeButMastersAreNot() {
        Sgd s = Sgd.of(one(1), 1e-10, 0);
        s.step(one(1));
        assertEquals(1 - 1e-10, s.master(0)[0], 0);
        assertEquals(1.0, s.parameters(DType.F32).get(0).get(0), 0);
    }

    @Test
    void rejectsMismatches() {
        Sgd s = Sgd.of(one(1), 0.1, 0);
        assertThrows(IllegalArgumentException.class, () -> s.step(List.of()));
        assertThrows(IllegalArgumentException.class, () -> s.step(List.of(Tensor.of(DType.F64, Shape.of(2), 1, 2))));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(one(1), -1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(one(1), 0.1, 1, 0.999, 1e-8, 0));
    }
}
