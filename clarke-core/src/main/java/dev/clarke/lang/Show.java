package dev.clarke.lang;

import java.util.List;

/** Prints an {@link Expr} as an S-expression (see {@link Expr#show()}). */
final class Show {

    private Show() {
    }

    static void append(StringBuilder sb, Expr e) {
        if (e instanceof Expr.Num n) {
            sb.append(number(n.value()));
        } else if (e instanceof Expr.Ref r) {
            sb.append(r.name());
        } else if (e instanceof Expr.Call c) {
            sb.append('(').append(c.name());
            all(sb, c.args());
            sb.append(')');
        } else if (e instanceof Expr.If f) {
            sb.append("(if ");
            append(sb, f.test());
            all(sb, List.of(f.then(), f.otherwise()));
            sb.append(')');
        } else if (e instanceof Expr.Let l) {
            sb.append("(let ").append(l.name());
            all(sb, List.of(l.value(), l.body()));
            sb.append(')');
        } else if (e instanceof Expr.Vector v) {
            sb.append('[');
            for (int i = 0; i < v.elements().size(); i++) {
                sb.append(i == 0 ? "" : " ");
                append(sb, v.elements().get(i));
            }
            sb.append(']');
        } else if (e instanceof Expr.Index x) {
            sb.append("(at ");
            append(sb, x.target());
            sb.append(' ').append(x.index()).append(')');
        } else if (e instanceof Expr.Compare c) {
            sb.append('(').append(c.op().symbol());
            all(sb, List.of(c.left(), c.right()));
            sb.append(')');
        }
    }

    private static void all(StringBuilder sb, List<Expr> es) {
        for (Expr a : es) {
            sb.append(' ');
            append(sb, a);
        }
    }

    /** Integers without a fraction ({@code 3}, {@code -0}), others as Java prints them. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (v == 0 && 1 / v < 0) ? "-0" : Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
