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
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().startsWith("clarke enumerate: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
