package dev.clarke.certify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A point of an open cone {ζ : ⟨r_k, ζ⟩ &gt; 0 for every row} found by search and checked exactly:
 * small systems by Fourier–Motzkin ({@link Cone#point}), larger ones by the perceptron rule (add a
 * violated row, at most {@link #MAX_UPDATES} times) from a given start, the result rounded to
 * integers and accepted only when every row's product is exactly positive. Null means "not found",
 * never "empty": callers treat it as a failure to certify, which is always sound.
 */
final class StrictDirection {

    /** The most perceptron updates tried. */
    static final int MAX_UPDATES = 4000;
    /** Systems with at most this many distinct rows go to Fourier–Motzkin first. */
    static final int SMALL = 40;

    private StrictDirection() {
    }

    /** A ζ with ⟨r, ζ⟩ &gt; 0 for every row (rows of equal length), or null when none was found. */
    static Rational[] find(List<Rational[]> rows, double[] start) {
        List<Rational[]> distinct = distinct(rows);
        if (distinct.isEmpty()) {
            return RationalVectors.zeros(start.length);
        }
        if (distinct.size() <= SMALL) {
            try {
                return Cone.point(distinct);
            } catch (IllegalStateException tooLarge) {
                // fall through to the search
            }
        }
        int n = distinct.size();
        int dim = start.length;
        double[][] unit = new double[n][dim];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                unit[k][j] = distinct.get(k)[j].doubleValue();
                norm += unit[k][j] * unit[k][j];
            }
            if (norm == 0) {
                return null;    // 0 > 0 is infeasible
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                unit[k][j] /= norm;
            }
        }
        double[] z = start.clone();
        int k = 0;
        int sinceUpdate = 0;
        for (int updates = 0; updates <= MAX_UPDATES; ) {
            if (dot(unit[k], z) <= 1e-9 * norm(z)) {
                add(z, unit[k]);
                updates++;
                sinceUpdate = 0;
            } else if (++sinceUpdate == n) {
                Rational[] exact = rounded(z);
                int bad = firstNotPositive(distinct, exact);
                if (bad < 0) {
                    return exact;
                }
                add(z, unit[bad]);
                updates++;
                sinceUpdate = 0;
            }
            k = (k + 1) % n;
        }
        return null;
    }

    /** Whether the open cone is shown non-empty exactly (false also when Fourier–Motzkin gives up). */
    static boolean feasible(List<Rational[]> rows) {
        try {
            return Cone.nonEmpty(distinct(rows));
        } catch (IllegalStateException tooLarge) {
            return false;
        }
    }

    /** The rows without repetitions, in first-seen order. */
    static List<Rational[]> distinct(List<Rational[]> rows) {
        Set<List<Rational>> seen = new LinkedHashSet<>();
        List<Rational[]> out = new ArrayList<>();
        for (Rational[] r : rows) {
            if (seen.add(List.of(r))) {
                out.add(r);
            }
        }
        return out;
    }

    /** ζ scaled so its largest entry is 2³⁰ and rounded to integers (exact rationals). */
    private static Rational[] rounded(double[] z) {
        double max = 0;
        for (double v : z) {
            max = Math.max(max, Math.abs(v));
        }
        Rational[] out = new Rational[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = Rational.of(max == 0 ? 0 : Math.rint(z[j] / max * 0x1p30));
        }
        return out;
    }

    private static int firstNotPositive(List<Rational[]> rows, Rational[] z) {
        for (int k = 0; k < rows.size(); k++) {
            if (RationalVectors.dot(rows.get(k), z).signum() <= 0) {
                return k;
            }
        }
        return -1;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void add(double[] z, double[] r) {
        for (int j = 0; j < z.length; j++) {
            z[j] += r[j];
        }
    }
}
