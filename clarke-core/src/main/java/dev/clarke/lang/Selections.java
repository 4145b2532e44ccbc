package dev.clarke.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Lowers the continuous selections among a program's {@code if}s to max/min form, so the abs-normal
 * certifier sees a kink where it would otherwise see a branch. {@code if (l > r) A else B} (also
 * {@code >=}; {@code <}, {@code <=} with g = r − l) is a continuous selection when A − B vanishes on
 * the boundary g = l − r = 0; the sufficient condition decided here is the exact identity
 * <pre>
 *   A − B = h·g       (polynomials with rational coefficients over the same atoms)
 * </pre>
 * where atoms are the non-polynomial sub-programs (relu(…), sin(…), …, compared structurally after
 * normalising their arguments; max(u, u) and min(u, u) are u), so the identity holds as functions wherever the atoms are defined,
 * not just at one point. Then the if equals {@code B + h·relu(g)} everywhere (g &gt; 0: B + h·g = A;
 * g ≤ 0: B; on g = 0 both branches agree), which is {@code max(A, B)} for a constant h &gt; 0,
 * {@code min(A, B)} for h &lt; 0 and A itself for h = 0. Identity checking is exact: the program's
 * literals are converted to rationals without rounding ({@link Polynomial}); only a non-constant h
 * is written back with double coefficients. An if not shown continuous is kept as it is.
 */
public final class Selections {

    /** The most expression nodes the analysis may build while inlining {@code let}s. */
    static final int MAX_NODES = 20_000;

    private final Map<String, Integer> atomIds = new HashMap<>();
    private final List<Expr> atoms = new ArrayList<>();
    private final Program original;
    private final Map<String, Double> point;
    private int nodes;
    private int lowered;
    private int firstOrder;

    /** {@return the atoms, by number} */
    List<Expr> atoms() {
        return atoms;
    }

    /** Counts one more if lowered exactly. */
    void countLowered() {
        lowered++;
    }

    private Selections(Program original, Map<String, Double> point) {
        this.original = original;
        this.point = point;
    }

    /**
     * A program with its continuous if-selections lowered.
     *
     * @param program    the lowered program (the same object when nothing was lowered); it keeps
     *                   the original's variables, in order
     * @param lowered    how many ifs were lowered
     * @param firstOrder how many of them were lowered only to first order at the point (then the
     *                   program equals the original up to a term with strict derivative 0 there)
     */
    public record Lowered(Program program, int lowered, int firstOrder) {
    }

    /**
     * Lowers every {@code if} of {@code program} whose branches are shown to agree on its boundary
     * by the identity A − B = h·g: the result is the same function.
     *
     * @param program the program
     * @return the lowered program and the number of ifs lowered
     */
    public static Lowered lower(Program program) {
        return lower(program, null);
    }

    /**
     * As {@link #lower(Program)}, and also, at the point {@code at}, the ifs whose branches are smooth
     * there and agree on the boundary by substitution ({@link SelectionSlope}): those become
     * {@code B + c·relu(g)} with c = h(x̊), equal to the program up to a term whose strict derivative
     * at the point is 0 (enough for the abs-normal form there, not elsewhere).
     *
     * @param program the program
     * @param at      the point (null: identities only)
     * @return the lowered program and the numbers of ifs lowered
     */
    public static Lowered lower(Program program, Map<String, Double> at) {
        Selections s = new Selections(program, at);
        Expr root = s.rewrite(program.root(), null);
        return s.lowered == 0 ? new Lowered(program, 0, 0) : new Lowered(program.withRoot(root), s.lowered, s.firstOrder);
    }

