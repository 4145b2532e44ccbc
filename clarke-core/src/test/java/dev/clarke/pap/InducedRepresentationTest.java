package dev.clarke.pap;

import static dev.clarke.pap.PapTestSupport.assertClose;
import static dev.clarke.pap.PapTestSupport.at;
import static dev.clarke.pap.PapTestSupport.induced;
import static dev.clarke.pap.PapTestSupport.pt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The representation a program induces at an input: piece constraints checked by evaluating
 * {@link AnalyticSet#contains} at hand-chosen points, and frozen branches checked by value and
 * derivative against hand derivations.
 */
class InducedRepresentationTest {

    static Stream<Arguments> reluSlopes() {
        return PapTestSupport.reluSlopeAtZero().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** relu(x) − relu(−x) at 0: both relus on their kink pieces, so the piece is {x = 0}; branch c·x + c·x. */
    @ParameterizedTest(name = "P1 under {0}")
    @MethodSource("reluSlopes")
    void reluDifferenceAtZero(KinkPolicy policy, double c) {
        InducedRepresentation r = induced("relu(x) - relu(-x)", policy, at("x", 0.0));
        AnalyticSet piece = r.piece();
        assertTrue(piece.contains(pt(0)));
        assertTrue(piece.contains(pt(-0.0)));
        for (double off : new double[] {0.1, -0.1, 1e-300, -1e-300, 5}) {
            assertFalse(piece.contains(pt(off)), "piece {x = 0} contains " + off);
        }
        assertEquals(1, r.arity());
        assertEquals(0, r.freeParameters());
        assertClose(2 * c, r.branch().gradient(pt(0), 1)[0], "branch derivative 2·relu′(0)");
        assertClose(0, r.branch().eval(pt(0)), "branch value");
        assertEquals(2, r.choices().stream().filter(ch -> ch.op().equals("relu") && ch.onKink()
                && ch.piece().equals("kink x = 0")).count(), r.choices().toString());
    }

    @Test
    void reluDifferenceAwayFromZeroIsTheOpenHalfLine() {
        InducedRepresentation r = induced("relu(x) - relu(-x)", KinkPolicy.mid(), at("x", 0.7));
        assertTrue(r.piece().contains(pt(0.7)) && r.piece().contains(pt(1e-300)) && r.piece().contains(pt(100)));
        assertFalse(r.piece().contains(pt(0)) || r.piece().contains(pt(-0.7)));
        // branch x − 0: value x, derivative 1 anywhere (it is an analytic function on all of ℝ)
        assertClose(-3, r.branch().eval(pt(-3)), "branch at -3");
        assertClose(1, r.branch().gradient(pt(0.7), 1)[0], "derivative");
    }

    /** if (x > 0) x*x else 0 at 1: piece {x > 0}, branch x·x. */
    @Test
    void conditionalThenBranch() {
        InducedRepresentation r = induced("if (x > 0) x*x else 0", KinkPolicy.mid(), at("x", 1.0));
        assertTrue(r.piece().contains(pt(0.5)) && r.piece().contains(pt(1)) && r.piece().contains(pt(1e-300)));
        assertFalse(r.piece().contains(pt(-0.5)));
        assertFalse(r.piece().contains(pt(0)), "the test is strict");
        assertClose(9, r.branch().eval(pt(3)), "x·x at 3");
        assertClose(6, r.branch().gradient(pt(3), 1)[0], "2x at 3");
        assertTrue(r.choices().stream().anyMatch(ch -> ch.op().equals("if") && ch.piece().startsWith("then")
                && !ch.onKink()), r.choices().toString());
    }

    @Test
    void conditionalElseBranchOnTheBoundary() {
        InducedRepresentation r = induced("if (x > 0) x*x else 0", KinkPolicy.mid(), at("x", 0.0));
        assertTrue(r.piece().contains(pt(0)) && r.piece().contains(pt(-4)));
        assertFalse(r.piece().contains(pt(0.5)) || r.piece().contains(pt(1e-300)));
        assertClose(0, r.branch().eval(pt(-4)), "constant branch");
        assertClose(0, r.branch().gradient(pt(0), 1)[0], "derivative of 0");
        assertTrue(r.choices().stream().anyMatch(ch -> ch.op().equals("if") && ch.piece().startsWith("else")
                && ch.onKink()), r.choices().toString());
    }

    /** Each comparison at its boundary x = 1, taken or not: the piece keeps exactly the side the test chose. */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "'if (x > 1) x else 2*x',  1,   0.5, 2",
        "'if (x >= 1) x else 2*x', 1,   2,   0.5",
        "'if (x < 1) x else 2*x',  1,   2,   0.5",
        "'if (x <= 1) x else 2*x', 1,   0.5, 2",
        "'if (1 < x) x else 2*x',  1,   0.5, 2",
        "'if (x*x > 4) x else 2*x', -2, 0,   -3"})
    void comparisonsAndTheirBoundaries(String src, double x0, double inside, double outside) {
        InducedRepresentation r = induced(src, KinkPolicy.mid(), at("x", x0));
        assertTrue(r.piece().contains(pt(x0)), "its own input");
        assertTrue(r.piece().contains(pt(inside)), "same side " + inside);
        assertFalse(r.piece().contains(pt(outside)), "other side " + outside);
    }

    /** max([x, y, z]) at (1, 1, 0): the tie piece {x = y, x > z}; weights by TieWeights' formula (by hand). */
    static Stream<Arguments> tieWeights() {
        return Stream.of(Arguments.of(KinkPolicy.mid(), pt(0.5, 0.5, 0)), Arguments.of(KinkPolicy.left(), pt(0, 1, 0)),
                Arguments.of(KinkPolicy.right(), pt(1, 0, 0)), Arguments.of(KinkPolicy.pytorch(), pt(0.5, 0.5, 0)),
                // λ = 0.3: 2·0.3/2 = 0.3 each, first gets 1 − 0.6 more
                Arguments.of(KinkPolicy.lambda(0.3), pt(0.7, 0.3, 0)));
    }

    @ParameterizedTest(name = "max([x, y, z]) at (1, 1, 0) under {0}")
    @MethodSource("tieWeights")
    void reductionTiePiece(KinkPolicy policy, double[] weights) {
        InducedRepresentation r = induced("max([x, y, z])", policy, at("x", 1.0, "y", 1.0, "z", 0.0));
        AnalyticSet piece = r.piece();
        for (double[] in : new double[][] {{1, 1, 0}, {5, 5, -3}, {-1, -1, -2}, {1, 1, Math.nextDown(1.0)}}) {
            assertTrue(piece.contains(in), "tie piece contains " + java.util.Arrays.toString(in));
        }
        for (double[] out : new double[][] {{1, 1, 1}, {1, 1, 2}, {1, 0.9, 0}, {0.9, 1, 0}, {1, Math.nextUp(1.0), 0}}) {
            assertFalse(piece.contains(out), "tie piece contains " + java.util.Arrays.toString(out));
        }
        assertClose(weights, r.branch().gradient(pt(1, 1, 0), 3), "weights");
        assertEquals(3, r.arity());
        assertTrue(r.choices().stream().anyMatch(ch -> ch.op().equals("reduce_max") && ch.onKink()
                && ch.piece().equals("tie at [0, 1]")), r.choices().toString());
    }

    /** softmax([x, y])[0] is analytic: no constraints, and the branch equals e^x/(e^x + e^y) everywhere. */
    @Test
    void softmaxIsOnePieceEverywhere() {
        InducedRepresentation r = induced("softmax([x, y])[0]", KinkPolicy.mid(), at("x", 0.3, "y", -0.2));
        assertEquals(List.of(), r.piece().positive());
        assertEquals(List.of(), r.piece().nonPositive());
        assertTrue(r.piece().contains(pt(-50, 40)));
        for (double[] p : new double[][] {{0.3, -0.2}, {1, 2}, {-3, 0.5}}) {
            double s = Math.exp(p[0]) / (Math.exp(p[0]) + Math.exp(p[1]));
            assertClose(s, r.branch().eval(p), "softmax value at " + p[0] + "," + p[1]);
            assertClose(pt(s * (1 - s), -s * (1 - s)), r.branch().gradient(p, 2), "softmax gradient");
        }
        assertTrue(r.choices().stream().noneMatch(PieceChoice::onKink));
    }

    /** A 2×3 matrix reduced along axis 1 then summed: each row's weights land on its own elements. */
    @Test
    void alongAxisReductionOfAMatrix() {
        double[] v = {1, 1, 0, 2, 5, 5};
        for (KinkPolicy policy : List.of(KinkPolicy.mid(), KinkPolicy.pytorch(), KinkPolicy.left())) {
            Trace t = new Trace(policy, DType.F64);
            Var x = t.input(Tensor.of(DType.F64, Shape.of(2, 3), v));
            Var y = x.max(1, false).sum();
            Tensor g = t.grad(y, List.of(x), Backward.RETAIN).of(x);
            InducedRepresentation r = InducedRepresentation.of(t, y, Map.of());
            // along an axis λ = λ(policy, kink 1): mid ½ splits; pytorch 0 → first; left 1 → last
            double[] expected = switch (policy.name()) {
                case "mid" -> pt(0.5, 0.5, 0, 0, 0.5, 0.5);
                case "pytorch" -> pt(1, 0, 0, 0, 1, 0);
                default -> pt(0, 1, 0, 0, 0, 1);
            };
            double[] ad = new double[6];
            for (int i = 0; i < 6; i++) {
                ad[i] = g.get(i);
            }
            assertClose(expected, ad, policy + " AD");
            assertClose(expected, r.branch().gradient(v, 6), policy + " frozen branch");
            assertClose(6, r.branch().eval(v), "1 + 5");
            assertTrue(r.piece().contains(pt(3, 3, -1, 0, 7, 7)));
            assertFalse(r.piece().contains(pt(3, 3, -1, 7, 0, 7)), "second row's tie moved");
        }
    }

    /** Argument i of the branch and piece is the i-th input made, i.e. the i-th variable in order of first appearance. */
    @Test
    void argumentsFollowInputOrder() {
        InducedRepresentation r = induced("relu(b - a) + 3*a", KinkPolicy.mid(), at("b", 2.0, "a", 1.0));
        // variables in order of first appearance: b = arg 0, a = arg 1; branch (b − a) + 3a
        assertClose(pt(1, 2), r.branch().gradient(pt(2, 1), 2), "∂b, ∂a");
        assertTrue(r.piece().contains(pt(5, 4)) && !r.piece().contains(pt(4, 5)));
    }

    /**
     * BUG (SymbolicReplay / Structural.where): the eager {@code where} freezes each element to the
     * selected side but adds no constraint for its test, so the induced piece is "everywhere" while the
     * frozen branch (x) equals the program (|x|) only where x > 0. The piece must be contained in the set
     * where the branch equals the program: it must not contain −1 (branch −1, program 1).
     */
    @Test
    void wherePieceExcludesTheOtherSide() {
        InducedRepresentation r = induced("where(x > 0, x, -x)", KinkPolicy.mid(), at("x", 0.5));
        assertClose(0.5, r.branch().eval(pt(0.5)), "branch at its input");
        assertFalse(r.piece().contains(pt(-1)), "piece " + r.piece().show(List.of("x"))
                + " contains -1, where the branch gives " + r.branch().eval(pt(-1)) + " and the program 1");
    }
}
