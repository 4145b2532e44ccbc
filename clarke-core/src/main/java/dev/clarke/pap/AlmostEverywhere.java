package dev.clarke.pap;

import dev.clarke.ad.DomainException;
import dev.clarke.lang.GradientReport;
import dev.clarke.lang.DeepStack;
import dev.clarke.lang.Program;
import dev.clarke.lang.Recording;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The almost-everywhere check: at random inputs (which lie in piece interiors with probability 1),
 * AD's gradient must match central differences of the actual program — the paper's theorem that
 * intensional derivatives equal the true derivative almost everywhere, tested.
 */
public final class AlmostEverywhere {

    /**
     * The outcome.
     *
     * @param samples    inputs drawn
     * @param checked    inputs where both AD and the differences were defined
     * @param mismatches descriptions of the inputs where they disagreed
     */
    public record Report(int samples, int checked, List<String> mismatches) {

        /** {@return whether every checked input agreed (no mismatches)} */
        public boolean passed() {
            return mismatches.isEmpty() && checked > 0;
        }
    }

    private AlmostEverywhere() {
    }

    /**
     * Draws {@code samples} inputs uniformly from [lo, hi] in every variable, with {@code seed}.
     *
     * @param program the program, whose inputs are its free variables
     * @param policy the kink policy of the traces AD records
     * @param samples the number of inputs drawn, ≥ 1
     * @param seed the random seed, so a run can be repeated
     * @param lo the lower end of the interval for every variable
     * @param hi the upper end, &gt; {@code lo}
     * @return how many inputs were checked and a description of each disagreement
     */
    public static Report check(Program program, KinkPolicy policy, int samples, long seed, double lo, double hi) {
        return DeepStack.run(program, () -> sample(program, policy, samples, seed, lo, hi));
    }

    private static Report sample(Program program, KinkPolicy policy, int samples, long seed, double lo, double hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (int s = 0; s < samples; s++) {
            Map<String, Double> at = new LinkedHashMap<>();
            for (String v : program.variables()) {
                at.put(v, lo + (hi - lo) * rnd.nextDouble());
            }
            GradientReport r;
            try {
                r = GradientReport.compute(program, at, policy, DType.F64, 1);
            } catch (DomainException e) {
                continue;
            }
            boolean ok = true;
            StringBuilder why = new StringBuilder();
            for (String v : program.variables()) {
                double x = at.get(v);
                double h = 1e-6 * (1 + Math.abs(x));
                Double up = value(program, at, v, x + h, policy);
                Double down = value(program, at, v, x - h, policy);
                if (up == null || down == null) {
                    ok = false;
                    why.setLength(0);
                    break;
                }
                double fd = (up - down) / (2 * h);
                double ad = r.gradient().get(v);
                if (!(Math.abs(ad - fd) <= 1e-4 * (1 + Math.abs(fd)))) {
                    why.append(" d/d").append(v).append(": AD ").append(ad).append(", differences ").append(fd);
                }
            }
            if (!ok) {
                continue;
            }
            checked++;
            if (why.length() > 0) {
                mismatches.add("at " + at + ":" + why);
            }
        }
        return new Report(samples, checked, List.copyOf(mismatches));
    }

    private static Double value(Program program, Map<String, Double> at, String var, double x, KinkPolicy policy) {
        Map<String, Double> moved = new LinkedHashMap<>(at);
        moved.put(var, x);
        try {
            double v = Recording.of(program, moved, policy, DType.F64).output().item();
            return Double.isFinite(v) ? v : null;
        } catch (DomainException e) {
            return null;
        }
    }
}
