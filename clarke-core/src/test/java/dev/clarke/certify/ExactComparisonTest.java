package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The certificate check of {@code enumerate} compares exactly: for every piecewise-linear activation
 * family (leaky_relu with the slope 1/100 and hardsigmoid's 1/6, which have no double) and every
 * policy — including one outside [D⁻, D⁺] — the fast certificate agrees with the exact oracle at
 * every point of a small grid.
 */
class ExactComparisonTest {

    private static final Rational[][] X1 = {{Rational.ONE}};

    @Test
    void everyFamilyAndPolicyHasNoMismatch() {
        for (String act : Activation.piecewiseLinearNames()) {
            for (String pol : List.of("mid", "left", "right", "pytorch", act + "=7")) {
                Sequential net = Sequential.scalarMlp(new int[] {2}, Activation.parse(act, 0.01), true);
                // widths 2 with bias: 7 parameters; over -2..2 the pre-activations w·1 + b reach every
                // kink of the families at -3..3 (hardsigmoid, relu6 at 6 only through the second layer)
                Enumerator.Result r = new Enumerator(net, X1, ValueSet.parse("-3,-1,0,1,3"), List.of(KinkPolicy.parse(pol)),
                        true).run();
                assertEquals(r.total(), r.certified(), act + " " + pol);
                assertEquals(0, r.mismatches(), act + " under " + pol);
                assertEquals(0, r.undecided(), act + " under " + pol);
            }
        }
    }

    @Test
    void roundingIsToleratedButAWrongValueIsNot() {
        // 1/100 and 1/6 have no double: the nearest double is accepted, a value one part in 10⁹ off is not
        assertTrue(Enumerator.roundsTo(new double[] {0.01, 1.0 / 6}, new Rational[] {Rational.of(1, 100), Rational.of(1, 6)}));
        assertFalse(Enumerator.roundsTo(new double[] {0.01 + 1e-11}, new Rational[] {Rational.of(1, 100)}));
        assertFalse(Enumerator.roundsTo(new double[] {Double.NaN}, new Rational[] {Rational.ZERO}));
        assertFalse(Enumerator.roundsTo(new double[] {0.5}, new Rational[] {Rational.ONE}));
    }
}
