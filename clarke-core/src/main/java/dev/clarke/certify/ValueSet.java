package dev.clarke.certify;

import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finite set M of parameter values, distinct and ascending, held exactly: an integer range
 * {@code a..b}, an explicit list {@code -1,0,0.5,2}, or every finite value of a small float format —
 * {@code fp8e4m3} (OCP E4M3FN: no infinities, max 448), {@code fp8e5m2} (IEEE-style), or a
 * configurable minifloat {@code eXmY} (IEEE-style: the top exponent holds ∞ and NaN) or
 * {@code eXmYfn} (every exponent finite). ±0 counts once.
 */
public final class ValueSet {

    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)\\s*");
    private static final Pattern MINI = Pattern.compile("(?:fp8)?e(\\d+)m(\\d+)(fn)?");

    private final String name;
    private final Rational[] values;
    private final double[] doubles;

    private ValueSet(String name, TreeSet<Rational> values) {
        this.name = name;
        this.values = values.toArray(new Rational[0]);
        this.doubles = new double[this.values.length];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = this.values[i].doubleValue();
        }
    }

    /**
     * The integers a..b.
     *
     * @param a the least value
     * @param b the greatest value, with a ≤ b and at most 10⁶ values
     * @return the set {a, a+1, ..., b}
     * @throws IllegalArgumentException if the range is empty or too large
     */
    public static ValueSet range(long a, long b) {
        if (b < a || b - a > 1_000_000) {
            throw new IllegalArgumentException("value range " + a + ".." + b + ": needs a <= b and at most 10^6 values");
        }
        TreeSet<Rational> s = new TreeSet<>();
        for (long v = a; v <= b; v++) {
            s.add(Rational.of(v));
        }
        return new ValueSet(a + ".." + b, s);
    }

    /**
     * Every finite value of a minifloat with e exponent and m mantissa bits (see the class
     * comment).
     *
     * @param e the exponent bits, ≥ 1
     * @param m the mantissa bits, ≥ 0, with e + m ≤ 14
     * @param finiteOnly whether the all-ones exponent holds finite values too (no infinities)
     * @param e4m3fn whether only the all-ones mantissa of the top exponent is NaN (the fp8 e4m3fn
     *     rule)
     * @param name the name shown in reports
     * @return the set of the format's finite values, ascending
     * @throws IllegalArgumentException if {@code e} or {@code m} is out of range
     */
    public static ValueSet minifloat(int e, int m, boolean finiteOnly, boolean e4m3fn, String name) {
        if (e < 1 || m < 0 || e + m > 14) {
            throw new IllegalArgumentException("minifloat e" + e + "m" + m + ": needs e >= 1, m >= 0, e + m <= 14");
        }
        int bias = (1 << (e - 1)) - 1;
        int topE = (1 << e) - 1;
        TreeSet<Rational> s = new TreeSet<>();
        for (int ex = 0; ex <= topE; ex++) {
            for (int k = 0; k < (1 << m); k++) {
                if (ex == topE && !finiteOnly && !(e4m3fn && k != (1 << m) - 1)) {
                    continue;
                }
                double mag = ex == 0 ? Math.scalb((double) k, 1 - bias - m) : Math.scalb((double) ((1 << m) + k), ex - bias - m);
                s.add(Rational.of(mag));
                s.add(Rational.of(-mag));
            }
        }
        return new ValueSet(name, s);
    }

    /**
     * Parses {@code a..b}, a comma-separated list of numbers (decimals or fractions), or a format name
     * ({@code fp8e4m3}, {@code fp8e5m2}, {@code eXmY}, {@code eXmYfn}).
     *
     * @param spec the text to parse
     * @return the set, ascending without duplicates
     * @throws IllegalArgumentException if {@code spec} is empty or names no number, range or format
     */
    public static ValueSet parse(String spec) {
        String t = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        Matcher r = RANGE.matcher(t);
        if (r.matches()) {
            return range(Long.parseLong(r.group(1)), Long.parseLong(r.group(2)));
        }
        if (t.equals("fp8e4m3") || t.equals("e4m3fn")) {
            return minifloat(4, 3, false, true, t);
        }
        if (t.equals("fp8e5m2")) {
            return minifloat(5, 2, false, false, t);
        }
        Matcher mf = MINI.matcher(t);
        if (mf.matches()) {
            return minifloat(Integer.parseInt(mf.group(1)), Integer.parseInt(mf.group(2)), mf.group(3) != null, false, t);
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty value set: use a range such as -3..3, a list such as -1,0,0.5,2,"
                    + " or a format such as fp8e4m3");
        }
        TreeSet<Rational> s = new TreeSet<>();
        for (String part : t.split(",")) {
            try {
                s.add(Rational.parse(part));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("value set '" + spec + "': '" + part.trim() + "' is not a number"
                        + " (use a range such as -3..3, a list such as -1,0,0.5,2, or fp8e4m3, fp8e5m2, e3m2, e2m1fn)");
            }
        }
        return new ValueSet(t, s);
    }

    /** {@return the text it was parsed from, shown in reports} */
    public String name() {
        return name;
    }

    /** {@return |M|, the number of values} */
    public int size() {
        return values.length;
    }

    /**
     * Value i (ascending), exactly.
     *
     * @param i the position in ascending order, in [0, {@link #size()})
     * @return value i, exactly
     */
    public Rational get(int i) {
        return values[i];
    }

    /**
     * Value i as a double (exact for ranges and formats).
     *
     * @param i the position in ascending order, in [0, {@link #size()})
     * @return value i as a double (exact for ranges and formats)
     */
    public double getDouble(int i) {
        return doubles[i];
    }

    /** {@return whether every value is exactly a double (true for ranges and formats)} */
    public boolean exactInDouble() {
        for (int i = 0; i < values.length; i++) {
            if (!Rational.of(doubles[i]).equals(values[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether M = −M (every format is; a range −a..a is).
     *
     * @return whether the set is symmetric about 0
     */
    public boolean symmetric() {
        for (int i = 0; i < values.length; i++) {
            if (!values[i].negate().equals(values[values.length - 1 - i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " (" + values.length + " values)";
    }
}
