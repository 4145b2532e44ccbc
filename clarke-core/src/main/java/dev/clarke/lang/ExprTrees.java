package dev.clarke.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Walking expression trees: one level of children, height, and substitution of a variable. */
final class ExprTrees {

    private ExprTrees() {
    }

    /** {@code e} with {@code f} applied to its direct sub-expressions (calls, tests, ifs, vectors, indexing); leaves as they are. */
    static Expr children(Expr e, UnaryOperator<Expr> f) {
        if (e instanceof Expr.Call c) {
            List<Expr> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(f.apply(a));
            }
            return new Expr.Call(c.name(), args, c.position());
        } else if (e instanceof Expr.If i) {
            return new Expr.If((Expr.Compare) f.apply(i.test()), f.apply(i.then()), f.apply(i.otherwise()), i.position());
        } else if (e instanceof Expr.Compare c) {
            return new Expr.Compare(f.apply(c.left()), c.op(), f.apply(c.right()), c.position());
        } else if (e instanceof Expr.Vector v) {
            List<Expr> els = new ArrayList<>();
            for (Expr a : v.elements()) {
                els.add(f.apply(a));
            }
            return new Expr.Vector(els, v.position());
        } else if (e instanceof Expr.Index x) {
            return new Expr.Index(f.apply(x.target()), x.index(), x.position());
        }
        return e; // Num, Ref
    }

    /** The height of {@code e}'s tree (1 for a leaf), computed without recursion: the tree may be tall. */
    static int height(Expr e) {
        ArrayDeque<Expr> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(e);
        depths.push(1);
        int tallest = 0;
        while (!nodes.isEmpty()) {
            Expr n = nodes.pop();
            int d = depths.pop();
            tallest = Math.max(tallest, d);
            for (Expr c : direct(n)) {
                nodes.push(c);
                depths.push(d + 1);
            }
        }
        return tallest;
    }

    /** The direct sub-expressions of {@code e}, in source order (a let's value, then its body). */
    static List<Expr> direct(Expr e) {
        if (e instanceof Expr.Call c) {
            return c.args();
        } else if (e instanceof Expr.If i) {
            return List.of(i.test(), i.then(), i.otherwise());
        } else if (e instanceof Expr.Compare c) {
            return List.of(c.left(), c.right());
        } else if (e instanceof Expr.Let l) {
            return List.of(l.value(), l.body());
        } else if (e instanceof Expr.Vector v) {
            return v.elements();
        } else if (e instanceof Expr.Index x) {
            return List.of(x.target());
        }
        return List.of(); // Num, Ref
    }

    /**
     * {@code e} (let-free) with every reference to {@code name} replaced by {@code by}; the same
     * object when there is none (so {@code by} = null tests whether {@code e} mentions {@code name}).
     */
    static Expr substitute(Expr e, String name, Expr by) {
        if (e instanceof Expr.Ref r) {
            return r.name().equals(name) ? (by == null ? new Expr.Num(0, r.position()) : by) : r;
        }
        Expr[] changed = {null};
        Expr out = children(e, c -> {
            Expr s = substitute(c, name, by);
            if (s != c) {
                changed[0] = s;
            }
            return s;
        });
        return changed[0] == null ? e : out;
    }
}
