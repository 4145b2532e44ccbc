package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import org.junit.jupiter.api.Test;

/**
 * Tape replay on hand-built programs: the expected values are derived by hand, the fallback must
 * happen exactly when a guard changes (an {@code if} crossing 0, relu reaching its kink under
 * {@code mid}, a max tie forming and breaking, a domain left), and every replay must equal a fresh
 * recording bit for bit.
 */
class TapeTest {

    /** ∂/∂x of x·x is 2x for x &gt; 0 and of −x is −1 otherwise. */
    private static final Tape.Program IF_SQUARE = (t, x) -> Var.cond(x[0], Comparison.GT, t.constant(0),
            () -> x[0].mul(x[0]), () -> x[0].neg());

    @Test
    void replaysWhileTheBranchHoldsAndRecordsWhenItFlips() {
        Tape tape = Tape.record(IF_SQUARE, 1.0);
        TapeGradient a = tape.gradient(3.0);
        assertTrue(a.replayed());
        assertEquals(9.0, a.value());
        assertArrayEquals(new double[] {6.0}, a.gradient());
        TapeGradient b = tape.gradient(-2.0); // the test flips: recorded again
        assertFalse(b.replayed());
        assertEquals(2.0, b.value());
        assertArrayEquals(new double[] {-1.0}, b.gradient());
        TapeGradient c = tape.gradient(-5.0); // the new recording is the tape now
        assertTrue(c.replayed());
        assertArrayEquals(new double[] {-1.0}, c.gradient());
        assertFalse(tape.gradient(0.0).replayed(), "x = 0 sits on the test's boundary: another guard state");
        assertEquals(2, tape.replays());
        assertEquals(3, tape.recordings());
    }

    @Test
    void reluReachingItsKinkUnderMidFallsBackAndLogsTheHit() {
        Tape tape = Tape.record(KinkPolicy.mid(), (t, x) -> x[0].relu().mul(3.0), 1.0);
        assertTrue(tape.gradient(2.0).replayed());
        TapeGradient atKink = tape.gradient(0.0);
        assertFalse(atKink.replayed());
        assertArrayEquals(new double[] {1.5}, atKink.gradient()); // 3 · ½(0 + 1)
        assertEquals(1, atKink.kinks().size());
        assertEquals(3.0, atKink.kinks().get(0).adjoint());
        TapeGradient again = tape.gradient(-0.0); // −0.0 == 0: the same kink, replayed
        assertTrue(again.replayed());
        assertArrayEquals(new double[] {1.5}, again.gradient());
        assertEquals(1, again.kinks().size());
        assertEquals(3.0, again.kinks().get(0).adjoint());
        assertFalse(tape.gradient(1e-300).replayed(), "leaving the kink changes the guard");
    }

    @Test
    void maxTiesFormAndBreak() {
        Tape tape = Tape.record((t, x) -> x[0].max(x[1]), 1.0, 2.0);
        assertTrue(tape.gradient(3.0, 4.0).replayed());
        TapeGradient tie = tape.gradient(2.0, 2.0);
        assertFalse(tie.replayed());
        assertArrayEquals(new double[] {0.5, 0.5}, tie.gradient());
        TapeGradient otherTie = tape.gradient(5.0, 5.0);
        assertTrue(otherTie.replayed());
        assertEquals(5.0, otherTie.kinks().get(0).point(), "the tie's point is the new tie value");
        TapeGradient broken = tape.gradient(6.0, 5.0);
        assertFalse(broken.replayed());
        assertArrayEquals(new double[] {1.0, 0.0}, broken.gradient());
    }

    @Test
    void leavingTheDomainRecordsAgainAndThrowsAsARecordingDoes() {
        Tape tape = Tape.record((t, x) -> x[0].log(), 1.0);
        assertArrayEquals(new double[] {0.5}, tape.gradient(2.0).gradient());
        assertThrows(DomainException.class, () -> tape.gradient(-1.0));
        assertTrue(tape.gradient(4.0).replayed(), "the failed recording did not replace the tape");
    }

    @Test
    void aProgramOutsideTheReplayedSetIsRecordedEveryTime() {
        Tape tape = Tape.record((t, x) -> Var.concat(java.util.List.of(x[0].reshape(1), x[1].reshape(1)), 0).sum(),
                1.0, 2.0);
        assertFalse(tape.replayable());
        assertTrue(tape.notReplayable().isPresent());
        TapeGradient g = tape.gradient(3.0, 4.0);
        assertFalse(g.replayed());
        assertArrayEquals(new double[] {1.0, 1.0}, g.gradient());
    }

    @Test
    void replayEqualsAFreshRecordingBitForBitOnEveryReplayedOperation() {
        Tape.Program p = (t, x) -> {
            Var a = x[0].div(x[1]).add(x[1].sqrt()).sub(x[0].pow(3)).mul(x[0].pow(0.5));
            Var b = a.tanh().add(a.sigmoid()).add(a.softplus()).add(x[1].log()).add(x[0].cos().mul(2.5));
            Var c = b.hardswish().add(b.elu(0.7)).add(b.leakyRelu(0.1)).add(b.clamp(-0.25, 0.25))
                    .add(b.floor()).add(b.round()).add(x[0].pow(-2)).add(b.min(x[0]).exp().sin());
            return c.abs().add(c.hardtanh()).add(c.sign()).add(c.softshrink(0.3));
        };
        Tape tape = Tape.record(p, 0.7, 1.3);
        for (double[] at : new double[][] {{0.7, 1.3}, {0.71, 1.29}, {0.7000001, 1.3000001}, {0.69, 1.31}}) {
            TapeGradient g = tape.gradient(at);
            TapeChecks.assertSameBits(TapeChecks.fresh(p, KinkPolicy.mid(), at), g);
        }
        assertTrue(tape.replays() > 0);
    }
}
