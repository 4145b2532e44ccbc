package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code clarke enumerate} on the three cases, with the counts. */
class EnumerateCommandTest {

    /** ndf = 7⁶·(1 − (1 − (7/49)(6/7))²) = 27048; inc 0 under every policy; bound 2/7. */
    @ParameterizedTest
    @ValueSource(strings = {"mid", "left", "right", "pytorch", "relu=5"})
    void widthTwoRelu(String policy) {
        CliRun r = CliRun.of("enumerate", "--widths", "2", "--activation", "relu", "--values=-3..3", "--policy", policy,
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(117_649, o.get("total").getAsLong());
        assertEquals(27_048, o.get("ndf").getAsLong());
        assertEquals(0, o.get("inc").getAsLong());
        assertEquals(2.0 / 7, o.get("bound").getAsDouble(), 1e-15);
        assertTrue(o.get("kinkHit").getAsLong() >= 27_048);
    }

    @Test
    void widthsOneOne() {
        CliRun r = CliRun.of("enumerate", "--widths", "1,1", "--activation", "relu", "--values=-2..2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals(3125, o.get("total").getAsLong());
        assertEquals(588, o.get("ndf").getAsLong());
        assertEquals(0, o.get("inc").getAsLong());
    }

    @Test
    void withoutBiasTheIncorrectSetDependsOnThePolicy() {
        CliRun left = CliRun.of("enumerate", "--widths", "1,1", "--activation", "relu", "--no-bias", "--values=-3..3",
                "--policy", "left", "--json");
        assertEquals(0, left.code(), left.err());
        assertEquals(343, left.json().get("total").getAsLong());
        assertEquals(36, left.json().get("ndf").getAsLong());
        assertEquals(0, left.json().get("inc").getAsLong());
        CliRun right = CliRun.of("enumerate", "--widths", "1,1", "--activation", "relu", "--no-bias", "--values=-3..3",
                "--policy", "right", "--json");
        assertEquals(18, right.json().get("inc").getAsLong());
    }

    @Test
    void humanOutputAndCertificateCheck() {
        CliRun r = CliRun.of("enumerate", "--widths", "1", "--activation", "hardtanh", "--values=e2m1fn",
                "--check-certificate");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3375 points"), r.out());
        assertTrue(r.out().contains("0 mismatches"), r.out());
        // --certify is the same option, named as in grad --certify and train --no-certify.
        assertEquals(r.out(), CliRun.of("enumerate", "--widths", "1", "--activation", "hardtanh", "--values=e2m1fn",
                "--certify").out());
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        for (String[] args : new String[][] {
            {"enumerate", "--values=foo"},
            {"enumerate", "--activation", "tanh"},
            {"enumerate", "--activation", "hardswish"},
            {"enumerate", "--widths", "0"},
            {"enumerate", "--widths", "8,8", "--values=-3..3"},
            {"enumerate", "--policy", "nope"},
            {"enumerate", "--input", "x"},
            {"enumerate", "--arch", "conv:1"},
            {"enumerate", "--arch", "conv:1:2:pool=9"},
            {"enumerate", "--arch", "conv:1:2:bogus=1"},
            {"enumerate", "--arch", "conv:1:1:poolpad=1"},
            {"enumerate", "--arch", "conv:1:1:pool=2:poolpad=2"},
            {"enumerate", "--arch", "conv:1:2", "--image", "3by3"},
            {"enumerate", "--arch", "conv:1:2", "--input", "1,2,3"},
            {"enumerate", "--arch", "conv:1:2", "--input", "0.1,0,0,0,0,0,0,0,0"},
            {"enumerate", "--arch", "conv:4:2:pool=2", "--values=-3..3"},
            {"enumerate", "--arch", "conv:1:2", "--no-bias"},
            {"enumerate", "--arch", "conv:1:1", "--image", "1x1", "--input", "1e999999"},
            {"enumerate", "--arch", "conv:2:2:pool=2", "--values=-2..2"},
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().startsWith("clarke enumerate: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    /**
     * Blank 3×3 image, conv(1 → 1, 2×2) → relu → maxpool(2) → linear(1, 1): f = v·relu(b) + c, not
     * differentiable iff b = 0 and v ≠ 0, 3⁵·2 = 486 of 3⁷ points; the certificate decides all of
     * them and agrees with the oracle everywhere.
     */
    @Test
    void convolutionalNetworkAgainstTheOracle() {
        JsonObject mid = blankImage486("conv:1:2:pool=2");
        assertEquals(0, mid.getAsJsonObject("verdicts").get("UNKNOWN").getAsLong());
        CliRun human = CliRun.of("enumerate", "--arch", "conv:1:2:pool=2", "--values=-1..1", "--policy", "left");
        assertTrue(human.out().contains("unsound 0"), human.out());
    }

    /**
     * A global average pool on a blank image: every conv output is b, the average is relu(b), and
     * f = v·relu(b) + c is not differentiable iff b = 0 and v ≠ 0: 3⁵·2 = 486 of 3⁷ points, every
     * one of them decided NONDIFFERENTIABLE_CLARKE.
     */
    @Test
    void globalAveragePoolAgainstTheOracle() {
        blankImage486("conv:1:2:gap");
    }

    /**
     * The relu after the global average (:actafter): the same f = v·relu(b) + c, but its kink now sits
     * above the average, whose tangent (¼·Σ of the blank patches, bias coordinate 1) the certificate
     * follows: all 486 points decided.
     */
    @Test
    void aKinkAboveTheAverageAgainstTheOracle() {
        blankImage486("conv:1:2:gap:actafter");
    }

    /**
     * Without a bias (:nobias) a blank image gives conv outputs W·0 = 0 for every W: constants, so
     * relu's kinks there never matter and f = v·relu(0) + c is differentiable at all 3⁶ points.
     */
    @Test
    void aConvolutionWithoutBiasOnABlankImageIsDifferentiableEverywhere() {
        CliRun r = CliRun.of("enumerate", "--arch", "conv:1:2:nobias:pool=2", "--input", "0,0,0,0,0,0,0,0,0", "--values=-1..1",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject mid = r.json().getAsJsonObject("policies").getAsJsonObject("mid");
        assertEquals(729, mid.get("total").getAsLong());
        assertEquals(0, mid.get("ndf").getAsLong());
        assertEquals(0, mid.get("unsound").getAsLong());
        assertEquals(729, mid.getAsJsonObject("verdicts").get("DIFFERENTIABLE_CORRECT").getAsLong());
    }

    /** Runs {@code arch} on the blank 3×3 image over {−1, 0, 1}⁷ under mid: 486 non-differentiable points, all decided. */
    private static JsonObject blankImage486(String arch) {
        CliRun r = CliRun.of("enumerate", "--arch", arch, "--input", "0,0,0,0,0,0,0,0,0", "--values=-1..1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject mid = r.json().getAsJsonObject("policies").getAsJsonObject("mid");
        assertEquals(2187, mid.get("total").getAsLong());
        assertEquals(486, mid.get("ndf").getAsLong());
        assertEquals(0, mid.get("unsound").getAsLong());
        assertEquals(486, mid.getAsJsonObject("verdicts").get("NONDIFFERENTIABLE_CLARKE").getAsLong());
        return mid;
    }
}
