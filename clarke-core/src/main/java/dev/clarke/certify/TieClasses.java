package dev.clarke.certify;

import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The maximal elements of one max-pool window grouped by {@link FunctionIdentity}, in window order,
 * and the weight AD gives each group: the tie rule of {@link dev.clarke.ops.TieWeights} in exact
 * arithmetic — with λ from the policy and k tied elements, 2·min(λ, 1 − λ)/k on each, plus
 * max(1 − 2λ, 0) on the first and max(2λ − 1, 0) on the last.
 */
final class TieClasses {

    private final List<int[]> members;
    private final int[] tied;
    private final List<Integer> classOfTied;

    private TieClasses(List<int[]> members, int[] tied, List<Integer> classOfTied) {
        this.members = members;
        this.tied = tied;
        this.classOfTied = classOfTied;
    }

    /** The classes of max-pool layer m's window e of sample s. */
    static TieClasses of(FunctionIdentity ids, PassValues values, int m, int s, int e) {
        int[] w = ids.window(m, e);
        double best = Double.NEGATIVE_INFINITY;
        for (int k : w) {
            best = Math.max(best, values.get(m - 1, s, k));
        }
        List<Integer> classIds = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> tied = new ArrayList<>();
        List<Integer> cls = new ArrayList<>();
        for (int k : w) {
            if (values.get(m - 1, s, k) != best) {
                continue;
            }
            int id = ids.of(m - 1, s, k);
            int c = classIds.indexOf(id);
            if (c < 0) {
                c = classIds.size();
                classIds.add(id);
                groups.add(new ArrayList<>());
            }
            groups.get(c).add(k);
            tied.add(k);
            cls.add(c);
        }
        List<int[]> members = new ArrayList<>();
        for (List<Integer> g : groups) {
            members.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        return new TieClasses(members, tied.stream().mapToInt(Integer::intValue).toArray(), cls);
    }

    /** The classes: window elements (indices into the layer's input sample) of one identity each. */
    List<int[]> members() {
        return members;
    }

    /** AD's weight on each class under {@code policy}, exactly. */
    Rational[] weights(KinkPolicy policy) {
        Rational lambda = Rational.of(policy.lambda(Family.REDUCE_MAX, 1));
        Rational other = Rational.ONE.sub(lambda);
        Rational even = (lambda.compareTo(other) < 0 ? lambda : other).mul(Rational.of(2, tied.length));
        Rational[] w = new Rational[members.size()];
        java.util.Arrays.fill(w, Rational.ZERO);
        for (int c : classOfTied) {
            w[c] = w[c].add(even);
        }
        Rational first = Rational.ONE.sub(lambda.mul(Rational.of(2)));
        Rational last = lambda.mul(Rational.of(2)).sub(Rational.ONE);
        if (first.signum() > 0) {
            w[classOfTied.get(0)] = w[classOfTied.get(0)].add(first);
        }
        if (last.signum() > 0) {
            int c = classOfTied.get(classOfTied.size() - 1);
            w[c] = w[c].add(last);
        }
        return w;
    }
}
