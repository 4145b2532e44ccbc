package dev.clarke.ad;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.Optional;

/**
 * A scalar program recorded once and replayed at new inputs without recording again, as ADOL-C
 * replays a tape — guarded, so the answer is always what a fresh recording would give.
 *
 * <p>{@link #record} runs the program on a new F64 {@link Trace} and flattens the trace into arrays
 * (an operation code and operand slots per node, no object per node). The flattened tape remembers
 * every decision the recording took: each {@code if} test's outcome ({@link Var#cond}, the
 * language's {@code if}; the three-way comparison of its operands), each piecewise primitive's piece
 * or the kink it sat on exactly, each max/min's tie status, and the sign the domain-restricted
 * operations saw (div's divisor; log's, sqrt's and x^p's base). {@link #gradient} recomputes the
 * values at the new inputs and checks those guards as it goes; while all hold, it runs reverse mode
 * over the tape and returns the same bits as recording afresh would — value, gradient, and the kink
 * log with its adjoints. When a guard changes (a test flips, a switching value crosses or leaves a
 * kink, a tie forms or breaks), the new input lies in another piece of the program: the tape records
 * the program again there, returns that recording's gradient (the intensional derivative of the new
 * piece) and keeps the new recording as its tape.
 *
 * <pre>{@code
 * Tape tape = Tape.record((t, x) -> x[0].mul(x[1]).relu().add(x[0].sin()), 1.0, 2.0);
 * TapeGradient g = tape.gradient(1.5, 2.5);   // replayed: g.replayed() is true
 * TapeGradient h = tape.gradient(-1.0, 2.0);  // relu's piece changed: recorded again
 * }</pre>
 *
 * <p>Replayed: F64 scalar programs built from add, sub, mul, div, scale and neg, pow with a constant
 * exponent, exp, log, sqrt, sin, cos, tanh, sigmoid, softplus, every one-input piecewise family,
 * binary max and min, and {@code if}. A program using anything else (tensors, reductions,
 * {@code where}, user primitives) still works: every gradient is then recorded afresh
 * ({@link #notReplayable()} says why). The program must reach its result through {@link Var}
 * operations and {@code cond} only: a value read out ({@link Var#item()}, {@link Var#detach()}) and
 * fed back as a constant or into Java's own control flow is not seen by the guards, and the tape
 * would replay the recorded constant or path.
 *
 * <p>A tape holds its value and adjoint arrays and is not safe for use by several threads at once.
 */
public final class Tape {

    /** A scalar program on a trace: its result from its inputs. */
    @FunctionalInterface
    public interface Program {
        /**
         * Computes the program's result.
         *
         * @param trace  the trace recording it (for constants and {@code cond})
         * @param inputs one scalar input per variable, in order
         * @return the program's scalar result, a value on {@code trace}
         */
        Var apply(Trace trace, Var[] inputs);
    }

    private final Program program;
    private final KinkPolicy policy;
    private final int arity;
    private CompiledTape tape;
    private String notReplayable;
    private long replays;
    private long recordings;

    private Tape(Program program, KinkPolicy policy, int arity) {
        this.program = program;
        this.policy = policy;
        this.arity = arity;
    }

    /**
     * Records {@code program} at {@code x} under the {@code mid} policy.
     *
     * @param program the program to record
     * @param x       the inputs' values, one per input
     * @return the tape, ready to replay
     * @throws DomainException if the program throws one at {@code x}
     */
    public static Tape record(Program program, double... x) {
        return record(KinkPolicy.mid(), program, x);
    }

    /**
     * Records {@code program} at {@code x}.
     *
     * @param policy  the kink policy of every recording and replay
     * @param program the program to record
     * @param x       the inputs' values, one per input
     * @return the tape, ready to replay
     * @throws DomainException if the program throws one at {@code x}
     */
    public static Tape record(KinkPolicy policy, Program program, double... x) {
        Tape t = new Tape(program, policy, x.length);
        t.recordAt(x, false);
        return t;
    }

    /**
     * The value and gradient at {@code x}: replayed when every guard of the tape holds at
     * {@code x}, else recorded afresh (and that recording becomes the tape). Both give the same bits.
     *
     * @param x the inputs' values, one per input
     * @return the value, the gradient, the kink log with adjoints, and whether the tape was replayed
     * @throws IllegalArgumentException if {@code x} has the wrong number of values
     * @throws DomainException if the value or the gradient at {@code x} is not finite (as
     *     {@link Trace#grad} throws)
     */
    public TapeGradient gradient(double... x) {
        if (x.length != arity) {
            throw new IllegalArgumentException("the tape's program has " + arity + " inputs, got " + x.length
                    + " values");
        }
        CompiledTape c = tape;
        if (c != null && c.forward(x)) {
            double y = c.val[c.out];
            double[] g = new double[arity];
            c.reverse(g);
            if (Double.isFinite(y) && allFinite(g)) {
                replays++;
                return new TapeGradient(y, g, c.kinks(), true);
            }
        }
        return recordAt(x, true);
    }

    private static boolean allFinite(double[] g) {
        for (double d : g) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** Records the program at x, keeps its tape if it compiles, and (when asked) differentiates it. */
    private TapeGradient recordAt(double[] x, boolean differentiate) {
        recordings++;
        try (Trace t = new Trace(policy, DType.F64)) {
            Var[] in = new Var[x.length];
            for (int k = 0; k < x.length; k++) {
                in[k] = t.input(x[k]);
            }
            Var y = program.apply(t, in);
            if (y.trace != t) {
                throw new IllegalArgumentException("the program returned a value of another trace");
            }
            try {
                tape = TapeCompiler.compile(t, y, in);
                notReplayable = null;
            } catch (TapeCompiler.NotReplayable e) {
                notReplayable = e.getMessage();
            }
            if (!differentiate) {
                return null;
            }
            Gradients gs = t.grad(y, in);
            double[] g = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                g[k] = gs.of(in[k]).item();
            }
            return new TapeGradient(gs.value().item(), g, t.kinks(), false);
        }
    }

    /**
     * {@return why the last recording could not be flattened into a tape (it used an operation the
     * tape does not replay, e.g. a tensor), or empty when it could}
     */
    public Optional<String> notReplayable() {
        return Optional.ofNullable(notReplayable);
    }

    /** {@return whether a tape is held: gradients are replayed while its guards hold} */
    public boolean replayable() {
        return tape != null;
    }

    /** {@return the number of operations on the held tape (0 if none)} */
    public int size() {
        return tape == null ? 0 : tape.n;
    }

    /** {@return the number of guards on the held tape (0 if none)} */
    public int guards() {
        return tape == null ? 0 : tape.nodeGuards + tape.bAt.length;
    }

    /** {@return how many gradients were replayed so far} */
    public long replays() {
        return replays;
    }

    /** {@return how many times the program was recorded so far, the first recording included} */
    public long recordings() {
        return recordings;
    }
}
