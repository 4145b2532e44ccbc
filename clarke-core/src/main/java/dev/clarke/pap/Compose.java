package dev.clarke.pap;

import static dev.clarke.pap.Analytic.c;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/** Structural operations on {@link Analytic} expressions: composition, symbolic derivatives, printing. */
final class Compose {

    private Compose() {
    }

    static Analytic substitute(Analytic e, List<Analytic> args, IdentityHashMap<Analytic, Analytic> memo) {
        Analytic hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        Analytic out;
        if (e instanceof Analytic.Const) {
            out = e;
        } else if (e instanceof Analytic.Arg a) {
            if (a.index() >= args.size()) {
                throw new IllegalArgumentException("argument " + a.index() + " has no substitute (" + args.size() + " given)");
            }
            out = args.get(a.index());
        } else if (e instanceof Analytic.Power p) {
            out = new Analytic.Power(substitute(p.base(), args, memo), p.exponent());
        } else {
            Analytic.Call c = (Analytic.Call) e;
            List<Analytic> na = new ArrayList<>(c.args().size());
            for (Analytic a : c.args()) {
                na.add(substitute(a, args, memo));
            }
            out = new Analytic.Call(c.fn(), List.copyOf(na));
        }
        memo.put(e, out);
        return out;
    }

    static Analytic derivative(Analytic e, int i, IdentityHashMap<Analytic, Analytic> memo) {
        Analytic hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        Analytic out;
        if (e instanceof Analytic.Const) {
            out = c(0);
        } else if (e instanceof Analytic.Arg a) {
            out = c(a.index() == i ? 1 : 0);
        } else if (e instanceof Analytic.Power p) {
            Analytic db = derivative(p.base(), i, memo);
            out = isZero(db) ? c(0) : new Analytic.Power(p.base(), p.exponent() - 1).times(p.exponent()).times(db);
        } else {
            Analytic.Call c = (Analytic.Call) e;
            Analytic sum = null;
            for (int j = 0; j < c.args().size(); j++) {
                Analytic dj = derivative(c.args().get(j), i, memo);
                if (isZero(dj)) {
                    continue;
                }
                Analytic term = c.fn().partial(j, c.args(), e).times(dj);
                sum = sum == null ? term : sum.plus(term);
            }
            out = sum == null ? c(0) : sum;
        }
        memo.put(e, out);
        return out;
    }

    private static boolean isZero(Analytic e) {
        return e instanceof Analytic.Const k && k.value() == 0;
    }

    static String show(Analytic e, List<String> names) {
        return show(e, names, java.util.Map.of());
    }

    /** {@code e} as text, each node of {@code named} (by identity) printed as its name. */
    static String show(Analytic e, List<String> names, java.util.Map<Analytic, String> named) {
        String name = named.isEmpty() ? null : named.get(e);
        if (name != null) {
            return name;
        }
        if (e instanceof Analytic.Const k) {
            double v = k.value();
            String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            return v < 0 ? "(" + s + ")" : s;
        }
        if (e instanceof Analytic.Arg a) {
            return a.index() < names.size() ? names.get(a.index()) : "x" + a.index();
        }
        if (e instanceof Analytic.Power p) {
            return "(" + show(p.base(), names, named) + ")^" + show(c(p.exponent()), names, named);
        }
        Analytic.Call c = (Analytic.Call) e;
        Fn fn = c.fn();
        if (fn == Fn.NEG) {
            Analytic a = c.args().get(0);
            String inner = show(a, names, named);
            return a instanceof Analytic.Call ac && ac.fn().arity() == 2 ? "-" + inner : "-(" + inner + ")";
        }
        if (fn == Fn.MUL && c.args().get(0) instanceof Analytic.Const k && k.value() == -1) {
            return "-" + show(c.args().get(1), names, named);
        }
        if (fn.arity() == 2 && fn != Fn.POW || fn == Fn.POW) {
            return "(" + show(c.args().get(0), names, named) + " " + fn.symbol() + " " + show(c.args().get(1), names, named) + ")";
        }
        return fn.symbol() + "(" + show(c.args().get(0), names, named) + ")";
    }
}
