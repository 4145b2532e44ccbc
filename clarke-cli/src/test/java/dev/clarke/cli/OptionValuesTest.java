package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Option values that slipped through: a --policy that names no policy (',' splits into nothing), exact
 * numbers beyond every format, a checkpoint that is a device. Each is exit 2 and one line.
 */
class OptionValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {",", ",,", " , "})
    void aPolicyOfOnlyCommasIsBadInputInEveryCommand(String policy) {
        String[][] commands = {
            {"grad", "relu(x)", "--at", "x=0", "--policy", policy},
            {"check", "relu(x)", "--at", "x=0", "--policy", policy},
            {"anf", "relu(x)", "--at", "x=0", "--policy", policy},
            {"train", "--epochs", "1", "--policy", policy},
            {"enumerate", "--widths", "1", "--values=-1..1", "--policy", policy},
        };
        for (String[] args : commands) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), args[0] + ": " + r.err());
            assertTrue(r.err().startsWith("clarke " + args[0] + ": --policy"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    /** 1e999999 as an exact rational is a million-digit integer: refused at once instead of computed with for minutes. */
    @ParameterizedTest
    @ValueSource(strings = {"--input=1e999999", "--input=1/1e-999999", "--values=0,1e999999", "--values=1e-999999,1"})
    void numbersBeyondEveryFormatAreRefusedAtOnce(String option) {
        CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> CliRun.of("enumerate", "--widths", "1", option.startsWith("--values") ? "--input=1" : "--values=-1..1", option));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("beyond the range"), r.err());
    }

    @Test
    void aCheckpointThatNeverEndsIsRefused() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        CliRun r = CliRun.of("train", "--epochs", "1", "--load", "/dev/zero");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--load"), r.err());
    }
}
