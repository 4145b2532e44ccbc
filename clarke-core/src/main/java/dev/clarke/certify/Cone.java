package dev.clarke.certify;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact feasibility of a strict homogeneous system {ζ : ⟨a_k, ζ⟩ &gt; 0 for every row k} — is the
 * open cone non-empty? — by Fourier–Motzkin elimination over the rationals. For strict homogeneous
 * systems the elimination is exact: a variable whose coefficients all have one sign (or vanish) can
 * be taken large enough, and otherwise every positive row is combined with every negative row. The
 * system is infeasible exactly when an all-zero row (0 &gt; 0) appears. Meant for the small systems
 * of one neuron or one tiny network; {@link #MAX_ROWS} bounds the work.
 */
public final class Cone {

    /** The elimination gives up (throws) when a system grows beyond this many rows. */
    public static final int MAX_ROWS = 4096;

    private Cone() {
    }

    /**
     * Whether some ζ satisfies ⟨a_k, ζ⟩ &gt; 0 for every row.
     *
     * @throws IllegalStateException if the elimination exceeds {@link #MAX_ROWS} rows
     */
    public static boolean nonEmpty(List<Rational[]> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        int n = rows.get(0).length;
        List<Rational[]> cur = new ArrayList<>(rows);
        for (int j = 0; j < n; j++) {
            for (Rational[] r : cur) {
                if (isZero(r)) {
                    return false;
                }
            }
            if (cur.isEmpty()) {
                return true;
            }
            if (oneSigned(cur, n)) {
                return true;
            }
            List<Rational[]> pos = new ArrayList<>();
            List<Rational[]> neg = new ArrayList<>();
            List<Rational[]> next = new ArrayList<>();
            for (Rational[] r : cur) {
                int s = r[j].signum();
                (s > 0 ? pos : s < 0 ? neg : next).add(r);
            }
            if (pos.isEmpty() || neg.isEmpty()) {
                cur = next;
                continue;
            }
            if (next.size() + (long) pos.size() * neg.size() > MAX_ROWS) {
                throw new IllegalStateException("cone check: more than " + MAX_ROWS + " rows");
            }
            for (Rational[] p : pos) {
                for (Rational[] q : neg) {
                    Rational a = q[j].negate();
                    Rational b = p[j];
                    Rational[] c = new Rational[n];
                    for (int k = 0; k < n; k++) {
                        c[k] = k == j ? Rational.ZERO : p[k].mul(a).add(q[k].mul(b));
                    }
                    next.add(c);
                }
            }
            cur = next;
        }
        for (Rational[] r : cur) {
            if (isZero(r)) {
                return false;
            }
        }
        return true;
    }

    /** A column whose entries are all strictly of one sign proves feasibility at once. */
    private static boolean oneSigned(List<Rational[]> rows, int n) {
        for (int k = 0; k < n; k++) {
            int s = rows.get(0)[k].signum();
            if (s == 0) {
                continue;
            }
            boolean all = true;
            for (Rational[] r : rows) {
                if (r[k].signum() != s) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(Rational[] r) {
        for (Rational v : r) {
            if (!v.isZero()) {
                return false;
            }
        }
        return true;
    }

    /** Convenience: rows of doubles, converted exactly. */
    public static boolean nonEmptyExact(List<double[]> rows) {
        List<Rational[]> rs = new ArrayList<>(rows.size());
        for (double[] r : rows) {
            Rational[] q = new Rational[r.length];
            for (int k = 0; k < r.length; k++) {
                q[k] = Rational.of(r[k]);
            }
            rs.add(q);
        }
        return nonEmpty(rs);
    }
}
