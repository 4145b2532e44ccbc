package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.ad.Attr;
import dev.clarke.ad.BranchRecord;
import dev.clarke.ad.DomainException;
import dev.clarke.ad.Op;
import dev.clarke.ad.Step;
import dev.clarke.ad.Tape;
import dev.clarke.ad.TapeChecks;
import dev.clarke.ad.TapeGradient;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.PiecewiseFunction;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Tape replay on random programs of the language ({@link RandomPrograms}) at random points, at
 * points a hair away from the recording's, and at points on kinks and test boundaries: a tape
 * recorded at one point and asked for the gradient at another returns exactly (bit for bit, kink log
 * included) what a fresh recording there gives, and it replays exactly when every decision of the
 * two recordings agrees — the decisions read independently from the two recordings' steps. The same
 * tape then answers at both points again, equal to fresh recordings there.
 */
class TapeReplayProperties {

    private static final String[] POLICIES = {"mid", "left", "right", "pytorch", "lambda=0.3,abs=-2,max=3"};

    @Provide
    Arbitrary<String> programs() {
        return RandomPrograms.scalar(3);
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(POLICIES);
    }

    /** Random points, kink and boundary points (0, ±1, ½, ±3, x = y), each coordinate drawn on its own. */
    @Provide
    Arbitrary<double[]> points() {
        Arbitrary<Double> coordinate = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles().between(-3, 3)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0.0, 1.0, -1.0, 0.5, -0.5, 3.0, -3.0, 0.25)));
        return Combinators.combine(coordinate, coordinate, Arbitraries.integers().between(0, 3))
                .as((x, y, tie) -> tie == 0 ? new double[] {x, x} : new double[] {x, y});
    }

    @Property(tries = 500)
    void replayEqualsAFreshRecordingAndFallsBackExactlyWhenADecisionChanges(
            @ForAll("programs") String src, @ForAll("points") double[] p1, @ForAll("points") double[] far,
            @ForAll("policies") String policySpec, @ForAll boolean near) {
        Program program = Program.parse(src);
        KinkPolicy policy = KinkPolicy.parse(policySpec);
        Tape.Program p = (t, x) -> program.evaluate(t, Map.of("x", x[0], "y", x[1]));
        double[] p2 = near ? new double[] {p1[0] + 1e-9, p1[1] - 1e-9} : far;
        Tape tape;
        List<Object> before;
        try {
            before = decisions(p, policy, p1);
            tape = Tape.record(policy, p, p1);
        } catch (DomainException e) {
            Assume.that(false);
            return;
        }
        TapeGradient fresh;
        try {
            fresh = TapeChecks.fresh(p, policy, p2);
        } catch (DomainException e) {
            assertThrows(DomainException.class, () -> tape.gradient(p2), src);
            return;
        }
        TapeGradient got = tape.gradient(p2);
        Statistics.label("replayed").collect(got.replayed());
        Statistics.label("kink hits").collect(got.kinks().size() > 0);
        TapeChecks.assertSameBits(fresh, got);
        assertEquals(before.equals(decisions(p, policy, p2)), got.replayed(),
                src + " from " + List.of(p1[0], p1[1]) + " to " + List.of(p2[0], p2[1]));
        // the same tape again, at both points: nothing of one replay may leak into the next
        TapeChecks.assertSameBits(fresh, tape.gradient(p2));
        TapeChecks.assertSameBits(TapeChecks.fresh(p, policy, p1), tape.gradient(p1));
    }

    /**
     * Every decision a recording at {@code at} takes, in order: the operations themselves, each
     * test's three-way comparison, each piecewise node's kink or piece, each max/min's comparison,
     * and the sign of div's divisor and of log's, sqrt's and a non-integer or negative power's base.
     */
    private static List<Object> decisions(Tape.Program p, KinkPolicy policy, double[] at) {
        try (Trace t = new Trace(policy, DType.F64)) {
            Var[] x = {t.input(at[0]), t.input(at[1])};
            p.apply(t, x);
            List<Object> out = new ArrayList<>();
            for (Step s : t.steps()) {
                out.add(s.name());
                double a = s.inputs().isEmpty() ? 0 : s.inputs().get(0).item();
                if (s.op() == Op.PIECEWISE) {
                    out.add(piece(s.family(), ((Attr.Params) s.attr()).values(), a));
                } else if (s.op() == Op.MAX_MIN) {
                    out.add(compare(a, s.inputs().get(1).item()));
                } else if (s.op() == Op.DIV) {
                    out.add(compare(s.inputs().get(1).item(), 0));
                } else if (s.op() == Op.LOG || s.op() == Op.SQRT || s.op() == Op.POW && restricted(s)) {
                    out.add(compare(a, 0));
                }
            }
            for (BranchRecord b : t.branches()) {
                out.add("if " + compare(b.lhs(), b.rhs()));
            }
            return out;
        }
    }

    private static boolean restricted(Step s) {
        double q = ((Attr.Power) s.attr()).p();
        return !(q == 0 || q == 1 || q == Math.rint(q) && q > 1);
    }

    private static String piece(Family f, double[] params, double x) {
        if (f.row() == null) {
            return dev.clarke.ops.UnaryPiecewise.kinkAt(f, x, null) != null ? "kink " + (x + 0.0) // -0.0 is the kink 0
                    : "piece " + ((f == Family.FLOOR ? Math.floor(x) : Math.rint(x)) + 0.0);
        }
        PiecewiseFunction pf = f.at(params);
        int k = pf.kinkIndex(x);
        return k >= 0 ? "kink " + k : "piece " + pf.pieceIndex(x);
    }

    private static int compare(double a, double b) {
        return a < b ? -1 : a == b ? 0 : 1;
    }
}
