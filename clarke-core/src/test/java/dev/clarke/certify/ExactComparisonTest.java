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

    /**
     * softshrink with λ = 0: both kinks at 0, D⁻ = D⁺ = 1, but the pytorch preset takes the zero-width
     * piece's slope 0 there (measured: PyTorch 1.13 gives 0). The exact oracle's AD value must be
     * that 0 too, or AD and the oracle would disagree at every neuron sitting on 0.
     */
    @Test
    void degenerateSoftshrinkUnderPytorch() {
        Sequential net = Sequential.scalarMlp(new int[] {2}, Activation.softshrink(0), true);
        Enumerator.Result r = new Enumerator(net, X1, ValueSet.parse("-1,0,1"), List.of(KinkPolicy.mid(), KinkPolicy.pytorch()),
                false).run();
        // softshrink(y, 0) = y is linear, so f is differentiable everywhere; pytorch's 0 at y = 0 is wrong
        // wherever some neuron sits on 0 with a non-zero output weight, mid's 1 is always right
        assertEquals(0, r.ndf());
        assertEquals(0, r.inc(0));
        assertTrue(r.inc(1) > 0);
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
