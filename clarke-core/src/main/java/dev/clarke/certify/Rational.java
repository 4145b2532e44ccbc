package dev.clarke.certify;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number p/q in lowest terms with q &gt; 0. Small values are held in two longs
 * and computed with overflow-checked long arithmetic; on overflow the value moves to BigInteger
 * numerator and denominator. Immutable; {@link #equals} and {@link #hashCode} are by value.
 */
public final class Rational implements Comparable<Rational> {

    /** 0. */
    public static final Rational ZERO = new Rational(0, 1);
    /** 1. */
    public static final Rational ONE = new Rational(1, 1);

    private final long n;
    private final long d;
    private final BigInteger bn;
    private final BigInteger bd;

    private Rational(long n, long d) {
        this.n = n;
        this.d = d;
        this.bn = null;
        this.bd = null;
    }

    private Rational(BigInteger bn, BigInteger bd) {
        this.n = 0;
        this.d = 0;
        this.bn = bn;
        this.bd = bd;
    }

    /**
     * The integer v.
     *
     * @param v the integer
     * @return v as a rational
     */
    public static Rational of(long v) {
        return v == 0 ? ZERO : v == 1 ? ONE : new Rational(v, 1);
    }

    /**
     * p/q, reduced; q ≠ 0.
     *
     * @param p the numerator
     * @param q the denominator, non-zero
     * @return p/q in lowest terms, with a positive denominator
     * @throws ArithmeticException if {@code q} is 0
     */
    public static Rational of(long p, long q) {
        if (q == 0) {
            throw new ArithmeticException("rational with zero denominator");
        }
        if (p == Long.MIN_VALUE || q == Long.MIN_VALUE) {
            return of(BigInteger.valueOf(p), BigInteger.valueOf(q));
        }
        if (q < 0) {
            p = -p;
            q = -q;
        }
        long g = gcd(Math.abs(p), q);
        return new Rational(p / g, q / g);
    }

    /**
     * p/q with big integers, reduced; q ≠ 0.
     *
     * @param p the numerator
     * @param q the denominator, non-zero
     * @return p/q in lowest terms, with a positive denominator
     * @throws ArithmeticException if {@code q} is 0
     */
    public static Rational of(BigInteger p, BigInteger q) {
        if (q.signum() == 0) {
            throw new ArithmeticException("rational with zero denominator");
        }
        if (q.signum() < 0) {
            p = p.negate();
            q = q.negate();
        }
        BigInteger g = p.gcd(q);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            p = p.divide(g);
            q = q.divide(g);
        }
        if (p.bitLength() < 63 && q.bitLength() < 63) {
            return new Rational(p.longValue(), q.longValue());
        }
        return new Rational(p, q);
    }

    /**
     * The exact value of a finite double (a dyadic rational; −0.0 is 0).
     *
     * @param v a finite double
     * @return its exact value
     * @throws ArithmeticException if {@code v} is NaN or infinite
     */
    public static Rational of(double v) {
        if (!Double.isFinite(v)) {
            throw new ArithmeticException("not a finite number: " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 0x1p62) {
            return of((long) v);
        }
        // v = ±m·2^e with m the 53-bit significand: after removing m's trailing zeros, m is odd (or the
        // exponent is 0), so m / 2^−e is already in lowest terms — no gcd
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & 0xf_ffff_ffff_ffffL;
        int e;
        if (biased == 0) {
            e = -1074;   // subnormal
        } else {
            m |= 1L << 52;
            e = biased - 1075;
        }
        if (e >= 0) {   // an integer of 2^62 or more
            return of(BigInteger.valueOf(v < 0 ? -m : m).shiftLeft(e), BigInteger.ONE);
        }
        int shift = Math.min(Long.numberOfTrailingZeros(m), -e);
        m >>= shift;
        e += shift;
        long signed = v < 0 ? -m : m;
        if (e == 0) {   // an integer of 2^62 or more whose last bits carried the exponent
            return of(BigInteger.valueOf(signed), BigInteger.ONE);
        }
        if (-e <= 61) {   // as of(p, q): a denominator of 63 bits or more is held as a BigInteger
            return new Rational(signed, 1L << -e);
        }
        return new Rational(BigInteger.valueOf(signed), BigInteger.ONE.shiftLeft(-e));
    }

    /**
     * The exact value of a decimal, e.g. {@code new BigDecimal("0.01")} is 1/100.
     *
     * @param v a decimal
     * @return its exact value
     */
    public static Rational of(BigDecimal v) {
        if (v.scale() <= 0) {
            return of(v.toBigIntegerExact(), BigInteger.ONE);
        }
        return of(v.unscaledValue(), BigInteger.TEN.pow(v.scale()));
    }

    /**
     * Parses an integer, a decimal ({@code 0.25}, {@code 1e-3}) or a fraction ({@code 1/6}).
     *
     * @param s the text, surrounding spaces allowed
     * @return its exact value
     * @throws NumberFormatException if {@code s} is none of these forms
     * @throws ArithmeticException if a fraction's denominator is 0
     */
    public static Rational parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        if (slash > 0) {
            return parse(t.substring(0, slash)).div(parse(t.substring(slash + 1)));
        }
        return of(new BigDecimal(t));
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }

    private boolean small() {
        return bn == null;
    }

    /** {@return the numerator, in lowest terms (its sign is the rational's)} */
    public BigInteger numerator() {
        return small() ? BigInteger.valueOf(n) : bn;
    }

    /** {@return the denominator, positive and in lowest terms} */
    public BigInteger denominator() {
        return small() ? BigInteger.valueOf(d) : bd;
    }

    /**
     * this + o.
     *
     * @param o the addend
     * @return this + o, exactly
     */
    public Rational add(Rational o) {
        if (small() && o.small()) {
            try {
                if (d == o.d) {
                    return of(Math.addExact(n, o.n), d);
                }
                return of(Math.addExact(Math.multiplyExact(n, o.d), Math.multiplyExact(o.n, d)),
                        Math.multiplyExact(d, o.d));
            } catch (ArithmeticException overflow) {
                // fall through to BigInteger
            }
        }
        return of(numerator().multiply(o.denominator()).add(o.numerator().multiply(denominator())),
                denominator().multiply(o.denominator()));
    }

    /**
     * this − o.
     *
     * @param o the subtrahend
     * @return this − o, exactly
     */
    public Rational sub(Rational o) {
        return add(o.negate());
    }

    /**
     * this · o.
     *
     * @param o the other factor
     * @return this · o, exactly
     */
    public Rational mul(Rational o) {
        if (small() && o.small()) {
            if (n == 0 || o.n == 0) {
                return ZERO;
            }
            if (d == 1 && o.d == 1) {
                try {
                    return new Rational(Math.multiplyExact(n, o.n), 1);
                } catch (ArithmeticException overflow) {
                    // fall through
                }
            }
            try {
                return of(Math.multiplyExact(n, o.n), Math.multiplyExact(d, o.d));
            } catch (ArithmeticException overflow) {
                // fall through
            }
        }
        return of(numerator().multiply(o.numerator()), denominator().multiply(o.denominator()));
    }

    /**
     * this / o (o ≠ 0).
     *
     * @param o the divisor, non-zero
     * @return this / o, exactly
     * @throws ArithmeticException if {@code o} is 0
     */
    public Rational div(Rational o) {
        if (o.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (small() && o.small() && o.n != Long.MIN_VALUE) {
            try {
                return of(Math.multiplyExact(n, o.d), Math.multiplyExact(d, o.n));
            } catch (ArithmeticException overflow) {
                // fall through
            }
        }
        return of(numerator().multiply(o.denominator()), denominator().multiply(o.numerator()));
    }

    /** {@return −this} */
    public Rational negate() {
        if (small() && n != Long.MIN_VALUE) {
            return n == 0 ? this : new Rational(-n, d);
        }
        return of(numerator().negate(), denominator());
    }

    /** {@return the sign: −1, 0 or 1} */
    public int signum() {
        return small() ? Long.signum(n) : bn.signum();
    }

    /** {@return whether this is 0} */
    public boolean isZero() {
        return signum() == 0;
    }

    /** {@return the nearest double (for display; not exact)} */
    public double doubleValue() {
        if (small()) {
            return (double) n / d;
        }
        return new BigDecimal(bn).divide(new BigDecimal(bd), java.math.MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        if (small() && o.small()) {
            if (d == o.d) {
                return Long.compare(n, o.n);
            }
            try {
                return Long.compare(Math.multiplyExact(n, o.d), Math.multiplyExact(o.n, d));
            } catch (ArithmeticException overflow) {
                // fall through
            }
        }
        return numerator().multiply(o.denominator()).compareTo(o.numerator().multiply(denominator()));
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Rational)) {
            return false;
        }
        Rational o = (Rational) other;
        if (small() && o.small()) {
            return n == o.n && d == o.d;
        }
        return numerator().equals(o.numerator()) && denominator().equals(o.denominator());
    }

    @Override
    public int hashCode() {
        return small() ? Long.hashCode(n) * 31 + Long.hashCode(d) : numerator().hashCode() * 31 + denominator().hashCode();
    }

    /** {@code p/q}, or {@code p} for integers. */
    @Override
    public String toString() {
        return denominator().equals(BigInteger.ONE) ? numerator().toString() : numerator() + "/" + denominator();
    }
}
