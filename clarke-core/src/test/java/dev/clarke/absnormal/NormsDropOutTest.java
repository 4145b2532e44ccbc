package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * Norms at 0 that drop out beside nested kinks: with weight 0, or cancelling with affine arguments,
 * only relu(relu(x) + y) remains. Its cells: x &gt; 0, x + y &gt; 0 gives x + y (gradient (1, 1));
 * x &lt; 0, y &gt; 0 gives y ((0, 1)); elsewhere 0. So ∂f(0) is the triangle conv{(0, 0), (1, 1), (0, 1)}
 * = {0 ≤ a₁ ≤ a₂ ≤ 1}, and AD under relu′(0) = s is s·(s·(1, 0) + (0, 1)) = (s², s).
 */
class NormsDropOutTest {

    private static Certification certify(String program, double s) {
        return Certifier.certify(Program.parse(program), Fixtures.at("x=0,y=0"), KinkPolicy.parse("relu=" + s), DType.F64);
    }

    @Test
    void aZeroWeightNormOrTwoCancellingOnesLeaveTheKinks() {
        for (String f : new String[] {"relu(relu(x) + y) + 0*sqrt(x*x + y*y)",
            "relu(relu(x) + y) + sqrt(x*x + y*y) - sqrt(y*y + x*x)"}) {
            Certification in = certify(f, 0.5);   // (0.25, 0.5): 0 ≤ 0.25 ≤ 0.5 ≤ 1
            assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, in.verdict(), f + ": " + in.method() + " | " + in.reason());
            assertTrue(in.method().contains("norms drop out"), in.method());
            assertArrayEquals(new double[] {0.25, 0.5}, in.ad(), 0);
            Certification out = certify(f, 1.5);  // (2.25, 1.5): a₁ > a₂
            assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, out.verdict(), f + ": " + out.method() + " | " + out.reason());
            assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, certify(f, -0.5).verdict(), f);   // (0.25, −0.5)
        }
    }
}
