package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Sequential;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The density bound n/|M| and the format sizes, counted by hand from the encodings. */
class BoundTest {

    /**
     * Finite values with ±0 once: 2^bits − 2·(NaN/∞ codes with the top exponent) − 1.
     * f16: 2^16 − 2·2^10 − 1; bf16: 2^16 − 2·2^7 − 1; f32: 2^32 − 2·2^23 − 1; f64: 2^64 − 2·2^52 − 1.
     */
    @Test
    void formatSizes() {
        assertEquals(BigInteger.valueOf(65536 - 2048 - 1), Bound.F16);
        assertEquals(BigInteger.valueOf(65536 - 256 - 1), Bound.BF16);
        assertEquals(BigInteger.valueOf((1L << 32) - (1L << 24) - 1), Bound.F32);
        assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.TWO.pow(53)).subtract(BigInteger.ONE), Bound.F64);
        // fp8 E4M3FN: only S.1111.111 is NaN → 256 − 2 − 1; E5M2: 2·(1 ∞ + 3 NaN) → 256 − 8 − 1
        assertEquals(BigInteger.valueOf(253), Bound.formatSize("fp8e4m3"));
        assertEquals(BigInteger.valueOf(247), Bound.formatSize("fp8e5m2"));
    }

    /** n = Σ neurons × kinks: 256·1 (relu) + 64·2 (relu6) = 384; the head has none. */
    @Test
    void countsNeuronKinkPairs() {
        Sequential net = Sequential.of(Dense.of(784, 256, Activation.relu()), Dense.of(256, 64, Activation.relu6()),
                Dense.of(64, 10, null));
        assertEquals(384, net.kinkCount());
        Bound f32 = Bound.forFormat(net, "f32");
        assertEquals(384 / 4_278_190_079.0, f32.density(), 1e-20);
        assertFalse(f32.vacuous());
    }

    /** The paper summary's examples: n = 10⁶ is vacuous in fp16 and bf16, 2.3·10⁻⁴ in fp32. */
    @Test
    void vacuousInSixteenBits() {
        assertTrue(Bound.of(1_000_000, Bound.F16, "f16").vacuous());
        assertTrue(Bound.of(1_000_000, Bound.BF16, "bf16").vacuous());
        Bound f32 = Bound.of(1_000_000, Bound.F32, "f32");
        assertFalse(f32.vacuous());
        assertEquals(2.337e-4, f32.density(), 1e-7);
        assertEquals(10_000 / 63_487.0, Bound.of(10_000, Bound.F16, "f16").density(), 1e-15);
        assertTrue(Bound.of(7, BigInteger.valueOf(7), "-3..3").vacuous());
    }
}
