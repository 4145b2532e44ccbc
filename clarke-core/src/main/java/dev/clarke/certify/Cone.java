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
     * @param rows the vectors a_k, all of one length
     * @return whether the open cone they define is non-empty
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
            cur = eliminate(cur, j, n);
        }
        for (Rational[] r : cur) {
            if (isZero(r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether g lies in the convex hull of {@code points}, exactly: a compact convex set and a point
     * outside it are strictly separated, so g ∉ conv(points) iff some a has ⟨a, g − p⟩ &gt; 0 for
     * every point p — an open cone.
     *
     * @param g      the point
     * @param points the points whose hull is taken
     * @return whether g ∈ conv(points)
     * @throws IllegalStateException if the elimination exceeds {@link #MAX_ROWS} rows
     */
    public static boolean inHull(Rational[] g, List<Rational[]> points) {
        List<Rational[]> rows = new ArrayList<>(points.size());
        for (Rational[] p : points) {
            rows.add(RationalVectors.sub(g, p));
        }
        return !nonEmpty(rows);
    }

    /**
     * A point of the open cone {ζ : ⟨a_k, ζ⟩ &gt; 0 for every row}, or null when it is empty: the
     * elimination of {@link #nonEmpty} kept stage by stage, then back-substitution from the last
     * variable — each ζ_j strictly between the bounds the rows of its stage give it.
     *
     * @param rows the vectors a_k, all of one length
     * @return a point of the open cone, exactly, or null when it is empty
     * @throws IllegalStateException if the elimination exceeds {@link #MAX_ROWS} rows
     */
    public static Rational[] point(List<Rational[]> rows) {
        int n = rows.isEmpty() ? 0 : rows.get(0).length;
        List<List<Rational[]>> stages = new ArrayList<>();
        List<Rational[]> cur = new ArrayList<>(rows);
        for (int j = 0; j < n; j++) {
            stages.add(cur);
            cur = eliminate(cur, j, n);
        }
        if (!cur.isEmpty()) {
            return null;
        }
        Rational[] z = new Rational[n];
        java.util.Arrays.fill(z, Rational.ZERO);
        for (int j = n - 1; j >= 0; j--) {
            Rational lo = null;
            Rational hi = null;
            for (Rational[] r : stages.get(j)) {
                if (r[j].isZero()) {
                    continue;
                }
                Rational rest = Rational.ZERO;
                for (int k = j + 1; k < n; k++) {
                    rest = rest.add(r[k].mul(z[k]));
                }
                Rational bound = rest.negate().div(r[j]);
                if (r[j].signum() > 0) {
                    lo = lo == null || bound.compareTo(lo) > 0 ? bound : lo;
                } else {
                    hi = hi == null || bound.compareTo(hi) < 0 ? bound : hi;
                }
            }
            z[j] = lo != null && hi != null ? lo.add(hi).div(Rational.of(2))
                    : lo != null ? lo.add(Rational.ONE) : hi != null ? hi.sub(Rational.ONE) : Rational.ZERO;
        }
        return z;
    }

    /**
     * One Fourier–Motzkin step: the rows without variable j, and every positive row combined with
     * every negative row so that j cancels (rows with one sign only are dropped: j can satisfy them).
     */
    private static List<Rational[]> eliminate(List<Rational[]> cur, int j, int n) {
        List<Rational[]> pos = new ArrayList<>();
        List<Rational[]> neg = new ArrayList<>();
        List<Rational[]> next = new ArrayList<>();
        for (Rational[] r : cur) {
            int s = r[j].signum();
            (s > 0 ? pos : s < 0 ? neg : next).add(r);
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
        return next;
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

    /**
     * Convenience: rows of doubles, converted exactly.
     *
     * @param rows the vectors a_k as doubles, all of one length
     * @return whether the open cone they define is non-empty
     */
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
