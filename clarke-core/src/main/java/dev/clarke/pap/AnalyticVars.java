package dev.clarke.pap;

import dev.clarke.ad.Var;
import java.util.IdentityHashMap;
import java.util.List;

/** Evaluates an {@link Analytic} expression on {@link Var}s, so that it is recorded and differentiable. */
final class AnalyticVars {

    private AnalyticVars() {
    }

    static Var eval(Analytic e, List<Var> args) {
        return eval(e, args, new IdentityHashMap<>());
    }

    private static Var eval(Analytic e, List<Var> args, IdentityHashMap<Analytic, Var> memo) {
        Var hit = memo.get(e);
        if (hit != null) {
            return hit;
        }
        Var out;
        if (e instanceof Analytic.Const k) {
            out = args.get(0).trace().constant(k.value());
        } else if (e instanceof Analytic.Arg a) {
            out = args.get(a.index());
        } else if (e instanceof Analytic.Power p) {
            out = eval(p.base(), args, memo).pow(p.exponent());
        } else {
            Analytic.Call c = (Analytic.Call) e;
            Var a = eval(c.args().get(0), args, memo);
            Var b = c.args().size() > 1 ? eval(c.args().get(1), args, memo) : null;
            switch (c.fn()) {
                case ADD: out = a.add(b); break;
                case SUB: out = a.sub(b); break;
                case MUL: out = a.mul(b); break;
                case DIV: out = a.div(b); break;
                case NEG: out = a.neg(); break;
                case EXP: out = a.exp(); break;
                case LOG: out = a.log(); break;
                case SQRT: out = a.sqrt(); break;
                case SIN: out = a.sin(); break;
                case COS: out = a.cos(); break;
                case TANH: out = a.tanh(); break;
                case SIGMOID: out = a.sigmoid(); break;
                case SOFTPLUS: out = a.softplus(); break;
                case POW: out = a.pow(b); break;
                default: throw new AssertionError(c.fn());
            }
        }
        memo.put(e, out);
        return out;
    }
}
