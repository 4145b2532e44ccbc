package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;

/** The reference a {@link Tape} is checked against: the program recorded afresh, compared to the bit. */
public final class TapeChecks {

    private TapeChecks() {
    }

    /** The same program recorded afresh on a new trace, as a plain Trace user would. */
    public static TapeGradient fresh(Tape.Program p, KinkPolicy policy, double... at) {
        Trace t = new Trace(policy, DType.F64);
        Var[] x = new Var[at.length];
        for (int i = 0; i < at.length; i++) {
            x[i] = t.input(at[i]);
        }
        Var y = p.apply(t, x);
        Gradients g = t.grad(y, x);
        double[] d = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            d[i] = g.of(x[i]).item();
        }
        return new TapeGradient(g.value().item(), d, t.kinks(), false);
    }

    /** Value, gradient and kink log (node, primitive, element, point, adjoint) equal to the bit. */
    public static void assertSameBits(TapeGradient expected, TapeGradient actual) {
        assertEquals(Double.doubleToLongBits(expected.value()), Double.doubleToLongBits(actual.value()),
                "value " + expected.value() + " vs " + actual.value());
        assertEquals(expected.gradient().length, actual.gradient().length);
        for (int i = 0; i < expected.gradient().length; i++) {
            assertEquals(Double.doubleToLongBits(expected.gradient()[i]), Double.doubleToLongBits(actual.gradient()[i]),
                    "gradient " + i + ": " + expected.gradient()[i] + " vs " + actual.gradient()[i]);
        }
        assertEquals(expected.kinks().hits().toString(), actual.kinks().hits().toString());
        for (int h = 0; h < expected.kinks().size(); h++) {
            KinkLog.Hit e = expected.kinks().get(h), a = actual.kinks().get(h);
            assertEquals(Double.doubleToLongBits(e.point()), Double.doubleToLongBits(a.point()));
            assertEquals(Double.doubleToLongBits(e.adjoint()), Double.doubleToLongBits(a.adjoint()));
        }
    }
}
