package dev.clarke.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Cone;
import dev.clarke.certify.ExactOracle;
import dev.clarke.certify.Rational;
import dev.clarke.certify.Verdict;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SGD experiment's verdicts checked against mathematics: with bias and one sample, a policy in
 * [D⁻, D⁺] gives a Clarke subgradient at every step (Lee et al. Thm 3.6, Park et al. Thm 1), and
 * relu′(0) = 2 gives one outside ∂^C exactly at the steps where a kink with non-zero adjoint is hit.
 * Every step with a kink hit is re-decided by the exact oracle: AD's double gradient equals its exact
 * one (parameters on a dyadic grid, integer inputs), and it lies in the convex hull of the gradients of
 * the pieces around the point exactly when the certificate says Clarke.
 */
class SgdExperimentTest {

    private static final KinkPolicy OUTSIDE = KinkPolicy.parse("relu=2");

    @Test
    void verdictsMatchTheExactClarkeSubdifferential() {
        SgdExperiment e = new SgdExperiment(new SgdExperiment.Config(new int[] {6, 6}, 300, 0.05, 100, 4, 7, 50, false));
        List<KinkPolicy> policies = List.of(KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(), OUTSIDE);
        List<String> problems = new ArrayList<>();
        int[] checked = new int[1];
        List<SgdExperiment.Run> runs = e.run(policies, (policy, s) -> {
            if (s.certificate().hits().isEmpty()) {
                return;
            }
            checked[0]++;
            ExactOracle oracle = new ExactOracle(e.network(), new Rational[][] {{Rational.of(e.target(s.sample()))}});
            Rational[] w = exact(s.params());
            Rational[][] x = {exact(e.input(s.sample()))};
            Rational[] ad = oracle.adGradient(w, x, policy);
            if (!Arrays.equals(ad, exact(s.gradient()))) {
                problems.add("step " + s.step() + ": AD's double gradient is not the exact one");
            }
            ExactOracle.Decision d = oracle.decide(w, x);
            boolean clarke = d.differentiable() ? Arrays.equals(ad, d.gradient()) : Cone.inHull(ad, oracle.pieceGradients(w, x));
            Verdict v = s.certificate().verdict();
            boolean saysClarke = v == Verdict.DIFFERENTIABLE_CORRECT || v == Verdict.NONDIFFERENTIABLE_CLARKE;
            if (saysClarke != clarke || (v == Verdict.DIFFERENTIABLE_CORRECT) != d.differentiable()) {
                problems.add("step " + s.step() + " under " + policy.name() + ": " + v + " but the oracle says differentiable "
                        + d.differentiable() + ", in the Clarke subdifferential " + clarke);
            }
        }, (p, done) -> { });
        assertEquals(List.of(), problems);
        assertTrue(checked[0] > 0);
        for (SgdExperiment.Run r : runs.subList(0, 3)) {
            assertEquals(0, r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, 0L), r.policy().name());
            assertEquals(0, r.verdicts().getOrDefault(Verdict.UNKNOWN, 0L), r.policy().name());
            assertEquals(r.liveKinkSteps(), r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L));
        }
        SgdExperiment.Run outside = runs.get(3);
        assertTrue(outside.liveKinkSteps() > 0, "the data must hit kinks with non-zero adjoint");
        assertEquals(outside.liveKinkSteps(), outside.verdicts().get(Verdict.NONDIFFERENTIABLE_NOT_CLARKE));
        assertEquals(300, outside.perStep().size());
    }

    private static Rational[] exact(double[] v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }

    /**
     * With the correction, relu′(0) = 2 follows the D⁻ run step for step: where AD's value is not
     * Clarke the certificate supplies AD's value under D⁻, and where every kink has adjoint 0 the
     * derivative there does not matter; same random stream, so the same trajectory and losses.
     */
    @Test
    void correctedOutsidePolicyFollowsDMinus() {
        SgdExperiment e = new SgdExperiment(new SgdExperiment.Config(new int[] {6, 6}, 300, 0.05, 100, 4, 7, 50, true));
        List<SgdExperiment.Run> runs = e.run(List.of(KinkPolicy.left(), OUTSIDE), (p, s) -> { }, (p, d) -> { });
        assertTrue(runs.get(1).liveKinkSteps() > 0);
        assertArrayEquals(runs.get(0).loss(), runs.get(1).loss());
        assertEquals(runs.get(0).liveKinkSteps(), runs.get(1).verdicts().get(Verdict.NONDIFFERENTIABLE_NOT_CLARKE));
    }
}
