package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Emulated narrow dtypes round every op's result to nearest-even in their format, and kink
 * detection is exact in the working precision. Expected values are worked out by hand in binary:
 * BF16 has 7 stored mantissa bits (ulp 2^-7 on [1, 2)), F16 has 10 (ulp 2 on [2048, 4096)).
 */
class DTypeEmulationTest {

    private static Trace trace(DType d) {
        return new Trace(KinkPolicy.mid(), d);
    }

    /** Independent representability test: BF16 values are floats whose low 16 bits are zero. */
    private static boolean isBf16(double v) {
        float f = (float) v;
        return f == v && (Float.floatToRawIntBits(f) & 0xFFFF) == 0;
    }

    /** Independent representability test for IEEE binary16: a multiple of its quantum, within range. */
    private static boolean isF16(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return true;
        }
        if (a > 65504) {
            return false;
        }
        int e = Math.max(Math.getExponent(a), -14);
        double quantum = Math.scalb(1.0, e - 10);
        return a / quantum == Math.rint(a / quantum);
    }

    @Test
    void bf16AddRoundsToNearestEven() {
        Trace t = trace(DType.BF16);
        Var one = t.input(1.0);
        assertEquals(1.0, one.add(Math.scalb(1.0, -9)).item(), "a quarter ulp is lost");
        assertEquals(1.0, one.add(Math.scalb(1.0, -8)).item(), "half an ulp: tie to the even mantissa 1.0000000");
        assertEquals(1 + Math.scalb(1.0, -7), one.add(3 * Math.scalb(1.0, -9)).item(), "three quarters: up");
        assertEquals(1 + Math.scalb(1.0, -7), one.add(Math.scalb(1.0, -7)).item(), "exactly one ulp");
        // 1.0078125 + 2^-8 lies halfway between 1.0078125 (odd last bit) and 1.015625 (even): up
        assertEquals(1 + Math.scalb(1.0, -6), t.input(1 + Math.scalb(1.0, -7)).add(Math.scalb(1.0, -8)).item());
    }

    @Test
    void bf16RoundsInputsAndEveryOpsResult() {
        Trace t = trace(DType.BF16);
        // 0.1 = 1.6·2^-4; 1.6·2^7 = 204.8 → 205: 205/128 · 2^-4
        assertEquals(205.0 / 128 / 16, t.input(0.1).item());
        // 3 · 1.0078125 = 3.0234375 = 193.5 · 2^-6 (ulp on [2,4)): tie, to the even 194 → 3.03125
        assertEquals(3.03125, t.input(1.0078125).mul(3).item());
        // e = 2.71828… = 173.97 · 2^-6 → 174 · 2^-6 = 2.71875
        assertEquals(2.71875, t.input(1.0).exp().item());
        // a chain is rounded after each step: every addition of a quarter ulp to 1 is rounded away
        Var x = t.input(1.0);
        Var acc = x;
        for (int i = 0; i < 4; i++) {
            acc = acc.add(Math.scalb(1.0, -9));
        }
        assertEquals(1.0, acc.item(), "four separately rounded additions of a quarter ulp");
    }

    @Test
    void f16RoundsToNearestEven() {
        Trace t = trace(DType.F16);
        // on [2048, 4096) the F16 ulp is 2: 2049 is a tie between 2048 (even) and 2050
        assertEquals(2048.0, t.input(2049.0).add(0).item());
        Var x = t.input(2048.0);
        assertEquals(2048.0, x.add(1).item(), "2049 → 2048");
        assertEquals(2052.0, x.add(3).item(), "2051 is a tie between 2050 (odd mantissa) and 2052 (even)");
        assertEquals(2050.0, x.add(2).item());
        // overflow: 65504 is the largest finite F16; 65504 + 16 = 65520 rounds to infinity
        assertEquals(Double.POSITIVE_INFINITY, t.input(65504.0).add(16).item());
        assertEquals(65504.0, t.input(65504.0).add(15).item());
    }

    @Test
    void f32IsFloatRounding() {
        Trace t = trace(DType.F32);
        assertEquals(1.0, t.input(1.0).add(Math.scalb(1.0, -30)).item());
        assertEquals((double) 0.1f, t.input(0.1).item());
        assertEquals((double) (float) Math.sin((double) 0.1f), t.input(0.1).sin().item());
    }

    @Test
    void gradientsAreRepresentableInTheWorkingDtype() {
        double[] xs = {1.0078125, -0.3, 2.5, 0.1, 7.0};
        for (DType d : new DType[] {DType.BF16, DType.F16}) {
            Trace t = trace(d);
            Var x = t.input(Tensor.of(DType.F64, Shape.of(xs.length), xs));
            Var y = x.mul(x).mul(x).add(x.sin().mul(x.exp())).sum();
            Tensor g = t.grad(y, x).of(x);
            assertEquals(d, g.dtype());
            for (int i = 0; i < xs.length; i++) {
                double v = g.get(i);
                assertTrue(d == DType.BF16 ? isBf16(v) : isF16(v), d + " gradient " + v + " is representable");
                // and close to the exact 3x² + eˣ(sin x + cos x) at the rounded input
                double xi = x.value().get(i);
                double exact = 3 * xi * xi + Math.exp(xi) * (Math.sin(xi) + Math.cos(xi));
                double rel = d == DType.BF16 ? Math.scalb(1.0, -5) : Math.scalb(1.0, -8);
                assertEquals(exact, v, rel * (Math.abs(exact) + 3 * xi * xi + 1), d + " at " + xi);
            }
        }
    }

    @Test
    void valuesAreRepresentableAfterEveryOp() {
        Trace t = trace(DType.BF16);
        Var x = t.input(Tensor.of(DType.F64, Shape.of(2, 2), 0.3, -1.7, 2.2, 0.01));
        Var[] results = {x.exp(), x.tanh(), x.sigmoid(), x.softplus(), x.matmul(x), x.softmax(1), x.div(3),
            x.sum(), x.mean(0, false), x.logsumexp(1, false), x.abs().sqrt(), x.abs().add(1).log()};
        for (Var r : results) {
            for (int i = 0; i < r.value().size(); i++) {
                assertTrue(isBf16(r.value().get(i)), "BF16 value " + r.value().get(i) + " of " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void minusZeroIsAKinkHitInEveryDtype(DType d) {
        Trace t = trace(d);
        Var x = t.input(-0.0);
        Var y = x.relu().add(x.abs());
        assertEquals(2, t.kinks().size(), d + ": relu and abs both hit 0 at -0.0");
        // mid: relu′(0) + abs′(0) = ½ + 0
        assertEquals(0.5, t.grad(y, x).of(x).item());
    }

    @Test
    void kinkDetectionIsExactInTheWorkingPrecision() {
        // F32: 1e-46 is below half the smallest subnormal (1.4e-45): rounds to 0, a hit.
        assertEquals(1, hits(DType.F32, 1e-46));
        // F32 holds 1e-30 (normal range down to 1.2e-38): not a hit, whatever the tolerance instinct says.
        assertEquals(0, hits(DType.F32, 1e-30));
        // F64: neither is a hit.
        assertEquals(0, hits(DType.F64, 1e-46));
        // BF16 shares F32's exponent range: 1e-46 → 0 (hit), 1e-30 stays (no hit)
        assertEquals(1, hits(DType.BF16, 1e-46));
        assertEquals(0, hits(DType.BF16, 1e-30));
        // F16: smallest subnormal 2^-24 ≈ 6e-8; 1e-8 rounds to 0, 1e-7 to 2·2^-24
        assertEquals(1, hits(DType.F16, 1e-8));
        assertEquals(0, hits(DType.F16, 1e-7));
        // and the derivative uses the kink value: relu′ of the F32-rounded 1e-46 is ½ under mid
        Trace t = trace(DType.F32);
        Var x = t.input(1e-46);
        assertEquals(0.5, t.grad(x.relu(), x).of(x).item());
    }

    private static int hits(DType d, double v) {
        Trace t = trace(d);
        t.input(v).relu();
        return t.kinks().size();
    }

    @Test
    void clampBoundsAndInputsAreComparedAfterRoundingToTheDtype() {
        // In F32, 1 + 2^-30 is 1: hardtanh hits its upper kink; in F64 it does not.
        Trace f32 = trace(DType.F32);
        Var a = f32.input(1 + Math.scalb(1.0, -30));
        a.hardtanh();
        assertEquals(1, f32.kinks().size());
        Trace f64 = trace(DType.F64);
        f64.input(1 + Math.scalb(1.0, -30)).hardtanh();
        assertEquals(0, f64.kinks().size());
        // In F16, x = 0.1 and the bound 0.1 round to the same value: a hit at hi, derivative ½ under mid
        Trace f16 = trace(DType.F16);
        Var x = f16.input(0.1);
        Var y = x.clamp(-1, 0.1);
        assertEquals(1, f16.kinks().size());
        assertEquals(0.5, f16.grad(y, x).of(x).item());
    }
}
