package dev.clarke.lang;

import static dev.clarke.lang.Builtin.ANY;
import static dev.clarke.lang.Builtin.ArgKind.INDEX;
import static dev.clarke.lang.Builtin.ArgKind.NUMBER;
import static dev.clarke.lang.Builtin.ArgKind.NUMBER_OR_VALUE;
import static dev.clarke.lang.Builtin.ArgKind.TEST;

import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The primitives callable by name, one line each: name, arity, the arguments that must be number
 * literals, and the {@link Var} method it calls; the one-input piecewise families come from their
 * rows ({@link Family#row()}), with their parameters. The infix operators are the first five names.
 */
final class Builtins {

    private static final Map<String, Builtin> TABLE = table(
            // arithmetic: + - * / and unary - and ^ are these
            binary("add", Var::add),
            binary("sub", Var::sub),
            binary("mul", Var::mul),
            binary("div", Var::div),
            unary("neg", Var::neg),
            Builtin.of("pow", 2, 2, Builtins::pow).with(1, NUMBER_OR_VALUE, "exponent"),
            // analytic
            unary("exp", Var::exp),
            unary("log", Var::log),
            unary("sqrt", Var::sqrt),
            unary("sin", Var::sin),
            unary("cos", Var::cos),
            unary("tanh", Var::tanh),
            unary("sigmoid", Var::sigmoid),
            unary("softplus", Var::softplus),
            // piecewise: one entry per family row (clamp needs both its bounds), then the periodic ones
            piecewise(),
            unary("floor", Var::floor),
            unary("round", Var::round),
            // max/min: two arguments elementwise, one or three and more reduce
            Builtin.of("max", 1, ANY, a -> a.count() == 2 ? a.var(0).max(a.var(1)) : a.stacked().max()),
            Builtin.of("min", 1, ANY, a -> a.count() == 2 ? a.var(0).min(a.var(1)) : a.stacked().min()),
            // reductions over one vector, or over several arguments stacked
            Builtin.of("sum", 1, ANY, a -> a.stacked().sum()),
            Builtin.of("mean", 1, ANY, a -> a.stacked().mean()),
            Builtin.of("logsumexp", 1, ANY, a -> a.stacked().logsumexp(0, false)),
            Builtin.of("softmax", 1, 1, a -> a.vector(0).softmax(-1)),
            Builtin.of("log_softmax", 1, 1, a -> a.vector(0).logSoftmax(-1)),
            // losses and linear algebra
            Builtin.of("cross_entropy", 2, 2, a -> a.var(0).crossEntropy(a.index(1))).with(1, INDEX, "class index"),
            Builtin.of("mse", 2, 2, a -> a.var(0).mse(a.var(1))),
            Builtin.of("matmul", 2, 2, a -> a.var(0).matmul(a.var(1))),
            // eager elementwise select; the lazy `if` is syntax, not a primitive
            Builtin.of("where", 3, 3, a -> Var.where(a.mask(0), a.var(1), a.var(2))).with(0, TEST, "test"));

    private Builtins() {
    }

    /** The primitive called {@code name}, or null. */
    static Builtin lookup(String name) {
        return TABLE.get(name);
    }

    /** Every name, in table order. */
    static Set<String> names() {
        return TABLE.keySet();
    }

    /**
     * x^p: with a constant exponent {@link Var#pow(double)} (integer powers of any base), else
     * {@link Var#pow(Var)}. An exponent that evaluated to a constant scalar (e.g. a let-bound
     * number) also counts as constant.
     */
    private static Var pow(Args a) {
        if (a.isNumber(1)) {
            return a.var(0).pow(a.number(1));
        }
        Var p = a.var(1);
        if (!p.requiresGrad() && p.shape().rank() == 0) {
            return a.var(0).pow(p.item());
        }
        return a.var(0).pow(p);
    }

    /**
     * The value of a constant expression (numbers combined by {@code + - * / ^} and unary minus),
     * or null when {@code e} is not one or its value is not finite.
     */
    static Double fold(Expr e) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (!(e instanceof Expr.Call c)) {
            return null;
        }
        List<Expr> args = c.args();
        Double x = args.isEmpty() ? null : fold(args.get(0));
        if (x == null) {
            return null;
        }
        if (args.size() == 1) {
            return c.name().equals("neg") ? -x : null;
        }
        Double y = args.size() == 2 ? fold(args.get(1)) : null;
        if (y == null) {
            return null;
        }
        double r;
        switch (c.name()) {
            case "add": r = x + y; break;
            case "sub": r = x - y; break;
            case "mul": r = x * y; break;
            case "div": r = x / y; break;
            case "pow": r = Math.pow(x, y); break;
            default: return null;
        }
        return Double.isFinite(r) ? r : null;
    }

    /**
     * The candidate closest to {@code name} (case ignored, a transposition counts as one edit),
     * if it is within 1 edit for short names or 2 for names of 4 or more characters; else null.
     */
    static String suggest(String name, Collection<String> candidates) {
        String key = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = key.length() >= 4 ? 3 : 2;
        for (String c : candidates) {
            int d = distance(key, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null || best.equals(name) ? null : best;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }

    private static Builtin unary(String name, UnaryOperator<Var> f) {
        return Builtin.of(name, 1, 1, a -> f.apply(a.var(0)));
    }

    private static Builtin binary(String name, BinaryOperator<Var> f) {
        return Builtin.of(name, 2, 2, a -> f.apply(a.var(0), a.var(1)));
    }

    /**
     * One primitive per family with a row, taking x and then the row's parameters as number
     * literals, each optional with its default (clamp's two bounds are required).
     */
    private static Builtin[] piecewise() {
        List<Builtin> out = new ArrayList<>();
        for (Family f : Family.values()) {
            if (f.row() == null) {
                continue;
            }
            List<String> params = f.row().params();
            int min = f == Family.CLAMP ? 1 + params.size() : 1;
            Builtin b = Builtin.of(f.id(), min, 1 + params.size(), a -> {
                double[] p = new double[a.count() - 1];
                for (int i = 0; i < p.length; i++) {
                    p[i] = a.number(i + 1);
                }
                return a.var(0).piecewise(f, p);
            });
            for (int i = 0; i < params.size(); i++) {
                b = b.with(i + 1, NUMBER, params.get(i));
            }
            out.add(b);
        }
        return out.toArray(new Builtin[0]);
    }

    private static Map<String, Builtin> table(Object... entries) {
        Map<String, Builtin> m = new LinkedHashMap<>();
        for (Object e : entries) {
            for (Builtin b : e instanceof Builtin[] many ? many : new Builtin[] {(Builtin) e}) {
                if (m.put(b.name(), b) != null) {
                    throw new IllegalStateException("duplicate primitive " + b.name());
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
