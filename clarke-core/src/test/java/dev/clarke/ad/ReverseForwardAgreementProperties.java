package dev.clarke.ad;

import static dev.clarke.ad.GradCheck.IDENTITY;
import static dev.clarke.ad.GradCheck.NONZERO;
import static dev.clarke.ad.GradCheck.POSITIVE;
import static dev.clarke.ad.GradCheck.awayFrom;
import static dev.clarke.ad.GradCheck.awayFromLattice;
import static dev.clarke.ad.GradCheck.map;
import static dev.clarke.ad.GradCheck.of;
import static dev.clarke.ad.GradCheck.s;
import static dev.clarke.ad.GradCheck.scaled;
import static dev.clarke.ad.GradCheck.shapes;
import static dev.clarke.ad.GradCheck.smooth;
import static dev.clarke.ad.GradCheck.zip;

import dev.clarke.ad.GradCheck.Case;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/**
 * Reverse mode, forward mode and central differences agree at random F64 points for every
 * elementwise primitive of {@link Var} (arithmetic with broadcasting, powers, the analytic
 * functions, the piecewise ones and binary max/min). Points within 1e-3 of a kink or of a domain
 * edge are excluded by construction (domain maps) or rejected (kink predicates). The plain-double
 * twin of every program is written out here with java.lang.Math only.
 */
class ReverseForwardAgreementProperties {

    private static final int[] A = s(2, 3);
    private static final int[] ROW = s(3);
    private static final int[] COL = s(2, 1);

    /** One input of shape [2, 3]. */
    private static Case unary(String name, DoubleUnaryOperator domain, double[] kinks,
                              UnaryOperator<Var> program, DoubleUnaryOperator plain) {
        return of(name, shapes(A), domain, awayFrom(kinks), (t, x) -> program.apply(x[0]), xs -> map(xs[0], plain));
    }

