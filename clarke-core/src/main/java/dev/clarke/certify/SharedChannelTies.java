package dev.clarke.certify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The witness options of several genuine ties moved by the parameters of one channel of P
 * (docs/theory/conv-certificates.md, Lemma 6). Each tie i has classes with tangents a_{i,c} and AD's
 * weights ω_{i,c}. The ties are coupled comonotonically: the classes of every tie are put in one
 * order (by ⟨a_{i,c}, ζ₀⟩, largest first, ζ₀ a seeded direction), u ∈ [0, 1) picks in each tie the
 * class whose cumulative-weight interval holds u, and each interval between consecutive cuts is one
 * joint choice with the interval's length as weight — so each tie's classes keep AD's weights as
 * marginals. Every joint choice must be realised by a direction that puts each tie's chosen class
 * strictly on top (in a kinked window, also the other moving elements strictly below the kink):
 * {@link StrictDirection}, checked exactly. Up to {@link #ORDERS} orders are tried.
 */
final class SharedChannelTies {

    /** How many class orders (seeded directions ζ₀) are tried. */
    static final int ORDERS = 4;

    /**
     * One tie: its class tangents (dense on the channel's parameters), AD's weights on them, and
     * whether it is a kinked window (class 0's zero tangent then being the window below the kink).
     */
    record Tie(List<Rational[]> tangents, Rational[] weights, boolean kinked) {
    }

    private SharedChannelTies() {
    }

    /** The options (directions on {@code index}, weighted), or null when no order worked. */
    static List<NetworkWitness.Option> options(int[] index, List<Tie> ties) {
        int dim = index.length;
        SplittableRandom rng = new SplittableRandom(0xC1A55);
        for (int attempt = 0; attempt < ORDERS; attempt++) {
            double[] zeta0 = new double[dim];
            for (int k = 0; k < dim; k++) {
                zeta0[k] = attempt == 0 && k == dim - 1 ? 1 : attempt == 0 ? 0 : rng.nextInt(-1000, 1001);
            }
            List<NetworkWitness.Option> out = coupled(index, ties, zeta0);
            if (out != null) {
                return out;
            }
        }
        return greedy(index, ties);
    }

    /**
     * Another coupling: repeatedly pick, tie by tie, the class with the most remaining weight whose
     * on-top condition is consistent with the classes picked so far (exact cone check), give that joint
     * choice the least remaining weight among its classes, and subtract it. Each round exhausts a class,
     * so it ends after at most Σ_i |classes_i| rounds; null when some tie has no consistent class.
     */
    private static List<NetworkWitness.Option> greedy(int[] index, List<Tie> ties) {
        List<Rational[]> rest = new ArrayList<>();
        for (Tie t : ties) {
            rest.add(t.weights().clone());
        }
        List<NetworkWitness.Option> out = new ArrayList<>();
        while (positive(rest.get(0))) {
            List<Rational[]> rows = new ArrayList<>();
            int[] pick = new int[ties.size()];
            Rational w = Rational.ONE;
            for (int i = 0; i < ties.size(); i++) {
                Rational[] r = rest.get(i);
                List<Integer> cs = new ArrayList<>();
                for (int c = 0; c < r.length; c++) {
                    if (r[c].signum() > 0) {
                        cs.add(c);
                    }
                }
                cs.sort((x, y) -> r[y].compareTo(r[x]));
                pick[i] = -1;
                for (int c : cs) {
                    List<Rational[]> trial = new ArrayList<>(rows);
                    trial.addAll(rowsOnTop(ties.get(i), c));
                    if (StrictDirection.feasible(trial)) {
                        rows = trial;
                        pick[i] = c;
                        break;
                    }
                }
                if (pick[i] < 0) {
                    return null;
                }
                w = w.compareTo(r[pick[i]]) < 0 ? w : r[pick[i]];
            }
            Rational[] zeta = StrictDirection.find(rows, new double[index.length]);
            if (zeta == null) {
                return null;
            }
            out.add(new NetworkWitness.Option(index, zeta, w));
            for (int i = 0; i < ties.size(); i++) {
                rest.get(i)[pick[i]] = rest.get(i)[pick[i]].sub(w);
            }
        }
        return out;
    }

    private static boolean positive(Rational[] r) {
        for (Rational x : r) {
            if (x.signum() > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<NetworkWitness.Option> coupled(int[] index, List<Tie> ties, double[] zeta0) {
        List<int[]> orders = new ArrayList<>();
        TreeSet<Rational> cuts = new TreeSet<>();
        for (Tie t : ties) {
            int[] order = order(t, zeta0);
            orders.add(order);
            Rational acc = Rational.ZERO;
            for (int c : order) {
                acc = acc.add(t.weights()[c]);
                cuts.add(acc);
            }
        }
        List<NetworkWitness.Option> out = new ArrayList<>();
        Rational prev = Rational.ZERO;
        for (Rational cut : cuts) {
            Rational mid = prev.add(cut).div(Rational.of(2));
            List<Rational[]> rows = new ArrayList<>();
            for (int i = 0; i < ties.size(); i++) {
                rows.addAll(rowsOnTop(ties.get(i), chosen(ties.get(i), orders.get(i), mid)));
            }
            Rational[] zeta = StrictDirection.find(rows, zeta0);
            if (zeta == null) {
                return null;
            }
            out.add(new NetworkWitness.Option(index, zeta, cut.sub(prev)));
            prev = cut;
        }
        return out;
    }

    /** The classes of positive weight, largest ⟨a_c, ζ₀⟩ first (index order among equals). */
    private static int[] order(Tie t, double[] zeta0) {
        List<Integer> cs = new ArrayList<>();
        double[] key = new double[t.tangents().size()];
        for (int c = 0; c < key.length; c++) {
            if (t.weights()[c].signum() > 0) {
                cs.add(c);
                for (int k = 0; k < zeta0.length; k++) {
                    key[c] += t.tangents().get(c)[k].doubleValue() * zeta0[k];
                }
            }
        }
        cs.sort((a, b) -> Double.compare(key[b], key[a]));
        return cs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The class whose cumulative-weight interval (in {@code order}) holds u. */
    private static int chosen(Tie t, int[] order, Rational u) {
        Rational acc = Rational.ZERO;
        for (int c : order) {
            acc = acc.add(t.weights()[c]);
            if (u.compareTo(acc) < 0) {
                return c;
            }
        }
        return order[order.length - 1];
    }

    /**
     * The rows r with ⟨r, ζ⟩ &gt; 0 iff class c is strictly on top of every other class under ζ (in a
     * kinked window, also every other moving class strictly below the kink).
     */
    static List<Rational[]> rowsOnTop(Tie t, int c) {
        List<Rational[]> rows = new ArrayList<>();
        for (int o = 0; o < t.tangents().size(); o++) {
            if (o != c) {
                rows.add(RationalVectors.sub(t.tangents().get(c), t.tangents().get(o)));
                if (t.kinked() && !RationalVectors.isZero(t.tangents().get(o))) {
                    rows.add(RationalVectors.scaled(Rational.ONE.negate(), t.tangents().get(o)));
                }
            }
        }
        return rows;
    }
}
