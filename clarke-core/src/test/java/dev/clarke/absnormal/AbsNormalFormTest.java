package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The form's structure, what it reproduces, and the accuracy of its piecewise-linear model. */
class AbsNormalFormTest {

    /** relu(x − y) + |x| at (1, 1): hand-derived matrices. z₁ = x − y, z₂ = x; y = ½z₁ + ½|z₁| + |z₂|. */
    @Test
    void matricesOfASmallProgram() {
        AbsNormalForm f = Fixtures.form("relu(x - y) + abs(x)", "x=1,y=1", KinkPolicy.mid());
        assertEquals(2, f.s());
        assertArrayEquals(new double[] {1, -1}, f.Z()[0]);
        assertArrayEquals(new double[] {1, 0}, f.Z()[1]);
        assertArrayEquals(new double[] {0, 0}, f.L()[0]);
        assertArrayEquals(new double[] {0, 0}, f.L()[1]);
        assertArrayEquals(new double[] {0.5, -0.5}, f.J()[0]);
        assertArrayEquals(new double[] {0.5, 1}, f.Y()[0]);
        assertArrayEquals(new double[] {0, 1}, f.z());
        assertArrayEquals(new double[] {0, 1}, f.cz(), "cz = z̊ − L|z̊| = z̊ here");
        assertArrayEquals(new double[] {0}, f.cy(), "cy = ẙ − Y|z̊| = 1 − 1");
        assertTrue(f.absLinear());
        assertEquals(1, f.active().length);
    }

    private static final String[] PROGRAMS = {
        "sin(x) * relu(y - x^2) + max(exp(x), y)",
        "abs(abs(x) - abs(y)) * cos(y) + hardswish(3*x)",
        "max([x, y, x*y, 0]) + min(x, -y) + clamp(x + y, -1, 1)",
        "leaky_relu(x - y, 0.1) * tanh(x) + hardsigmoid(6*y) + relu6(x + 6)",
    };

    /** L is strictly lower triangular, and at Δx = 0 the form reproduces z̊ and f(x̊). */
    @Test
    void strictlyLowerTriangularAndReproducesThePoint() {
        for (String src : PROGRAMS) {
            for (String at : new String[] {"x=0,y=0", "x=1,y=1", "x=-0.5,y=0.25", "x=0,y=-3"}) {
                AbsNormalForm f = Fixtures.form(src, at, KinkPolicy.mid());
                for (int i = 0; i < f.s(); i++) {
                    for (int j = i; j < f.s(); j++) {
                        assertEquals(0.0, f.L()[i][j], src);
                    }
                }
                double[] zero = new double[f.n()];
                assertArrayEquals(f.z(), f.switchingAt(zero), 1e-14, src);
                double direct = Fixtures.value(Program.parse(src), Fixtures.at(at));
                assertEquals(direct, f.evaluate(zero)[0], 1e-14, src + " at " + at);
            }
        }
    }

    /** |f(x̊ + Δx) − PL(Δx)| = O(‖Δx‖²): shrinking Δx tenfold shrinks the error about a hundredfold. */
    @Test
    void modelErrorIsQuadratic() {
        Random random = new Random(7);
        for (String src : PROGRAMS) {
            Program p = Program.parse(src);
            for (String at : new String[] {"x=0,y=0", "x=1,y=1", "x=0,y=-3"}) {
                AbsNormalForm f = Fixtures.form(src, at, KinkPolicy.mid());
                assertFalse(f.absLinear(), src);
                for (int trial = 0; trial < 5; trial++) {
                    double[] d = {random.nextGaussian(), random.nextGaussian()};
                    double e1 = error(p, f, at, d, 1e-2);
                    double e2 = error(p, f, at, d, 1e-3);
                    assertTrue(e1 <= 50 * 1e-4, src + " at " + at + ": error " + e1 + " at h = 1e-2");
                    assertTrue(e2 <= 50 * 1e-6, src + " at " + at + ": error " + e2 + " at h = 1e-3");
                }
            }
        }
    }

    private static double error(Program p, AbsNormalForm f, String at, double[] d, double h) {
        Map<String, Double> base = Fixtures.at(at);
        Map<String, Double> moved = new LinkedHashMap<>();
        double[] dx = new double[d.length];
        int i = 0;
        for (String name : p.variables()) {
            dx[i] = h * d[i];
            moved.put(name, base.get(name) + dx[i]);
            i++;
        }
        return Math.abs(Fixtures.value(p, moved) - f.evaluate(dx)[0]);
    }

    /**
     * Every lowering identity, on abs-linear programs: the form is the program itself, so it agrees
     * with the program at far-away points too (up to rounding), from points on and off the kinks.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "relu(x) + relu(y - x); x=0,y=0",
        "leaky_relu(x, 0.2) - 3*leaky_relu(y, 0.01); x=0,y=1",
        "abs(x - 2*y); x=2,y=1",
        "max(x, y) - 2*min(x, 0.5*y); x=1,y=1",
        "clamp(x, -1, 2) + clamp(y, 0, 0.5); x=2,y=0",
        "hardtanh(x + y) + relu6(3*x); x=1,y=0",
        "hardsigmoid(x) - hardsigmoid(-2*y); x=-3,y=1.5",
        "max([x, y, 0]) + min([x, y, 1, x - y]); x=0,y=0",
        "max(max(x, y), 0) - relu(relu(x) - y); x=0,y=0",
    })
    void loweringsAreExactOnAbsLinearPrograms(String src, String at) {
        Program p = Program.parse(src);
        AbsNormalForm f = Fixtures.form(src, at, KinkPolicy.mid());
        assertTrue(f.absLinear(), src);
        Random random = new Random(3);
        Map<String, Double> base = Fixtures.at(at);
        for (int trial = 0; trial < 200; trial++) {
            double scale = trial < 100 ? 0.01 : 5;
            double[] dx = {scale * random.nextGaussian(), scale * random.nextGaussian()};
            Map<String, Double> moved = new LinkedHashMap<>();
            int i = 0;
            for (String name : p.variables()) {
                moved.put(name, base.get(name) + dx[i++]);
            }
            assertEquals(Fixtures.value(p, moved), f.evaluate(dx)[0], 1e-12, src + " at Δx " + dx[0] + ", " + dx[1]);
        }
    }

    /** Kink hits of the trace are exactly the active switching variables; −0.0 is a hit. */
    @Test
    void activeKinksAreTheTraceHitsIncludingNegativeZero() {
        AbsNormalForm f = Fixtures.form("relu(x) + abs(y) + clamp(x, 0, 1)", "x=-0.0,y=2", KinkPolicy.mid());
        assertArrayEquals(new int[] {0, 2}, f.active());
        assertEquals("relu", f.switching().get(0).op());
        assertEquals("x - 0", f.switching().get(2).formula());
    }
}
