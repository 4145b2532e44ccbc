package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import java.util.List;

/**
 * The verdict on reverse mode's gradient of a scalar program at a point, with the right answer.
 *
 * @param verdict     the verdict
 * @param inputs      the input labels, in the order of every vector here
 * @param ad          reverse mode's gradient under the trace's kink policy
 * @param derivative  the derivative when the function is differentiable there, else null
 * @param clarke      a certified Clarke subgradient: AD's value when it is one, else the
 *                    derivative or an LD-derivative; null when the verdict is UNKNOWN for a reason
 *                    that makes no element certain (not abs-smooth)
 * @param likq        whether LIKQ holds at the point
 * @param activeKinks |α|, the number of active kinks
 * @param realisable  the number of realisable sign patterns enumerated (−1 when not enumerated)
 * @param method      how the verdict was reached, in words
 * @param reason      for UNKNOWN, why; otherwise empty
 * @param form        the abs-normal form it was decided on (null when it was past the work budget)
 */
public record Certification(Verdict verdict, List<String> inputs, double[] ad, double[] derivative,
                            double[] clarke, boolean likq, int activeKinks, int realisable,
                            String method, String reason, AbsNormalForm form) {
}
