package dev.clarke.pap;

import java.util.IdentityHashMap;
import java.util.List;

/**
 * An analytic function of indexed real arguments, as an expression DAG: the branches of PAP
 * pieces and the constraint functions of analytic sets. It evaluates itself, knows its open domain,
 * composes (substitutes expressions for arguments), differentiates symbolically, and computes its
 * gradient by its own forward mode over dual numbers ({@link #gradient}) — an implementation
 * independent of the tensor AD engine, used as the checker's oracle.
 */
public sealed interface Analytic permits Analytic.Const, Analytic.Arg, Analytic.Call, Analytic.Power {

    /** A constant. */
    record Const(double value) implements Analytic { }

    /** The {@code index}-th argument. */
    record Arg(int index) implements Analytic { }

    /** An analytic primitive applied to arguments. */
    record Call(Fn fn, List<Analytic> args) implements Analytic { }

    /** {@code base ^ exponent} for a constant exponent. */
    record Power(Analytic base, double exponent) implements Analytic { }

    /** A constant. */
    static Analytic c(double v) {
        return new Const(v);
    }

    /** Argument {@code i}. */
    static Analytic arg(int i) {
        return new Arg(i);
    }

    /** {@code fn(args)}. */
    static Analytic call(Fn fn, Analytic... args) {
        if (args.length != fn.arity()) {
            throw new IllegalArgumentException(fn + " takes " + fn.arity() + " arguments, got " + args.length);
        }
        return new Call(fn, List.of(args));
    }

    /** this + o. */
    default Analytic plus(Analytic o) {
        if (o instanceof Const k && k.value() == 0) {
            return this;
        }
        if (this instanceof Const k && k.value() == 0) {
            return o;
        }
        return call(Fn.ADD, this, o);
    }

    /** this − o. */
    default Analytic minus(Analytic o) {
        if (o instanceof Const k && k.value() == 0) {
            return this;
        }
        return call(Fn.SUB, this, o);
    }

    /** this · o. */
    default Analytic times(Analytic o) {
        return call(Fn.MUL, this, o);
    }

    /** this · k. */
    default Analytic times(double k) {
        return k == 1 ? this : call(Fn.MUL, c(k), this);
    }

    /** −this. */
    default Analytic negate() {
        return call(Fn.NEG, this);
    }

    /** The value at {@code x}. */
    default double eval(double[] x) {
        return Dual.value(this, x, new IdentityHashMap<>());
    }

    /** Whether {@code x} lies in the open domain (log argument &gt; 0, divisor ≠ 0, sqrt argument &gt; 0, ...). */
    default boolean inDomain(double[] x) {
        return Dual.inDomain(this, x, new IdentityHashMap<>());
    }

    /** The gradient at {@code x} with respect to the first {@code n} arguments, by forward mode on dual numbers. */
    default double[] gradient(double[] x, int n) {
        return Dual.forward(this, x, n, new IdentityHashMap<>()).grad();
    }

    /** This expression with argument i replaced by {@code args[i]} (composition). */
    default Analytic substitute(List<Analytic> args) {
        return Compose.substitute(this, args, new IdentityHashMap<>());
    }

    /** ∂/∂ argument {@code i}, symbolically. */
    default Analytic derivative(int i) {
        return Compose.derivative(this, i, new IdentityHashMap<>());
    }

    /** Readable text with the given argument names (e.g. {@code relu}'s branch {@code x}). */
    default String show(List<String> names) {
        return SharedShow.show(this, names);
    }
}