    /** A let binding in scope: its (rewritten) value, inlined, and its polynomial. */
    private record Scope(String name, Expr inlined, Polynomial poly, Scope outer) {
        Scope find(String n) {
            for (Scope s = this; s != null; s = s.outer) {
                if (s.name.equals(n)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Past the node budget or the term budget: this if is not analysed. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super("budget", null, false, false);
        }
    }

    private Expr rewrite(Expr e, Scope sc) {
        if (e instanceof Expr.If f) {
            int before = firstOrder;
            Expr.Compare t = f.test();
            Expr l = rewrite(t.left(), sc);
            Expr r = rewrite(t.right(), sc);
            Expr a = rewrite(f.then(), sc);
            Expr b = rewrite(f.otherwise(), sc);
            Expr kept = new Expr.If(new Expr.Compare(l, t.op(), r, t.position()), a, b, f.position());
            // branches holding a first-order lowering are equal to the program only to first order at
            // the point: no identity about them says the if is continuous, so it is kept
            Expr low = firstOrder > before ? null : select(l, t, r, a, b, sc, f.position());
            return low == null ? kept : low;
        } else if (e instanceof Expr.Let l) {
            Expr v = rewrite(l.value(), sc);
            return new Expr.Let(l.name(), v, rewrite(l.body(), bind(l.name(), v, sc)), l.position());
        }
        return ExprTrees.children(e, x -> rewrite(x, sc));
    }

    private Scope bind(String name, Expr value, Scope sc) {
        Expr inlined;
        Polynomial p;
        try {
            inlined = inline(value, sc);
            p = normalise(value, sc);
        } catch (GiveUp | Polynomial.TooLarge ex) {
            inlined = null;
            p = null;
        }
        return new Scope(name, inlined, p, sc);
    }

    /** The lowered form of one if, or null when it is not shown to be a continuous selection. */
    private Expr select(Expr l, Expr.Compare t, Expr r, Expr a, Expr b, Scope sc, Position at) {
        boolean greater = t.op().symbol().startsWith(">");
        try {
            Polynomial g = greater ? normalise(l, sc).minus(normalise(r, sc)) : normalise(r, sc).minus(normalise(l, sc));
            if (g.constantValue() != null) {
                return null; // a constant test: never on a moving boundary
            }
            Polynomial d = normalise(a, sc).minus(normalise(b, sc));
            if (d.isZero()) {
                lowered++;
                return a;
            }
            Polynomial h = d.divide(g);
            if (h == null) {
                Expr square = SquareTests.lower(this, x -> inline(x, sc), a, b, g, t.op().symbol().endsWith("="));
                if (square != null) {
                    return square;
                }
                return point == null ? null : firstOrder(l, r, a, b, sc, greater, g, at);
            }
            lowered++;
            BigFraction c = h.constantValue();
            if (c != null) {
                return new Expr.Call(c.getNumerator().signum() > 0 ? "max" : "min", List.of(a, b), at);
            }
            Expr gap = new Expr.Call("sub", greater ? List.of(l, r) : List.of(r, l), at);
            Expr kink = new Expr.Call("mul", List.of(expression(h, at), new Expr.Call("relu", List.of(gap), at)), at);
            return new Expr.Call("add", List.of(b, kink), at);
        } catch (GiveUp | Polynomial.TooLarge ex) {
            return null;
        }
    }

    /**
     * The first-order lowering {@code B + c·relu(g)} when g = k·x + R for an input x absent from R
     * (k and R's coefficients doubles, so x := −R/k is written exactly), A − B vanishes identically
     * after that substitution (so on the whole boundary), and {@link SelectionSlope} finds A and B
     * smooth at the point; else null.
     */
    private Expr firstOrder(Expr l, Expr r, Expr a, Expr b, Scope sc, boolean greater, Polynomial g, Position at) {
        for (var term : g.terms().entrySet()) {
            int[] e = term.getKey().exps();
            int x = e.length - 1;
            if (term.getKey().degree() != 1 || !(atoms.get(x) instanceof Expr.Ref ref) || involves(g, x, term.getKey())) {
                continue;
            }
            BigFraction k = term.getValue();
            Polynomial rest = g.minus(Polynomial.atom(x).scale(k));
            if (!exact(k) || !rest.terms().values().stream().allMatch(Selections::exact)) {
                continue;
            }
            Expr restExpr = rest.isZero() ? new Expr.Num(0, at) : expression(rest, at);
            if (ExprTrees.substitute(restExpr, ref.name(), null) != restExpr) {
                continue; // x inside an atom of R (x − sin(x)): no explicit solution
            }
            Expr by = new Expr.Call("div", List.of(new Expr.Call("neg", List.of(restExpr), at), new Expr.Num(k.doubleValue(), at)), at);
            Expr ai = inline(a, sc);
            Expr bi = inline(b, sc);
            if (!normalise(ExprTrees.substitute(ai, ref.name(), by), null).minus(normalise(ExprTrees.substitute(bi, ref.name(), by), null)).isZero()) {
                return null;
            }
            Expr gap = inline(new Expr.Call("sub", greater ? List.of(l, r) : List.of(r, l), at), sc);
            Double c = SelectionSlope.of(original, point, ai, bi, gap, ref.name(), k.doubleValue());
            if (c == null) {   // not smooth there: the exact rewrite, but only on the boundary (off it the lazy if evaluates one branch)
                return SelectionSlope.onBoundary(original, point, gap) ? onTheBoundary(ai, bi, gap, ref.name(), k.doubleValue(), at)
                        : null;
            }
            lowered++;
            firstOrder++;
            Expr kink = new Expr.Call("mul", List.of(new Expr.Num(c, at), new Expr.Call("relu", List.of(gap), at)), at);
            return new Expr.Call("add", List.of(b, kink), at);
        }
        return null;
    }

    /**
     * The exact lowering for branches that are not smooth at the point (a kink inside a branch):
     * with x̃ = x + relu(−g)/k, which is x where g &gt; 0 and the boundary point −R/k where g ≤ 0
     * (g(x̃) = g − g = 0 there), the if equals {@code B + A(x̃) − B(x̃)}: A where g &gt; 0, and B where
     * g ≤ 0 because A − B vanishes on the whole boundary. The same function wherever A and B are
     * defined at x̃, built from abs-smooth pieces, so the certifier sees its kinks (nested in the
     * branches' own) instead of a branch.
     */
    private Expr onTheBoundary(Expr a, Expr b, Expr gap, String x, double k, Position at) {
        Expr shift = new Expr.Call("div", List.of(new Expr.Call("relu", List.of(new Expr.Call("neg", List.of(gap), at)), at),
                new Expr.Num(k, at)), at);
        Expr moved = new Expr.Call("add", List.of(new Expr.Ref(x, at), shift), at);
        Expr diff = new Expr.Call("sub", List.of(ExprTrees.substitute(a, x, moved), ExprTrees.substitute(b, x, moved)), at);
        lowered++;
        return new Expr.Call("add", List.of(b, diff), at);
    }

    /** Whether atom {@code x} occurs in a term of {@code g} other than {@code own}. */
    private static boolean involves(Polynomial g, int x, Polynomial.Monomial own) {
        for (Polynomial.Monomial m : g.terms().keySet()) {
            if (!m.equals(own) && m.exps().length > x && m.exps()[x] > 0) {
                return true;
            }
        }
        return false;
    }

    static boolean exact(BigFraction v) {
        double d = v.doubleValue();
        return Double.isFinite(d) && new BigFraction(d).equals(v);
    }

    /** The polynomial of {@code e} over atoms, in scope {@code sc}. */
    Polynomial normalise(Expr e, Scope sc) {
        count();
        if (e instanceof Expr.Num n) {
            return Polynomial.constant(n.value());
        } else if (e instanceof Expr.Ref r) {
            Scope s = sc == null ? null : sc.find(r.name());
            if (s == null) {
                return atom("$" + r.name(), r);
            }
            if (s.poly() == null) {
                throw new GiveUp();
            }
            return s.poly();
        } else if (e instanceof Expr.Let l) {
            return normalise(l.body(), bind(l.name(), l.value(), sc));
        } else if (e instanceof Expr.Call c) {
            Polynomial p = arithmetic(c, sc);
            if (p == null) {
                p = SelectionSlope.fold(c.name(), constants(c.args(), sc));
            }
            if (p == null && (c.name().equals("max") || c.name().equals("min")) && c.args().size() == 2) {
                Polynomial a = normalise(c.args().get(0), sc);   // max(u, u) = min(u, u) = u
                if (a.minus(normalise(c.args().get(1), sc)).isZero()) {
                    p = a;
                }
            }
            if (p != null) {
                return p;
            }
        }
        return atom(atomKey(e, sc), inline(e, sc));
    }

    /** The arguments' exact values when every one is a constant polynomial, else null. */
    private List<BigFraction> constants(List<Expr> args, Scope sc) {
        List<BigFraction> out = new ArrayList<>();
        for (Expr a : args) {
            BigFraction v = a instanceof Expr.Compare ? null : normalise(a, sc).constantValue();
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    /** add, sub, mul, neg, division by a constant, small integer powers; null for anything else. */
    private Polynomial arithmetic(Expr.Call c, Scope sc) {
        List<Expr> args = c.args();
        switch (c.name()) {
            case "add": return normalise(args.get(0), sc).plus(normalise(args.get(1), sc));
            case "sub": return normalise(args.get(0), sc).minus(normalise(args.get(1), sc));
            case "mul": return normalise(args.get(0), sc).times(normalise(args.get(1), sc));
            case "neg": return normalise(args.get(0), sc).scale(BigFraction.MINUS_ONE);
            case "div": {
                Polynomial den = normalise(args.get(1), sc);
                BigFraction k = den.constantValue();
                if (k != null) {
                    return k.getNumerator().signum() == 0 ? null : normalise(args.get(0), sc).scale(k.reciprocal());
                }
                // u / v with u = q·v exactly is q wherever the division is defined (v ≠ 0): sin(1)/sin(1)
                // is 1, (x·x − 1)/(x − 1) is x + 1. Where v = 0 the program itself is undefined.
                return normalise(args.get(0), sc).divide(den);
            }
            case "pow": {
                Double q = Builtins.fold(args.get(1));
                if (q == null || q != Math.rint(q) || q < 0 || q > 8) {
                    return null;
                }
                Polynomial base = normalise(args.get(0), sc);
                Polynomial p = Polynomial.constant(1);
                for (int i = 0; i < q; i++) {
                    p = p.times(base);
                }
                return p;
            }
            default: return null;
        }
    }

    /** A canonical text for a value: its polynomial's (atoms by number); a comparison by its sides. */
    private String key(Expr e, Scope sc) {
        if (e instanceof Expr.Compare c) {
            return "(" + key(c.left(), sc) + c.op().symbol() + key(c.right(), sc) + ")";
        }
        return "{" + normalise(e, sc).key() + "}";
    }

    /** A canonical text for a non-polynomial sub-program: its shape, with its arguments' keys. */
    private String atomKey(Expr e, Scope sc) {
        if (e instanceof Expr.Call c) {
            StringBuilder sb = new StringBuilder(c.name()).append('(');
            for (Expr a : c.args()) {
                sb.append(key(a, sc)).append(',');
            }
            return sb.append(')').toString();
        } else if (e instanceof Expr.If f) {
            return "if" + key(f.test(), sc) + "{" + key(f.then(), sc) + "}{" + key(f.otherwise(), sc) + "}";
        } else if (e instanceof Expr.Vector v) {
            StringBuilder sb = new StringBuilder("[");
            for (Expr a : v.elements()) {
                sb.append(key(a, sc)).append(',');
            }
            return sb.append(']').toString();
        } else if (e instanceof Expr.Index x) {
            return key(x.target(), sc) + "@" + x.index();
        }
        throw new GiveUp(); // a comparison outside a test: not a value
    }

    private Polynomial atom(String key, Expr inlined) {
        Integer id = atomIds.get(key);
        if (id == null) {
            id = atoms.size();
            atomIds.put(key, id);
            atoms.add(inlined);
        }
        return Polynomial.atom(id);
    }

    /** {@code e} with the let-bound names of {@code sc} (and its own lets) replaced by their values. */
    private Expr inline(Expr e, Scope sc) {
        count();
        if (e instanceof Expr.Ref r) {
            Scope s = sc == null ? null : sc.find(r.name());
            if (s == null) {
                return r;
            }
            if (s.inlined() == null) {
                throw new GiveUp();
            }
            return s.inlined();
        } else if (e instanceof Expr.Let l) {
            return inline(l.body(), bind(l.name(), l.value(), sc));
        }
        return ExprTrees.children(e, x -> inline(x, sc));
    }

    /** h as an expression: Σ c·Π atom^k, with the coefficients rounded to doubles. */
    Expr expression(Polynomial h, Position at) {
        Expr sum = null;
        for (var term : h.terms().entrySet()) {
            Expr prod = new Expr.Num(term.getValue().doubleValue(), at);
            int[] exps = term.getKey().exps();
            for (int i = 0; i < exps.length; i++) {
                for (int k = 0; k < exps[i]; k++) {
                    prod = new Expr.Call("mul", List.of(prod, atoms.get(i)), at);
                }
            }
            sum = sum == null ? prod : new Expr.Call("add", List.of(sum, prod), at);
        }
        return sum;
    }

    private void count() {
        if (++nodes > MAX_NODES) {
            throw new GiveUp();
        }
    }
}
