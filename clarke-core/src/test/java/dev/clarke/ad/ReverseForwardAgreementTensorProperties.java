package dev.clarke.ad;

import static dev.clarke.ad.GradCheck.IDENTITY;
import static dev.clarke.ad.GradCheck.distinct;
import static dev.clarke.ad.GradCheck.expand;
import static dev.clarke.ad.GradCheck.matmul;
import static dev.clarke.ad.GradCheck.of;
import static dev.clarke.ad.GradCheck.s;
import static dev.clarke.ad.GradCheck.shapes;
import static dev.clarke.ad.GradCheck.smooth;

import dev.clarke.ad.GradCheck.Case;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/**
 * Reverse mode, forward mode and central differences agree at random F64 points for the
 * reductions (sum, mean, max, min, whole and along an axis), matmul (2-D, batched with and without
 * batch broadcasting, 1-D operands), the shape operations, the losses and where. Reference
 * implementations are plain loops over row-major [2, 3] arrays.
 */
class ReverseForwardAgreementTensorProperties {

    private static final int[] A = s(2, 3);

    /** Reduces a row-major [2, 3] array along {@code axis} with {@code op} (identity {@code init}). */
    private static double[] reduce(double[] x, int axis, double init, DoubleBinaryOperator op) {
        double[] out = new double[axis == 0 ? 3 : 2];
        java.util.Arrays.fill(out, init);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                int o = axis == 0 ? j : i;
                out[o] = op.applyAsDouble(out[o], x[i * 3 + j]);
            }
        }
        return out;
    }

    private static double[] all(double[] x, double init, DoubleBinaryOperator op) {
        double acc = init;
        for (double v : x) {
            acc = op.applyAsDouble(acc, v);
        }
        return new double[] {acc};
    }

    /** log Σ exp along an axis of [2, 3], written directly. */
    private static double[] lse(double[] x, int axis) {
        double[] s = reduce(x, axis, 0, (acc, v) -> acc + Math.exp(v));
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.log(s[i]);
        }
        return s;
    }

    /** x − lse(x) broadcast back along the axis (log-softmax of [2, 3]). */
    private static double[] logSoftmax(double[] x, int axis) {
        double[] l = lse(x, axis);
        double[] out = new double[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                out[i * 3 + j] = x[i * 3 + j] - l[axis == 0 ? j : i];
            }
        }
        return out;
    }

    static List<Case> reductions() {
        return List.of(
                smooth("sum()", shapes(A), IDENTITY, (t, x) -> x[0].sum(), xs -> all(xs[0], 0, Double::sum)),
                smooth("sum(1,false)", shapes(A), IDENTITY, (t, x) -> x[0].sum(1, false),
                        xs -> reduce(xs[0], 1, 0, Double::sum)),
                smooth("sum(0,true)", shapes(A), IDENTITY, (t, x) -> x[0].sum(0, true),
                        xs -> reduce(xs[0], 0, 0, Double::sum)),
                smooth("mean()", shapes(A), IDENTITY, (t, x) -> x[0].mean(),
                        xs -> new double[] {all(xs[0], 0, Double::sum)[0] / 6}),
                smooth("mean(1,true)", shapes(A), IDENTITY, (t, x) -> x[0].mean(1, true),
                        xs -> GradCheck.map(reduce(xs[0], 1, 0, Double::sum), v -> v / 3)),
                smooth("mean(-2,false)", shapes(A), IDENTITY, (t, x) -> x[0].mean(-2, false),
                        xs -> GradCheck.map(reduce(xs[0], 0, 0, Double::sum), v -> v / 2)),
                of("max()", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].max(),
                        xs -> all(xs[0], Double.NEGATIVE_INFINITY, Math::max)),
                of("min()", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].min(),
                        xs -> all(xs[0], Double.POSITIVE_INFINITY, Math::min)),
                of("max(1,false)", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].max(1, false),
                        xs -> reduce(xs[0], 1, Double.NEGATIVE_INFINITY, Math::max)),
                of("max(0,true)", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].max(0, true),
                        xs -> reduce(xs[0], 0, Double.NEGATIVE_INFINITY, Math::max)),
                of("min(0,false)", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].min(0, false),
                        xs -> reduce(xs[0], 0, Double.POSITIVE_INFINITY, Math::min)),
                of("min(-1,true)", shapes(A), IDENTITY, distinct(0), (t, x) -> x[0].min(-1, true),
                        xs -> reduce(xs[0], 1, Double.POSITIVE_INFINITY, Math::min)));
    }

    static List<Case> linalg() {
        return List.of(
                smooth("matmul [2,3]x[3,4]", shapes(A, s(3, 4)), IDENTITY, (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(xs[0], xs[1], 1, 2, 3, 4)),
                smooth("matmul batched [2,2,3]x[2,3,2]", shapes(s(2, 2, 3), s(2, 3, 2)), IDENTITY,
                        (t, x) -> x[0].matmul(x[1]), xs -> matmul(xs[0], xs[1], 2, 2, 3, 2)),
                smooth("matmul batch-broadcast [2,2,3]x[3,2]", shapes(s(2, 2, 3), s(3, 2)), IDENTITY,
                        (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(xs[0], expand(xs[1], s(3, 2), s(2, 3, 2)), 2, 2, 3, 2)),
                smooth("matmul batch-broadcast [2,3]x[2,3,2]", shapes(A, s(2, 3, 2)), IDENTITY,
                        (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(expand(xs[0], A, s(2, 2, 3)), xs[1], 2, 2, 3, 2)),
                smooth("matmul 1-D [3]x[3,2]", shapes(s(3), s(3, 2)), IDENTITY, (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(xs[0], xs[1], 1, 1, 3, 2)),
                smooth("matmul 1-D [2,3]x[3]", shapes(A, s(3)), IDENTITY, (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(xs[0], xs[1], 1, 2, 3, 1)),
                smooth("matmul 1-D [3]x[3] (dot)", shapes(s(3), s(3)), IDENTITY, (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(xs[0], xs[1], 1, 1, 3, 1)),
                smooth("matmul 1-D [3]x[2,3,2]", shapes(s(3), s(2, 3, 2)), IDENTITY, (t, x) -> x[0].matmul(x[1]),
                        xs -> matmul(expand(xs[0], s(1, 3), s(2, 1, 3)), xs[1], 2, 1, 3, 2)));
    }

    static List<Case> shapesAndLosses() {
        return List.of(
                smooth("reshape [2,3]->[3,2] squared", shapes(A), IDENTITY,
                        (t, x) -> x[0].reshape(3, 2).mul(x[0].reshape(3, 2)), xs -> GradCheck.map(xs[0], v -> v * v)),
                smooth("transpose(0,1) * [3,2]", shapes(A, s(3, 2)), IDENTITY,
                        (t, x) -> x[0].transpose(0, 1).mul(x[1]),
                        xs -> {
                            double[] out = new double[6];
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    out[i * 2 + j] = xs[0][j * 3 + i] * xs[1][i * 2 + j];
                                }
                            }
                            return out;
                        }),
                smooth("slice(1,1,3) squared", shapes(A), IDENTITY, (t, x) -> x[0].slice(1, 1, 3).pow(2),
                        xs -> new double[] {sq(xs[0][1]), sq(xs[0][2]), sq(xs[0][4]), sq(xs[0][5])}),
                smooth("concat([2,1],[2,2]; 1) * [2,3]", shapes(s(2, 1), s(2, 2), A), IDENTITY,
                        (t, x) -> Var.concat(List.of(x[0], x[1]), 1).mul(x[2]),
                        xs -> new double[] {xs[0][0] * xs[2][0], xs[1][0] * xs[2][1], xs[1][1] * xs[2][2],
                            xs[0][1] * xs[2][3], xs[1][2] * xs[2][4], xs[1][3] * xs[2][5]}),
                smooth("concat axis 0 of [1,3],[2,3] squared", shapes(s(1, 3), A), IDENTITY,
                        (t, x) -> Var.concat(List.of(x[0], x[1]), 0).pow(2),
                        xs -> GradCheck.map(concat(xs[0], xs[1]), v -> v * v)),
                smooth("broadcastTo [3]->[2,3] * [2,3]", shapes(s(3), A), IDENTITY,
                        (t, x) -> x[0].broadcastTo(Shape.of(2, 3)).mul(x[1]),
                        xs -> GradCheck.zip(xs[0], s(3), xs[1], A, (a, b) -> a * b)),
                smooth("broadcastTo [2,1]->[2,2,3] squared", shapes(s(2, 1)), IDENTITY,
                        (t, x) -> x[0].broadcastTo(Shape.of(2, 2, 3)).pow(2),
                        xs -> GradCheck.map(expand(xs[0], s(2, 1), s(2, 2, 3)), v -> v * v)),
                smooth("sumTo [2,3]->[3] squared", shapes(A), IDENTITY, (t, x) -> x[0].sumTo(Shape.of(3)).pow(2),
                        xs -> GradCheck.map(reduce(xs[0], 0, 0, Double::sum), v -> v * v)),
                smooth("logsumexp(1,false)", shapes(A), IDENTITY, (t, x) -> x[0].logsumexp(1, false),
                        xs -> lse(xs[0], 1)),
                smooth("logsumexp(0,true)", shapes(A), IDENTITY, (t, x) -> x[0].logsumexp(0, true),
                        xs -> lse(xs[0], 0)),
                smooth("softmax(1)", shapes(A), IDENTITY, (t, x) -> x[0].softmax(1),
                        xs -> GradCheck.map(logSoftmax(xs[0], 1), Math::exp)),
                smooth("softmax(0)", shapes(A), IDENTITY, (t, x) -> x[0].softmax(0),
                        xs -> GradCheck.map(logSoftmax(xs[0], 0), Math::exp)),
                smooth("logSoftmax(-1)", shapes(A), IDENTITY, (t, x) -> x[0].logSoftmax(-1),
                        xs -> logSoftmax(xs[0], 1)),
                smooth("crossEntropy [2,3] labels (2,0)", shapes(A), IDENTITY, (t, x) -> x[0].crossEntropy(2, 0),
                        xs -> {
                            double[] ls = logSoftmax(xs[0], 1);
                            return new double[] {-(ls[2] + ls[3]) / 2};
                        }),
                smooth("crossEntropy [3] label 1", shapes(s(3)), IDENTITY, (t, x) -> x[0].crossEntropy(1),
                        xs -> new double[] {-(xs[0][1] - Math.log(Math.exp(xs[0][0]) + Math.exp(xs[0][1])
                                + Math.exp(xs[0][2])))}),
                smooth("mse [2,3] vs [2,3]", shapes(A, A), IDENTITY, (t, x) -> x[0].mse(x[1]),
                        xs -> {
                            double s = 0;
                            for (int i = 0; i < 6; i++) {
                                s += sq(xs[0][i] - xs[1][i]);
                            }
                            return new double[] {s / 6};
                        }),
                smooth("where(mask, [2,3], [3])", shapes(A, s(3)), IDENTITY,
                        (t, x) -> Var.where(MASK, x[0].pow(2), x[1].exp()),
                        xs -> {
                            double[] out = new double[6];
                            for (int i = 0; i < 6; i++) {
                                out[i] = MASK.get(i) != 0 ? sq(xs[0][i]) : Math.exp(xs[1][i % 3]);
                            }
                            return out;
                        }),
                of("where(x > y, x*y, x-y), away from x == y", shapes(A, A), IDENTITY, noTie(),
                        (t, x) -> Var.where(x[0].compare(Comparison.GT, x[1]), x[0].mul(x[1]), x[0].sub(x[1])),
                        xs -> GradCheck.zip(xs[0], A, xs[1], A, (a, b) -> a > b ? a * b : a - b)));
    }

    /** The switching variable x − y of the where test stays more than 1e-3 from 0. */
    private static java.util.function.Predicate<double[][]> noTie() {
        return xs -> {
            for (int i = 0; i < xs[0].length; i++) {
                if (Math.abs(xs[0][i] - xs[1][i]) <= GradCheck.MARGIN) {
                    return false;
                }
            }
            return true;
        };
    }

    private static final Tensor MASK = Tensor.of(DType.F64, Shape.of(2, 3), 1, 0, 0, 1, 1, 0);

    private static double sq(double v) {
        return v * v;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Provide
    Arbitrary<Case> reductionCases() {
        return Arbitraries.of(reductions());
    }

    @Provide
    Arbitrary<Case> linalgCases() {
        return Arbitraries.of(linalg());
    }

    @Provide
    Arbitrary<Case> shapeAndLossCases() {
        return Arbitraries.of(shapesAndLosses());
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void reductionsAgreeAwayFromTies(@ForAll("reductionCases") Case c,
                                     @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                                     @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }

    @Property(tries = 800)
    void matmulAgrees(@ForAll("linalgCases") Case c,
                      @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                      @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }

    @Property(tries = 1500)
    void shapesLossesAndWhereAgree(@ForAll("shapeAndLossCases") Case c,
                                   @ForAll @Size(24) List<@DoubleRange(min = -3, max = 3) Double> raw,
                                   @ForAll long seed) {
        GradCheck.check(c, raw, seed);
    }
}
