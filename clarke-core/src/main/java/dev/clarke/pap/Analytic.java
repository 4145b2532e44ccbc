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

    /**
     * A constant.
     *
     * @param v the constant's value
     * @return the constant expression
     */
    static Analytic c(double v) {
        return new Const(v);
    }

    /**
     * Argument {@code i}.
     *
     * @param i the argument's index, from 0
     * @return the expression x_i
     */
    static Analytic arg(int i) {
        return new Arg(i);
    }

    /**
     * {@code fn(args)}.
     *
     * @param fn the analytic primitive applied
     * @param args its arguments, {@code fn.arity()} of them
     * @return the expression fn(args)
     * @throws IllegalArgumentException if the number of arguments is not the arity
     */
    static Analytic call(Fn fn, Analytic... args) {
        if (args.length != fn.arity()) {
            throw new IllegalArgumentException(fn + " takes " + fn.arity() + " arguments, got " + args.length);
        }
        return new Call(fn, List.of(args));
    }

    /**
     * this + o.
     *
     * @param o the other summand
     * @return the expression this + o (just the other side when one side is the constant 0)
     */
    default Analytic plus(Analytic o) {
        if (o instanceof Const k && k.value() == 0) {
            return this;
        }
        if (this instanceof Const k && k.value() == 0) {
            return o;
        }
        return call(Fn.ADD, this, o);
    }

    /**
     * this − o.
     *
     * @param o the subtrahend
     * @return the expression this − o
     */
    default Analytic minus(Analytic o) {
        if (o instanceof Const k && k.value() == 0) {
            return this;
        }
        return call(Fn.SUB, this, o);
    }

    /**
     * this · o.
     *
     * @param o the other factor
     * @return the expression this · o
     */
    default Analytic times(Analytic o) {
        return call(Fn.MUL, this, o);
    }

    /**
     * this · k.
     *
     * @param k a constant factor
     * @return the expression k · this
     */
    default Analytic times(double k) {
        return k == 1 ? this : call(Fn.MUL, c(k), this);
    }

    /** {@return the expression −this} */
    default Analytic negate() {
        return call(Fn.NEG, this);
    }

    /**
     * The value at {@code x}.
     *
     * @param x the arguments' values; at least as many as the largest index used
     * @return the value at {@code x} (NaN or ±∞ outside the domain, as Java's arithmetic gives)
     */
    default double eval(double[] x) {
        return Dual.value(this, x, new IdentityHashMap<>());
    }

    /**
     * Whether {@code x} lies in the open domain (log argument &gt; 0, divisor ≠ 0, sqrt argument
     * &gt; 0, ...).
     *
     * @param x the arguments' values
     * @return whether {@code x} lies in the open domain
     */
    default boolean inDomain(double[] x) {
        return Dual.inDomain(this, x, new IdentityHashMap<>());
    }

    /**
     * The gradient at {@code x} with respect to the first {@code n} arguments, by forward mode on
     * dual numbers.
     *
     * @param x the arguments' values
     * @param n how many leading arguments to differentiate by
     * @return the n partial derivatives at {@code x}
     */
    default double[] gradient(double[] x, int n) {
        return Dual.forward(this, x, n, new IdentityHashMap<>()).grad();
    }

    /**
     * This expression with argument i replaced by {@code args[i]} (composition).
     *
     * @param args one expression per argument index used
     * @return the composition this(args)
     */
    default Analytic substitute(List<Analytic> args) {
        return Compose.substitute(this, args, new IdentityHashMap<>());
    }

    /**
     * ∂/∂ argument {@code i}, symbolically.
     *
     * @param i the argument's index
     * @return the partial derivative ∂/∂x_i as an expression
     */
    default Analytic derivative(int i) {
        return Compose.derivative(this, i, new IdentityHashMap<>());
    }

    /**
     * Readable text with the given argument names (e.g. {@code relu}'s branch {@code x}).
     *
     * @param names one name per argument index used
     * @return the expression as readable text
     */
    default String show(List<String> names) {
        return SharedShow.show(this, names);
    }
}
