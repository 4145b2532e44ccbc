package dev.clarke.pap;

import java.util.List;
import java.util.Map;

/**
 * The checker's verdict on one gradient of a program at one input.
 *
 * @param intensional    whether the gradient is an intensional derivative there (no problems)
 * @param value          the program's value
 * @param branchValue    the frozen branch's value (must equal {@code value})
 * @param gradient       the gradient checked, variable → number
 * @param branchGradient the frozen branch's gradient, by forward mode over the branch
 * @param induced        the induced representation
 * @param problems       why it is not intensional, one line each (empty when it is or is undecided)
 * @param undecided      why the checker could neither find nor exclude derivatives at the kinks that
 *                       give the gradient (null when it decided)
 */
public record CheckResult(boolean intensional, double value, double branchValue, Map<String, Double> gradient,
                          Map<String, Double> branchGradient, InducedRepresentation induced, List<String> problems,
                          String undecided) {

    /** {@return "yes", "no" or "undecided"} */
    public String answer() {
        return intensional ? "yes" : undecided != null ? "undecided" : "no";
    }
}
