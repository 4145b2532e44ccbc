package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A --policy that names no policy (',' splits into nothing) and a checkpoint that is a device: exit 2, one line. */
class EmptyPolicyTest {

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

    @Test
    void aCheckpointThatNeverEndsIsRefused() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        CliRun r = CliRun.of("train", "--epochs", "1", "--load", "/dev/zero");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--load"), r.err());
    }
}
