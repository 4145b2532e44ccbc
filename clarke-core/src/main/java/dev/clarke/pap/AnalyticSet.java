package dev.clarke.pap;

import java.util.ArrayList;
import java.util.List;

/**
 * An analytic set {@code {x | g(x) > 0 for every g in positive, h(x) ≤ 0 for every h in
 * nonPositive}}, each constraint analytic on an open domain that must contain x.
 *
 * @param positive    constraints {@code g > 0}
 * @param nonPositive constraints {@code h ≤ 0}
 */
public record AnalyticSet(List<Analytic> positive, List<Analytic> nonPositive) {

    /** The whole space. */
    public static final AnalyticSet ALL = new AnalyticSet(List.of(), List.of());

    /**
     * Copies the lists.
     *
     * @param positive constraints {@code g > 0}
     * @param nonPositive constraints {@code h ≤ 0}
     */
    public AnalyticSet {
        positive = List.copyOf(positive);
        nonPositive = List.copyOf(nonPositive);
    }

    /**
     * {@code {g > 0}}.
     *
     * @param g the constraint function
     * @return the set where g is positive
     */
    public static AnalyticSet positive(Analytic g) {
        return new AnalyticSet(List.of(g), List.of());
    }

    /**
     * {@code {h ≤ 0}}.
     *
     * @param h the constraint function
     * @return the set where h is at most 0
     */
    public static AnalyticSet nonPositive(Analytic h) {
        return new AnalyticSet(List.of(), List.of(h));
    }

    /**
     * {@code {g = 0}} written as {@code g ≤ 0, −g ≤ 0}.
     *
     * @param g the constraint function
     * @return the set where g is 0
     */
    public static AnalyticSet zero(Analytic g) {
        return new AnalyticSet(List.of(), List.of(g, g.negate()));
    }

    /**
     * The intersection.
     *
     * @param o the other set
     * @return the intersection of this set and {@code o}: both constraint lists joined
     */
    public AnalyticSet and(AnalyticSet o) {
        List<Analytic> p = new ArrayList<>(positive);
        p.addAll(o.positive);
        List<Analytic> n = new ArrayList<>(nonPositive);
        n.addAll(o.nonPositive);
        return new AnalyticSet(p, n);
    }

    /**
     * Whether x lies in the set (and in every constraint's domain).
     *
     * @param x the point
     * @return whether x satisfies every constraint and lies in every constraint's domain
     */
    public boolean contains(double[] x) {
        for (Analytic g : positive) {
            if (!g.inDomain(x) || !(g.eval(x) > 0)) {
                return false;
            }
        }
        for (Analytic h : nonPositive) {
            if (!h.inDomain(x) || !(h.eval(x) <= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether x satisfies every constraint up to {@code tol}: g(x) &gt; −tol and h(x) ≤ tol. For a
     * point whose piece was chosen by the evaluation itself, so that only the rounding of re-evaluating
     * the composed constraints can miss: a tie a = b decided on the computed values, re-evaluated
     * through a branch 3a − 2b whose value is a only in exact arithmetic.
     *
     * @param x   the point
     * @param tol the slack allowed each constraint, ≥ 0
     * @return whether every constraint holds within {@code tol} (and x is in every constraint's domain)
     */
    public boolean containsWithin(double[] x, double tol) {
        for (Analytic g : positive) {
            if (!g.inDomain(x) || !(g.eval(x) > -tol)) {
                return false;
            }
        }
        for (Analytic h : nonPositive) {
            if (!h.inDomain(x) || !(h.eval(x) <= tol)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same set over composed arguments: each constraint g becomes g(args).
     *
     * @param args one expression per argument index used
     * @return the set {x : args(x) in this set}
     */
    public AnalyticSet substitute(List<Analytic> args) {
        java.util.IdentityHashMap<Analytic, Analytic> memo = new java.util.IdentityHashMap<>();
        List<Analytic> p = new ArrayList<>();
        for (Analytic g : positive) {
            p.add(Compose.substitute(g, args, memo));
        }
        List<Analytic> n = new ArrayList<>();
        for (Analytic h : nonPositive) {
            n.add(Compose.substitute(h, args, memo));
        }
        return new AnalyticSet(p, n);
    }

    /**
     * Readable constraints, e.g. {@code x > 0} or {@code x <= 0, -(x) <= 0}.
     *
     * @param names one name per argument index used
     * @return the constraints as readable text, comma-separated
     */
    public String show(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (Analytic g : positive) {
            parts.add(g.show(names) + " > 0");
        }
        for (int i = 0; i < nonPositive.size(); i++) {
            Analytic h = nonPositive.get(i);
            if (i + 1 < nonPositive.size() && nonPositive.get(i + 1) instanceof Analytic.Call c
                    && c.fn() == Fn.NEG && c.args().get(0) == h) {
                parts.add(h.show(names) + " = 0");
                i++;
            } else {
                parts.add(h.show(names) + " <= 0");
            }
        }
        return parts.isEmpty() ? "everywhere" : String.join(", ", parts);
    }
}
