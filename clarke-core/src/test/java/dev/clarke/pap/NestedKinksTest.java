package dev.clarke.pap;

import static dev.clarke.pap.PapTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * yes / no / undecided at nested kinks, each derived by hand. With θ₁ the derivative chosen at the
 * inner relu's kink and θ₂ at the outer one's (relu(0) = 0, so the outer relu is at its kink whatever
 * θ₁ is), reverse mode gives the chain-rule product.
 */
class NestedKinksTest {

    private static String answer(String src, Map<String, Double> x, Map<String, Double> g) {
        return IntensionalChecker.isIntensional(Program.parse(src), x, KinkPolicy.mid(), g).answer();
    }

    @ParameterizedTest(name = "{0} at x=0, y=0, gradient ({1}, {2}): {3}")
    @CsvSource(delimiter = ';', value = {
        // d/dx = θ₂θ₁ − θ₁ = θ₁(θ₂ − 1): 0.3 with θ₁ = 1, θ₂ = 1.3 (any value is reached)
        "relu(relu(x)) - relu(x) + y; 0.3; 1; yes",
        "relu(relu(x)) - relu(x) + y; -7; 1; yes",
        // d/dx = θ₂θ₁ = 5 with θ₁ = 1, θ₂ = 5
        "relu(relu(x)) + y; 5; 1; yes",
        // provably no: d/dy = 1 whatever the choices (y is on no kink's path), so (0.3, 2) is unreachable
        "relu(relu(x)) - relu(x) + y; 0.3; 2; no",
        // linear in θ: d/dx = θ + 2, d/dy = θ + 2 (one kink of x + y): (1, 2) needs θ = −1 and θ = 0 — no
        "relu(x + y) + 2 * x + 2 * y; 1; 2; no",
        // nested and unreachable: f depends on x + y only, so d/dx = d/dy = θ₁θ₂; (1, 2) is impossible, but
        // the bounded search proves nothing and the answer must be undecided, never no
        "relu(relu(x + y)); 1; 2; undecided",
    })
    void answers(String src, double gx, double gy, String expected) {
        assertEquals(expected, answer(src, at("x", 0.0, "y", 0.0), at("x", gx, "y", gy)));
    }
}
