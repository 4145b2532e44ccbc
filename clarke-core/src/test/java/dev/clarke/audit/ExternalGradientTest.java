package dev.clarke.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules by which an external gradient is judged against a one-batch audit. */
class ExternalGradientTest {

    private static AuditResult audit(Verdict v, double... g) {
        return new AuditResult("m", 2, List.of(new AuditResult.Batch(0, 0, 2, 1.0, 0, 0, v, "why")), List.of(),
                Map.of("w", Tensor.of(DType.F64, Shape.of(g.length), g)), 1.0, "mid", "f32");
    }

    private static Map<String, Tensor> ext(double... g) {
        return Map.of("w", Tensor.of(DType.F64, Shape.of(g.length), g));
    }

    @Test
    void atADifferentiablePointOnlyTheDerivativeIsCorrect() {
        // 1e-5 of the largest entry (2) is 2e-5: 1.5e-5 off is rounding, 1e-3 off is wrong
        ExternalGradient same = ExternalGradient.judge(audit(Verdict.DIFFERENTIABLE_CORRECT, 2, 1), ext(2, 1.000015), DType.F32);
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, same.verdict());
        ExternalGradient wrong = ExternalGradient.judge(audit(Verdict.DIFFERENTIABLE_CORRECT, 2, 1), ext(2, 1.001), DType.F32);
        assertEquals(Verdict.DIFFERENTIABLE_INCORRECT, wrong.verdict());
        assertEquals(0.001, wrong.maxAbsDiff(), 1e-12);
        assertEquals("w[1]", wrong.worst());
        assertEquals(1.0, wrong.clarke());
        // in f64 the same 1.5e-5 is no longer rounding
        assertEquals(Verdict.DIFFERENTIABLE_INCORRECT,
                ExternalGradient.judge(audit(Verdict.DIFFERENTIABLE_CORRECT, 2, 1), ext(2, 1.000015), DType.F64).verdict());
    }

    @Test
    void atAKinkAgreeingInheritsTheCertificateAndDifferingIsUndecided() {
        assertEquals(Verdict.CLARKE, ExternalGradient.judge(audit(Verdict.CLARKE, 1, 0), ext(1, 0), DType.F32).verdict());
        assertEquals(Verdict.UNKNOWN, ExternalGradient.judge(audit(Verdict.NONDIFFERENTIABLE_CLARKE, 1, 0), ext(0, 0), DType.F32).verdict());
        assertEquals(Verdict.UNKNOWN, ExternalGradient.judge(audit(Verdict.UNKNOWN, 1, 0), ext(1, 0), DType.F32).verdict());
    }

    @Test
    void namesShapesAndValuesAreChecked() {
        AuditResult a = audit(Verdict.DIFFERENTIABLE_CORRECT, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExternalGradient.judge(a, Map.of("v", Tensor.of(DType.F64, Shape.of(2), 1, 2)), DType.F32));
        assertTrue(e.getMessage().contains("missing w") && e.getMessage().contains("not in the model v"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExternalGradient.judge(a, ext(1, 2, 3), DType.F32));
        assertThrows(IllegalArgumentException.class, () -> ExternalGradient.judge(a, ext(1, Double.NaN), DType.F32));
    }
}
