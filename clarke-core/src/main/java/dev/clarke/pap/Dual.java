package dev.clarke.pap;

import java.util.IdentityHashMap;
import java.util.List;

/**
 * Evaluation of {@link Analytic} expressions: plain values, domain membership, and forward mode on
 * dual numbers carrying a gradient vector. Each walk memoises by node identity, so shared
 * subexpressions of a DAG are computed once.
 */
final class Dual {

    /** A value and its gradient. */
    record Num(double value, double[] grad) {
    }

    private Dual() {
    }

    static double value(Analytic e, double[] x, IdentityHashMap<Analytic, Double> memo) {
        Double hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        double v;
        if (e instanceof Analytic.Const k) {
            v = k.value();
        } else if (e instanceof Analytic.Arg a) {
            v = x[a.index()];
        } else if (e instanceof Analytic.Power p) {
            v = power(value(p.base(), x, memo), p.exponent());
        } else {
            Analytic.Call c = (Analytic.Call) e;
            v = c.fn().apply(values(c.args(), x, memo));
        }
        memo.put(e, v);
        return v;
    }

    private static double[] values(List<Analytic> args, double[] x, IdentityHashMap<Analytic, Double> memo) {
        double[] a = new double[args.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = value(args.get(i), x, memo);
        }
        return a;
    }

    static double power(double b, double p) {
        if (p == Math.rint(p) && Math.abs(p) < 1e9) {
            return p >= 0 ? Math.pow(b, p) : 1 / Math.pow(b, -p);
        }
        return Math.pow(b, p);
    }

    static boolean inDomain(Analytic e, double[] x, IdentityHashMap<Analytic, Boolean> memo) {
        Boolean hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        boolean ok;
        if (e instanceof Analytic.Const || e instanceof Analytic.Arg) {
            ok = true;
        } else if (e instanceof Analytic.Power p) {
            double b = p.base().eval(x);
            boolean integer = p.exponent() == Math.rint(p.exponent());
            ok = inDomain(p.base(), x, memo) && (integer ? (p.exponent() >= 0 || b != 0) : b > 0);
        } else {
            Analytic.Call c = (Analytic.Call) e;
            ok = true;
            double[] a = new double[c.args().size()];
            for (int i = 0; i < a.length && ok; i++) {
                ok = inDomain(c.args().get(i), x, memo);
                a[i] = c.args().get(i).eval(x);
            }
            ok = ok && c.fn().inDomain(a);
        }
        memo.put(e, ok);
        return ok;
    }

    static Num forward(Analytic e, double[] x, int n, IdentityHashMap<Analytic, Num> memo) {
        Num hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        Num out;
        if (e instanceof Analytic.Const k) {
            out = new Num(k.value(), new double[n]);
        } else if (e instanceof Analytic.Arg a) {
            double[] g = new double[n];
            if (a.index() < n) {
                g[a.index()] = 1;
            }
            out = new Num(x[a.index()], g);
        } else if (e instanceof Analytic.Power p) {
            Num b = forward(p.base(), x, n, memo);
            double y = power(b.value(), p.exponent());
            double slope = p.exponent() == 0 ? 0 : p.exponent() * power(b.value(), p.exponent() - 1);
            out = new Num(y, scaled(b.grad(), slope, n));
        } else {
            Analytic.Call c = (Analytic.Call) e;
            Num[] args = new Num[c.args().size()];
            double[] a = new double[args.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = forward(c.args().get(i), x, n, memo);
                a[i] = args[i].value();
            }
            double y = c.fn().apply(a);
            double[] partials = c.fn().partials(a, y);
            double[] g = new double[n];
            for (int i = 0; i < args.length; i++) {
                if (partials[i] == 0) {
                    continue;
                }
                double[] gi = args[i].grad();
                for (int k = 0; k < n; k++) {
                    if (gi[k] != 0) {
                        g[k] += partials[i] * gi[k];
                    }
                }
            }
            out = new Num(y, g);
        }
        memo.put(e, out);
        return out;
    }

    private static double[] scaled(double[] g, double s, int n) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            if (g[k] != 0) {
                out[k] = s * g[k];
            }
        }
        return out;
    }
}