    private static Case analytic(String name, DoubleUnaryOperator domain, UnaryOperator<Var> program,
                                 DoubleUnaryOperator plain) {
        return unary(name, domain, new double[0], program, plain);
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    static List<Case> arithmetic() {
        return List.of(
                smooth("add [2,3]+[3]", shapes(A, ROW), IDENTITY, (t, x) -> x[0].add(x[1]),
                        xs -> zip(xs[0], A, xs[1], ROW, Double::sum)),
                smooth("sub [2,3]-[2,1]", shapes(A, COL), IDENTITY, (t, x) -> x[0].sub(x[1]),
                        xs -> zip(xs[0], A, xs[1], COL, (a, b) -> a - b)),
                smooth("mul [2,3]*[3]", shapes(A, ROW), IDENTITY, (t, x) -> x[0].mul(x[1]),
                        xs -> zip(xs[0], A, xs[1], ROW, (a, b) -> a * b)),
                smooth("mul [2,3]*[2,3]", shapes(A, A), IDENTITY, (t, x) -> x[0].mul(x[1]),
                        xs -> zip(xs[0], A, xs[1], A, (a, b) -> a * b)),
                smooth("div [2,3]/[2,1]", shapes(A, COL), NONZERO, (t, x) -> x[0].div(x[1]),
                        xs -> zip(xs[0], A, xs[1], COL, (a, b) -> a / b)),
                smooth("div [3]/[2,3]", shapes(ROW, A), NONZERO, (t, x) -> x[0].div(x[1]),
                        xs -> zip(xs[0], ROW, xs[1], A, (a, b) -> a / b)),
                analytic("scalar ops -((2.5x+1.25-0.5)/4)", IDENTITY,
                        x -> x.mul(2.5).add(1.25).sub(0.5).div(4).neg(), x -> -((2.5 * x + 1.25 - 0.5) / 4)),
                analytic("pow 3", IDENTITY, x -> x.pow(3), x -> x * x * x),
                analytic("pow 2", IDENTITY, x -> x.pow(2), x -> x * x),
                analytic("pow -2", NONZERO, x -> x.pow(-2), x -> 1 / (x * x)),
                analytic("pow -1", NONZERO, x -> x.pow(-1), x -> 1 / x),
                analytic("pow 2.5", POSITIVE, x -> x.pow(2.5), x -> Math.pow(x, 2.5)),
                analytic("pow 0.5", POSITIVE, x -> x.pow(0.5), Math::sqrt),
                analytic("pow -0.7", POSITIVE, x -> x.pow(-0.7), x -> Math.pow(x, -0.7)),
                smooth("pow(Var) [2,3]^[3]", shapes(A, ROW), POSITIVE, (t, x) -> x[0].pow(x[1]),
                        xs -> zip(xs[0], A, xs[1], ROW, Math::pow)),
                smooth("pow(Var) [2,3]^[2,3], exponent of either sign", shapes(A, A), IDENTITY,
                        (t, x) -> x[0].abs().add(0.2).pow(x[1]),
                        xs -> zip(xs[0], A, xs[1], A, (a, b) -> Math.pow(Math.abs(a) + 0.2, b))));
    }

    static List<Case> analytic() {
        return List.of(
                analytic("exp", IDENTITY, Var::exp, Math::exp),
                analytic("log", POSITIVE, Var::log, Math::log),
                analytic("sqrt", POSITIVE, Var::sqrt, Math::sqrt),
                analytic("sin", scaled(2, 0), Var::sin, Math::sin),
                analytic("cos", scaled(2, 0), Var::cos, Math::cos),
                analytic("tanh", IDENTITY, Var::tanh, Math::tanh),
                analytic("sigmoid", scaled(3, 0), Var::sigmoid, x -> 1 / (1 + Math.exp(-x))),
                analytic("softplus", scaled(5, 0), Var::softplus, x -> Math.log(1 + Math.exp(x))));
    }

    static List<Case> piecewise() {
        return List.of(
                unary("relu", IDENTITY, new double[] {0}, Var::relu, x -> Math.max(x, 0)),
                unary("leakyRelu(0.1)", IDENTITY, new double[] {0}, x -> x.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x),
                unary("leakyRelu()", IDENTITY, new double[] {0}, Var::leakyRelu, x -> x > 0 ? x : 0.01 * x),
                unary("abs", IDENTITY, new double[] {0}, Var::abs, Math::abs),
                unary("sign", IDENTITY, new double[] {0}, Var::sign, Math::signum),
                unary("clamp(-1, 1.5)", scaled(1.5, 0), new double[] {-1, 1.5}, x -> x.clamp(-1, 1.5),
                        x -> clamp(x, -1, 1.5)),
                unary("hardtanh", scaled(1.5, 0), new double[] {-1, 1}, Var::hardtanh, x -> clamp(x, -1, 1)),
                unary("relu6", scaled(3, 3), new double[] {0, 6}, Var::relu6, x -> clamp(x, 0, 6)),
                unary("hardsigmoid", scaled(2, 0), new double[] {-3, 3}, Var::hardsigmoid,
                        x -> clamp(x / 6 + 0.5, 0, 1)),
                unary("hardswish", scaled(2, 0), new double[] {-3, 3}, Var::hardswish,
                        x -> x <= -3 ? 0 : x >= 3 ? x : x * (x + 3) / 6),
                of("floor", shapes(A), scaled(2, 0), awayFromLattice(0), (t, x) -> x[0].floor(),
                        xs -> map(xs[0], Math::floor)),
                of("round", shapes(A), scaled(2, 0), awayFromLattice(0.5), (t, x) -> x[0].round(),
                        xs -> map(xs[0], Math::rint)),
                of("max(Var) [2,3] vs [3]", shapes(A, ROW), IDENTITY, noTie(ROW), (t, x) -> x[0].max(x[1]),
                        xs -> zip(xs[0], A, xs[1], ROW, Math::max)),
                of("min(Var) [2,3] vs [2,1]", shapes(A, COL), IDENTITY, noTie(COL), (t, x) -> x[0].min(x[1]),
                        xs -> zip(xs[0], A, xs[1], COL, Math::min)),
                of("max(Var) composed: max(x, 0.5) * y", shapes(A, A), IDENTITY, awayFrom(0.5),
                        (t, x) -> x[0].max(t.constant(0.5)).mul(x[1]),
                        xs -> zip(xs[0], A, xs[1], A, (a, b) -> Math.max(a, 0.5) * b)));
    }

    /** For binary max/min of [2,3] against {@code other}: every broadcast pair is more than 1e-3 apart. */
    private static java.util.function.Predicate<double[][]> noTie(int[] other) {
        return xs -> {
            double[] d = zip(xs[0], A, xs[1], other, (a, b) -> a - b);
            for (double v : d) {
                if (Math.abs(v) <= GradCheck.MARGIN) {
                    return false;
                }
            }
            return true;
        };
    }

    @Provide
    Arbitrary<Case> arithmeticCases() {
        return Arbitraries.of(arithmetic());
    }

    @Provide
    Arbitrary<Case> analyticCases() {
        return Arbitraries.of(analytic());
    }

    @Provide
    Arbitrary<Case> piecewiseCases() {
        return Arbitraries.of(piecewise());
    }

    @Property(tries = 1500)
    void arithmeticAgrees(@ForAll("arithmeticCases") Case c,
                          @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                          @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }

    @Property(tries = 800)
    void analyticAgrees(@ForAll("analyticCases") Case c,
                        @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                        @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }

    @Property(tries = 1500, maxDiscardRatio = 20)
    void piecewiseAgreesAwayFromKinks(@ForAll("piecewiseCases") Case c,
                                      @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                                      @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }
}
