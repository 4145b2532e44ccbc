package dev.clarke.lang;

import dev.clarke.ad.DomainException;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.Builtin.ArgKind;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records a program on a trace by calling {@link Var} methods, node by node. {@code if} goes
 * through {@link Var#cond}, so only the taken branch is evaluated. An
 * {@link IllegalArgumentException} from the layer below becomes an {@link EvaluationError} at the
 * node that caused it; {@link dev.clarke.ad.DomainException} passes through unchanged. A primitive
 * that leaves its domain (division by zero, log or sqrt of a negative) on a taken path is a
 * {@link DomainException} at once, even when a later operation would hide it (hardtanh(1/0) = 1);
 * only inside the eager sides of {@code where} is it left for the trace to judge (an error if the
 * value reaches the output).
 */
final class Evaluator {

    /** The {@code let} bindings in scope, innermost first, over the environment. */
    private record Scope(String name, Var value, Scope outer) {
    }

    private final Trace trace;
    private final Map<String, Var> env;
    /** How many {@code where} value arguments enclose the node being evaluated (their sides are eager, not taken). */
    private int insideWhere;

    Evaluator(Trace trace, Map<String, Var> env) {
        this.trace = trace;
        this.env = env;
    }

    Var eval(Expr e) {
        return eval(e, null);
    }

    private Var eval(Expr e, Scope scope) {
        if (e instanceof Expr.Num n) {
            return trace.constant(n.value());
        } else if (e instanceof Expr.Ref r) {
            return lookup(r, scope);
        } else if (e instanceof Expr.Call c) {
            return call(c, scope);
        } else if (e instanceof Expr.Let l) {
            Var v = eval(l.value(), scope);
            return eval(l.body(), new Scope(l.name(), v, scope));
        } else if (e instanceof Expr.If f) {
            return conditional(f, scope);
        } else if (e instanceof Expr.Vector v) {
            return vector(v, scope);
        } else if (e instanceof Expr.Index x) {
            return index(x, scope);
        }
        throw new EvaluationError(e.position(),
                "a comparison may only be the test of 'if (...)' or the first argument of 'where'");
    }

    private Var lookup(Expr.Ref r, Scope scope) {
        for (Scope s = scope; s != null; s = s.outer()) {
            if (s.name().equals(r.name())) {
                return s.value();
            }
        }
        Var v = env.get(r.name());
        if (v != null) {
            return v;
        }
        String detail = "unknown variable '" + r.name() + "'";
        if (Builtins.lookup(r.name()) != null) {
            throw new EvaluationError(r.position(), detail + ": " + r.name() + " is a function, call it as "
                    + r.name() + "(...)");
        }
        List<String> known = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.outer()) {
            known.add(s.name());
        }
        known.addAll(env.keySet());
        String hint = Builtins.suggest(r.name(), known);
        throw new EvaluationError(r.position(), detail + (hint == null ? "" : ": did you mean '" + hint + "'?"));
    }

    private Var call(Expr.Call c, Scope scope) {
        Builtin b = Builtins.lookup(c.name());
        if (b == null) {
            throw new EvaluationError(c.position(), "unknown function '" + c.name() + "'");
        }
        int n = c.args().size();
        if (!b.accepts(n)) {
            throw new EvaluationError(c.position(), b.arityMessage(n));
        }
        Var[] vars = new Var[n];
        double[] numbers = new double[n];
        boolean[] isNumber = new boolean[n];
        Tensor[] masks = new Tensor[n];
        for (int i = 0; i < n; i++) {
            Expr arg = c.args().get(i);
            ArgKind kind = b.kind(i);
            if (kind == ArgKind.TEST) {
                masks[i] = mask(arg, scope);
                continue;
            }
            Double folded = kind == ArgKind.VALUE ? null : Builtins.fold(arg);
            if (folded != null) {
                numbers[i] = folded;
                isNumber[i] = true;
            } else if (kind == ArgKind.NUMBER || kind == ArgKind.INDEX) {
                throw new EvaluationError(arg.position(), b.name() + ": " + b.label(i) + " must be a number literal");
            } else {
                boolean eager = b.name().equals("where");
                insideWhere += eager ? 1 : 0;
                try {
                    vars[i] = eval(arg, scope);
                } finally {
                    insideWhere -= eager ? 1 : 0;
                }
            }
        }
        Args args = new Args(b.name(), vars, numbers, isNumber, masks);
        int seen = trace.violations().size();
        Var out = guard(c.position(), b.name(), () -> b.impl().apply(args));
        if (insideWhere == 0 && trace.violations().size() > seen) {
            // a taken path left the domain (1/0, log of -1, ...): an error even if later operations hide it (hardtanh(1/0) = 1)
            throw new DomainException(trace.violations().get(seen));
        }
        return out;
    }

    private Tensor mask(Expr arg, Scope scope) {
        if (!(arg instanceof Expr.Compare t)) {
            throw new EvaluationError(arg.position(), "where: the test must be a comparison such as x > 0");
        }
        Var l = eval(t.left(), scope);
        Var r = eval(t.right(), scope);
        return guard(t.position(), "where", () -> l.compare(t.op(), r));
    }

    private Var conditional(Expr.If f, Scope scope) {
        Expr.Compare t = f.test();
        Var l = eval(t.left(), scope);
        Var r = eval(t.right(), scope);
        if (l.value().size() != 1 || r.value().size() != 1) {
            throw new EvaluationError(t.position(), "the test of 'if' must compare scalars, got shapes "
                    + l.shape() + " and " + r.shape() + ": use where(...) to choose elementwise");
        }
        return guard(f.position(), "if",
                () -> Var.cond(l, t.op(), r, () -> eval(f.then(), scope), () -> eval(f.otherwise(), scope)));
    }

    private Var vector(Expr.Vector v, Scope scope) {
        List<Var> parts = new ArrayList<>(v.elements().size());
        for (Expr el : v.elements()) {
            Var x = eval(el, scope);
            if (x.shape().rank() > 1) {
                throw new EvaluationError(el.position(),
                        "a vector element must be a scalar or a vector, got shape " + x.shape());
            }
            parts.add(x);
        }
        return guard(v.position(), "vector", () -> {
            List<Var> flat = new ArrayList<>(parts.size());
            for (Var x : parts) {
                flat.add(Args.flatten(x));
            }
            return flat.size() == 1 ? flat.get(0) : Var.concat(flat, 0);
        });
    }

    private Var index(Expr.Index x, Scope scope) {
        Var v = eval(x.target(), scope);
        Shape s = v.shape();
        if (s.rank() == 0) {
            throw new EvaluationError(x.position(), "cannot index a scalar");
        }
        int i = x.index();
        if (i >= s.dim(0)) {
            throw new EvaluationError(x.position(), "index " + i + " is out of range for a "
                    + (s.rank() == 1 ? "vector of length " + s.dim(0) : "value of shape " + s));
        }
        int[] rest = new int[s.rank() - 1];
        System.arraycopy(s.dims(), 1, rest, 0, rest.length);
        return guard(x.position(), "index", () -> v.slice(0, i, i + 1).reshape(rest));
    }

    /** Runs one operation of the layer below, reporting its argument errors at {@code at}. */
    private static <T> T guard(Position at, String name, Supplier<T> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException ex) {
            String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            throw new EvaluationError(at, m.startsWith(name) ? m : name + ": " + m, ex);
        }
    }
}
