package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same domain errors from every command that evaluates a program, and data that cannot be trained on. */
class DomainErrorsTest {

    @TempDir
    Path dir;

    /** log(-1), 1/0 and 1/-0 under a saturating hardtanh: exit 2 and the same message from grad, anf and check. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "log(x)        | x=-1 | log of a non-positive number",
        "hardtanh(1/x) | x=0  | division by zero",
        "hardtanh(1/x) | x=-0 | division by zero",
        "relu(log(x))  | x=0  | log of a non-positive number",
        "sqrt(x) * 0   | x=-4 | sqrt of a negative number",
    })
    void everyCommandRefusesATakenPathOutsideTheDomain(String program, String at, String words) {
        for (String command : new String[] {"grad", "anf", "check"}) {
            CliRun r = CliRun.of(command, program, "--at", at);
            assertEquals(2, r.code(), command + ": " + r.out());
            assertTrue(r.err().contains(words), command + ": " + r.err());
        }
        assertEquals(2, CliRun.of("grad", program, "--at", at, "--certify").code());
    }

    /** An untaken side of where may leave the domain: the selected value is finite and so is its derivative. */
    @Test
    void anUnselectedWhereSideMayLeaveTheDomain() {
        CliRun r = CliRun.of("grad", "where(x > 0, 1/x, 0)", "--at", "x=0", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.json().get("value").getAsDouble(), 0);
    }

    private static void idx(Path file, int... header) throws IOException {
        try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(file))) {
            for (int h : header) {
                d.writeInt(h);
            }
        }
    }

    @Test
    void anIdxDirectoryWithoutImagesIsRefused() throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            idx(dir.resolve(split + "-images-idx3-ubyte"), 0x803, 0, 28, 28);
            idx(dir.resolve(split + "-labels-idx1-ubyte"), 0x801, 0);
        }
        CliRun r = CliRun.of("train", "--data", dir.toString(), "--epochs", "1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("no images"), r.err());
        assertTrue(!r.out().contains("loss"), "no training");
    }
}
