package dev.clarke.lang;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * An exact polynomial with rational coefficients over numbered atoms (opaque sub-programs), for
 * deciding identities between program branches: the doubles of the program's literals are
 * converted exactly, so equal polynomials are equal functions wherever their atoms are defined.
 * Terms are kept in graded-lexicographic order (a monomial order), so {@link #divide} is the
 * division algorithm, whose remainder is 0 exactly when the divisor divides.
 */
final class Polynomial {

    /** The most terms a polynomial may have; beyond, the analysis gives up. */
    static final int MAX_TERMS = 2000;

    /** A monomial: the exponent of atom i at index i (no trailing zeros). */
    record Monomial(int[] exps) implements Comparable<Monomial> {

        static final Monomial ONE = new Monomial(new int[0]);

        int degree() {
            int d = 0;
            for (int e : exps) {
                d += e;
            }
            return d;
        }

        Monomial times(Monomial o) {
            int[] r = Arrays.copyOf(exps, Math.max(exps.length, o.exps.length));
            for (int i = 0; i < o.exps.length; i++) {
                r[i] += o.exps[i];
            }
            return new Monomial(r);
        }

        boolean divides(Monomial o) {
            for (int i = 0; i < exps.length; i++) {
                if (exps[i] > (i < o.exps.length ? o.exps[i] : 0)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code o / this}, assuming {@link #divides}. */
        Monomial into(Monomial o) {
            int[] r = o.exps.clone();
            for (int i = 0; i < exps.length; i++) {
                r[i] -= exps[i];
            }
            int n = r.length;
            while (n > 0 && r[n - 1] == 0) {
                n--;
            }
            return new Monomial(Arrays.copyOf(r, n));
        }

        @Override
        public int compareTo(Monomial o) {
            int c = Integer.compare(degree(), o.degree());
            for (int i = 0; c == 0 && i < Math.max(exps.length, o.exps.length); i++) {
                c = Integer.compare(i < exps.length ? exps[i] : 0, i < o.exps.length ? o.exps[i] : 0);
            }
            return c;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Monomial m && Arrays.equals(exps, m.exps);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(exps);
        }
    }

    /** Terms by monomial, largest first. */
    private final TreeMap<Monomial, BigFraction> terms;

    private Polynomial(TreeMap<Monomial, BigFraction> terms) {
        if (terms.size() > MAX_TERMS) {
            throw new TooLarge();
        }
        this.terms = terms;
    }

    /** Thrown when a polynomial would have more than {@link #MAX_TERMS} terms. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("more than " + MAX_TERMS + " terms", null, false, false);
        }
    }

    static Polynomial constant(double v) {
        return constant(new BigFraction(v));
    }

    static Polynomial constant(BigFraction v) {
        TreeMap<Monomial, BigFraction> t = new TreeMap<>(java.util.Comparator.reverseOrder());
        if (v.getNumerator().signum() != 0) {
            t.put(Monomial.ONE, v);
        }
        return new Polynomial(t);
    }

    /** The atom with number {@code i}. */
    static Polynomial atom(int i) {
        int[] e = new int[i + 1];
        e[i] = 1;
        TreeMap<Monomial, BigFraction> t = new TreeMap<>(java.util.Comparator.reverseOrder());
        t.put(new Monomial(e), BigFraction.ONE);
        return new Polynomial(t);
    }

    Map<Monomial, BigFraction> terms() {
        return terms;
    }

    boolean isZero() {
        return terms.isEmpty();
    }

    /** The constant value, or null if the polynomial involves an atom. */
    BigFraction constantValue() {
        if (terms.isEmpty()) {
            return BigFraction.ZERO;
        }
        return terms.size() == 1 && terms.containsKey(Monomial.ONE) ? terms.get(Monomial.ONE) : null;
    }

    Polynomial plus(Polynomial o) {
        TreeMap<Monomial, BigFraction> t = new TreeMap<>(terms);
        for (var e : o.terms.entrySet()) {
            BigFraction s = t.getOrDefault(e.getKey(), BigFraction.ZERO).add(e.getValue());
            if (s.getNumerator().signum() == 0) {
                t.remove(e.getKey());
            } else {
                t.put(e.getKey(), s);
            }
        }
        return new Polynomial(t);
    }

    Polynomial scale(BigFraction k) {
        TreeMap<Monomial, BigFraction> t = new TreeMap<>(java.util.Comparator.reverseOrder());
        if (k.getNumerator().signum() != 0) {
            terms.forEach((m, c) -> t.put(m, c.multiply(k)));
        }
        return new Polynomial(t);
    }

    Polynomial minus(Polynomial o) {
        return plus(o.scale(BigFraction.MINUS_ONE));
    }

    Polynomial times(Polynomial o) {
        Polynomial r = constant(BigFraction.ZERO);
        for (var e : terms.entrySet()) {
            TreeMap<Monomial, BigFraction> t = new TreeMap<>(java.util.Comparator.reverseOrder());
            for (var f : o.terms.entrySet()) {
                t.put(e.getKey().times(f.getKey()), e.getValue().multiply(f.getValue()));
            }
            r = r.plus(new Polynomial(t));
        }
        return r;
    }

    /**
     * The quotient q with {@code this = q·g} exactly, or null when g does not divide (a non-zero
     * remainder of the division algorithm) or g is 0.
     */
    Polynomial divide(Polynomial g) {
        if (g.isZero()) {
            return null;
        }
        Monomial lead = g.terms.firstKey();
        BigFraction leadCoef = g.terms.firstEntry().getValue();
        Polynomial p = this;
        Polynomial q = constant(BigFraction.ZERO);
        for (int steps = 0; !p.isZero(); steps++) {
            if (steps > MAX_TERMS) {
                return null; // undecided within the budget: treated as not dividing
            }
            Monomial m = p.terms.firstKey();
            if (!lead.divides(m)) {
                return null; // the leading term goes to the remainder, which is then non-zero
            }
            TreeMap<Monomial, BigFraction> t = new TreeMap<>(java.util.Comparator.reverseOrder());
            t.put(lead.into(m), p.terms.firstEntry().getValue().divide(leadCoef));
            Polynomial step = new Polynomial(t);
            q = q.plus(step);
            p = p.minus(step.times(g));
        }
        return q;
    }

    /** A canonical text, equal for equal polynomials (atoms by number). */
    String key() {
        StringBuilder sb = new StringBuilder();
        terms.forEach((m, c) -> sb.append(c.getNumerator()).append('/').append(c.getDenominator())
                .append(Arrays.toString(m.exps())).append(';'));
        return sb.toString();
    }
}
