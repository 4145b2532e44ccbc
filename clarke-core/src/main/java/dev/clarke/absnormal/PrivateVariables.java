package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The structural certificate of networks with biases: no rank computation, only which input
 * variables occur in which active switching rows A₀ (see {@link Likq}).
 *
 * <ul>
 *   <li><b>Private variable per kink</b>: every active kink i has an input column that is non-zero
 *       in its row of A₀ and zero in every other active row (a neuron's bias, for one sample).
 *       Then A₀ contains a permuted diagonal block, LIKQ holds, and every sign pattern is
 *       realisable: any values in [−1, 1] at the kinks give a Clarke subgradient.</li>
 *   <li><b>Private variable per group</b> (batches: the same neuron in several samples shares its
 *       bias): the active kinks split into groups, each with a column non-zero exactly on the
 *       group's rows with one sign orientation s_i. If (1) no path of L leads from one member of a
 *       group to another, (2) the groups' dependencies through L form no cycle, and (3) reverse
 *       mode uses the same c_i·s_i on every member of a group (an agnostic, deterministic policy:
 *       one λ), then AD's value, a multi-affine average over independent τ_i, equals the average
 *       over τ coupled within each group (no monomial of G holds two members of a group), and every
 *       coupled pattern is realised by perturbing the private variables with magnitudes growing
 *       along the group order; so AD's value is a Clarke subgradient (Baumgärtner and Bethke's
 *       batch condition, in this reconstruction).</li>
 * </ul>
 *
 * @param holds    whether the certificate applies (to AD's σ, for groups)
 * @param perKink  whether every group is a single kink (the stronger, policy-independent case)
 * @param groups   the groups, as indices into α
 * @param columns  each group's private input column
 * @param reason   why it does not hold (empty when it does)
 */
public record PrivateVariables(boolean holds, boolean perKink, List<int[]> groups, int[] columns, String reason) {

    /**
     * Checks the form at its point against reverse mode's signature σᶜ.
     *
     * @param f the abs-normal form
     * @param likq LIKQ at the form's point, as from {@link Likq#of}
     * @return the outcome of the check
     */
    public static PrivateVariables check(AbsNormalForm f, Likq likq) {
        int[] alpha = likq.active();
        double[][] a0 = likq.a0();
        int n = f.n();
        int k = alpha.length;
        BitSet[] support = new BitSet[n];
        for (int c = 0; c < n; c++) {
            support[c] = new BitSet();
            for (int r = 0; r < k; r++) {
                if (a0[r][c] != 0) {
                    support[c].set(r);
                }
            }
        }
        int[] groupOf = new int[k];
        java.util.Arrays.fill(groupOf, -1);
        List<int[]> groups = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int c = 0; c < n; c++) {
                if (support[c].get(r) && (best < 0 || support[c].cardinality() < support[best].cardinality())) {
                    best = c;
                }
            }
            if (best < 0) {
                return fail("active kink z" + alpha[r] + " has a zero switching gradient: no variable moves it");
            }
            BitSet g = support[best];
            for (int q = g.nextSetBit(0); q >= 0; q = g.nextSetBit(q + 1)) {
                if (groupOf[q] >= 0 && !g.equals(support[cols.get(groupOf[q])])) {
                    return fail("the variables of kinks z" + alpha[r] + " and z" + alpha[q] + " overlap without a common group");
                }
            }
            if (groupOf[r] < 0) {
                int id = groups.size();
                groups.add(g.stream().toArray());
                cols.add(best);
                g.stream().forEach(q -> groupOf[q] = id);
            }
        }
        int[] columns = cols.stream().mapToInt(Integer::intValue).toArray();
        boolean perKink = groups.stream().allMatch(g -> g.length == 1);
        if (perKink) {
            return new PrivateVariables(true, true, groups, columns, "");
        }
        double[] sigma = f.adSignature();
        for (int g = 0; g < groups.size(); g++) {
            int[] members = groups.get(g);
            double first = Double.NaN;
            for (int r : members) {
                double oriented = sigma[alpha[r]] * Math.signum(a0[r][columns[g]]);
                if (Math.abs(oriented) > 1) {
                    return fail("kink z" + alpha[r] + " uses σ = " + sigma[alpha[r]] + ", outside [-1, 1]");
                }
                if (!Double.isNaN(first) && Math.abs(oriented - first) > 1e-12) {
                    return fail("the kinks of group " + g + " use different values at their kinks (not agnostic)");
                }
                first = oriented;
            }
        }
        BitSet[] reach = reach(f);
        boolean[][] edge = new boolean[groups.size()][groups.size()];
        for (int r = 0; r < k; r++) {
            for (int q = 0; q < k; q++) {
                if (reach[alpha[q]].get(alpha[r])) {
                    if (groupOf[r] == groupOf[q]) {
                        return fail("kinks z" + alpha[r] + " and z" + alpha[q] + " of one group lie on one path");
                    }
                    edge[groupOf[r]][groupOf[q]] = true;
                }
            }
        }
        if (cyclic(edge)) {
            return fail("the groups depend on each other in a cycle");
        }
        return new PrivateVariables(true, false, groups, columns, "");
    }

    private static PrivateVariables fail(String why) {
        return new PrivateVariables(false, false, List.of(), new int[0], why);
    }

    /** reach[i]: the switching variables j with a path j → … → i through non-zero entries of L. */
    private static BitSet[] reach(AbsNormalForm f) {
        int s = f.s();
        BitSet[] r = new BitSet[s];
        for (int i = 0; i < s; i++) {
            r[i] = new BitSet();
            for (int j = 0; j < i; j++) {
                if (f.L()[i][j] != 0) {
                    r[i].set(j);
                    r[i].or(r[j]);
                }
            }
        }
        return r;
    }

    private static boolean cyclic(boolean[][] edge) {
        int g = edge.length;
        int[] indegree = new int[g];
        for (boolean[] row : edge) {
            for (int b = 0; b < g; b++) {
                indegree[b] += row[b] ? 1 : 0;
            }
        }
        java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
        for (int i = 0; i < g; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        int seen = 0;
        while (!ready.isEmpty()) {
            int a = ready.poll();
            seen++;
            for (int b = 0; b < g; b++) {
                if (edge[a][b] && --indegree[b] == 0) {
                    ready.add(b);
                }
            }
        }
        return seen < g;
    }
}
