package dev.clarke.pap;

import static dev.clarke.pap.Analytic.c;
import static dev.clarke.pap.Analytic.call;

import java.util.List;

/**
 * The analytic primitives of {@link Analytic} expressions, one table: value, open domain, the
 * partial derivatives at a point (for forward mode) and as expressions (for symbolic
 * differentiation).
 */
public enum Fn {
    /** a + b. */
    ADD(2),
    /** a − b. */
    SUB(2),
    /** a · b. */
    MUL(2),
    /** a / b, b ≠ 0. */
    DIV(2),
    /** −a. */
    NEG(1),
    /** e^a. */
    EXP(1),
    /** ln a, a &gt; 0. */
    LOG(1),
    /** √a, a &gt; 0 (open domain: √ is not analytic at 0). */
    SQRT(1),
    /** sin a. */
    SIN(1),
    /** cos a. */
    COS(1),
    /** tanh a. */
    TANH(1),
    /** 1 / (1 + e^−a). */
    SIGMOID(1),
    /** ln(1 + e^a). */
    SOFTPLUS(1),
    /** a^b with a variable exponent, a &gt; 0. */
    POW(2);

    private final int arity;

    Fn(int arity) {
        this.arity = arity;
    }

    /** {@return the number of arguments} */
    public int arity() {
        return arity;
    }

    /**
     * The value.
     *
     * @param a the arguments, {@link #arity()} of them
     * @return the value (NaN or ±∞ outside the domain, as Java's arithmetic gives)
     */
    public double apply(double[] a) {
        switch (this) {
            case ADD: return a[0] + a[1];
            case SUB: return a[0] - a[1];
            case MUL: return a[0] * a[1];
            case DIV: return a[0] / a[1];
            case NEG: return -a[0];
            case EXP: return Math.exp(a[0]);
            case LOG: return Math.log(a[0]);
            case SQRT: return Math.sqrt(a[0]);
            case SIN: return Math.sin(a[0]);
            case COS: return Math.cos(a[0]);
            case TANH: return Math.tanh(a[0]);
            case SIGMOID: return a[0] >= 0 ? 1 / (1 + Math.exp(-a[0])) : Math.exp(a[0]) / (1 + Math.exp(a[0]));
            case SOFTPLUS: return Math.max(a[0], 0) + Math.log1p(Math.exp(-Math.abs(a[0])));
            case POW: return Math.pow(a[0], a[1]);
            default: throw new AssertionError(this);
        }
    }

    /**
     * Whether the arguments lie in the open domain on which this function is analytic.
     *
     * @param a the arguments, {@link #arity()} of them
     * @return whether they lie in the open domain on which this function is analytic
     */
    public boolean inDomain(double[] a) {
        switch (this) {
            case DIV: return a[1] != 0;
            case LOG: case SQRT: case POW: return a[0] > 0;
            default: return true;
        }
    }

    /**
     * The partial derivatives at {@code a}, given the value {@code y}.
     *
     * @param a the arguments, {@link #arity()} of them
     * @param y the value at {@code a}, reused by rules such as exp's
     * @return one partial derivative per argument
     */
    public double[] partials(double[] a, double y) {
        switch (this) {
            case ADD: return new double[] {1, 1};
            case SUB: return new double[] {1, -1};
            case MUL: return new double[] {a[1], a[0]};
            case DIV: return new double[] {1 / a[1], -a[0] / (a[1] * a[1])};
            case NEG: return new double[] {-1};
            case EXP: return new double[] {y};
            case LOG: return new double[] {1 / a[0]};
            case SQRT: return new double[] {0.5 / y};
            case SIN: return new double[] {Math.cos(a[0])};
            case COS: return new double[] {-Math.sin(a[0])};
            case TANH: return new double[] {1 - y * y};
            case SIGMOID: return new double[] {y * (1 - y)};
            case SOFTPLUS: return new double[] {SIGMOID.apply(a)};
            case POW: return new double[] {a[1] * Math.pow(a[0], a[1] - 1), y * Math.log(a[0])};
            default: throw new AssertionError(this);
        }
    }

    /**
     * The partial derivative by argument {@code j} as an expression, for {@code self = this(args)}.
     *
     * @param j the argument's index
     * @param args the argument expressions, {@link #arity()} of them
     * @param self the expression this(args), reused by rules such as exp's
     * @return ∂ this(args) / ∂ args[j] as an expression in the arguments
     */
    public Analytic partial(int j, List<Analytic> args, Analytic self) {
        Analytic a = args.get(0);
        switch (this) {
            case ADD: return c(1);
            case SUB: return c(j == 0 ? 1 : -1);
            case MUL: return args.get(1 - j);
            case DIV: return j == 0 ? call(DIV, c(1), args.get(1))
                    : call(DIV, a, args.get(1).times(args.get(1))).negate();
            case NEG: return c(-1);
            case EXP: return self;
            case LOG: return call(DIV, c(1), a);
            case SQRT: return call(DIV, c(0.5), self);
            case SIN: return call(COS, a);
            case COS: return call(SIN, a).negate();
            case TANH: return c(1).minus(self.times(self));
            case SIGMOID: return self.times(c(1).minus(self));
            case SOFTPLUS: return call(SIGMOID, a);
            case POW: return j == 0 ? args.get(1).times(call(POW, a, args.get(1).minus(c(1))))
                    : self.times(call(LOG, a));
            default: throw new AssertionError(this);
        }
    }

    /** {@return the name as written in expressions, e.g. {@code +} or {@code exp}} */
    public String symbol() {
        switch (this) {
            case ADD: return "+";
            case SUB: return "-";
            case MUL: return "*";
            case DIV: return "/";
            case NEG: return "-";
            case POW: return "^";
            default: return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
