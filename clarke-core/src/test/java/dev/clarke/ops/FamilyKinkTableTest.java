package dev.clarke.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kink table of every one-input piecewise family against its own values: each declared D⁻ and
 * D⁺ must equal the one-sided difference quotient of the primitive's value function just left and
 * just right of the kink (values are not derivatives, so this is an independent check), the kink
 * points must be exactly where kinkAt reports hits, and slope() must be the policy's choice there.
 */
class FamilyKinkTableTest {

    private static final double H = 1e-7;

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of(Family.RELU, new double[0]),
                Arguments.of(Family.LEAKY_RELU, new double[] {0.01}),
                Arguments.of(Family.LEAKY_RELU, new double[] {0.3}),
                Arguments.of(Family.ABS, new double[0]),
                Arguments.of(Family.SIGN, new double[0]),
                Arguments.of(Family.CLAMP, new double[] {-2, 3}),
                Arguments.of(Family.CLAMP, new double[] {0, 1}),
                Arguments.of(Family.CLAMP_MIN, new double[] {-1}),
                Arguments.of(Family.CLAMP_MAX, new double[] {2}),
                Arguments.of(Family.HARDTANH, new double[0]),
                Arguments.of(Family.RELU6, new double[0]),
                Arguments.of(Family.HARDSIGMOID, new double[0]),
                Arguments.of(Family.HARDSWISH, new double[0]),
                Arguments.of(Family.SOFTSHRINK, new double[0]),
                Arguments.of(Family.SOFTSHRINK, new double[] {2}),
                Arguments.of(Family.HARDSHRINK, new double[] {0.25}),
                Arguments.of(Family.ELU, new double[] {2}),
                Arguments.of(Family.ELU, new double[] {0.5}),
                Arguments.of(Family.FLOOR, new double[0]),
                Arguments.of(Family.ROUND, new double[0]));
    }

    /** Slope of f over [a, b], b − a = H. */
    private static double quotient(Family f, double a, double b, double[] p) {
        return (UnaryPiecewise.apply(f, b, p) - UnaryPiecewise.apply(f, a, p)) / (b - a);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("families")
    void declaredOneSidedDerivativesMatchTheValueFunction(Family f, double[] p) {
        List<Kink> kinks = f.kinks(p);
        for (int i = 0; i < kinks.size(); i++) {
            Kink k = kinks.get(i);
            assertEquals(i, k.index(), "kinks are indexed in order");
            double x = k.point();
            // one-sided quotients on intervals that do not contain the kink (works for jumps too)
            double left = quotient(f, x - 2 * H, x - H, p);
            double right = quotient(f, x + H, x + 2 * H, p);
            assertEquals(k.dMinus(), left, 1e-6, f + " D⁻ at " + x);
            assertEquals(k.dPlus(), right, 1e-6, f + " D⁺ at " + x);
            if (i > 0) {
                assertEquals(true, k.point() > kinks.get(i - 1).point(), "ascending");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("families")
    void kinkPointsAreExactlyTheHitsAndSlopeThereIsThePolicysChoice(Family f, double[] p) {
        for (Kink k : f.kinks(p)) {
            double x = k.point();
            assertNotNull(UnaryPiecewise.kinkAt(f, x, p), f + " hit at " + x);
            assertNull(UnaryPiecewise.kinkAt(f, Math.nextUp(x), p), f + " no hit one ulp above " + x);
            assertNull(UnaryPiecewise.kinkAt(f, Math.nextDown(x), p), f + " no hit one ulp below " + x);
            for (double lambda : new double[] {0, 0.25, 0.5, 1}) {
                Tensor s = UnaryPiecewise.slope(f, Tensor.of(DType.F64, Shape.of(1), x), p, KinkPolicy.lambda(lambda));
                assertEquals(lambda * k.dMinus() + (1 - lambda) * k.dPlus(), s.get(0), 1e-15, f + " at " + x + " λ=" + lambda);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("families")
    void hitsReportedByValueAreExactlyTheKinkElements(Family f, double[] p) {
        Kink k = f.kinks(p).get(0);
        double[] xs = {k.point(), Math.nextUp(k.point()), k.point() + 0.37, k.point(), Math.nextDown(k.point())};
        int[] count = {0};
        int[] last = {-1};
        Tensor y = UnaryPiecewise.value(f, Tensor.of(DType.F64, Shape.of(xs.length), xs), p, (element, point) -> {
            count[0]++;
            assertEquals(true, element == 0 || element == 3, f + " hit at element " + element);
            assertEquals(true, element > last[0], "increasing element order");
            last[0] = element;
        });
        assertEquals(2, count[0], f + " hits");
        for (int i = 0; i < xs.length; i++) {
            assertEquals(UnaryPiecewise.apply(f, xs[i], p), y.get(i), f + " value " + i);
        }
    }
}
