package dev.clarke.certify;

import java.util.Arrays;

/** Dense vectors of {@link Rational}s, as the exact oracles use them for tangent rows and gradients. */
final class RationalVectors {

    private RationalVectors() {
    }

    /** The zero vector of length p. */
    static Rational[] zeros(int p) {
        Rational[] r = new Rational[p];
        Arrays.fill(r, Rational.ZERO);
        return r;
    }

    /** acc += a·x. */
    static void axpy(Rational[] acc, Rational a, Rational[] x) {
        if (a.isZero()) {
            return;
        }
        for (int k = 0; k < acc.length; k++) {
            if (!x[k].isZero()) {
                acc[k] = acc[k].add(a.mul(x[k]));
            }
        }
    }

    /** a·x. */
    static Rational[] scaled(Rational a, Rational[] x) {
        Rational[] r = new Rational[x.length];
        for (int k = 0; k < x.length; k++) {
            r[k] = a.mul(x[k]);
        }
        return r;
    }

    /** a − b. */
    static Rational[] sub(Rational[] a, Rational[] b) {
        Rational[] r = new Rational[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = a[k].sub(b[k]);
        }
        return r;
    }

    /** ⟨a, b⟩. */
    static Rational dot(Rational[] a, Rational[] b) {
        Rational s = Rational.ZERO;
        for (int k = 0; k < a.length; k++) {
            if (!a[k].isZero() && !b[k].isZero()) {
                s = s.add(a[k].mul(b[k]));
            }
        }
        return s;
    }

    /** Whether every entry is 0. */
    static boolean isZero(Rational[] r) {
        for (Rational v : r) {
            if (!v.isZero()) {
                return false;
            }
        }
        return true;
    }
}
