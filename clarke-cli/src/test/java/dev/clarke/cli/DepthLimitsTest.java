package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented depth limit (2,000 levels of operators, 200 of brackets) is true for every command:
 * a program at the limit is computed, one past it is one short error, never a stack overflow.
 */
class DepthLimitsTest {

    private static String sum(int terms) {
        return String.join("+", Collections.nCopies(terms, "x"));
    }

    private static void assertShortError(CliRun r, String words) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(words), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.length() <= Messages.MAX_LINE), "lines are short");
        assertTrue(r.err().length() < 1000, r.err().length() + " characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grad", "grad --certify", "grad --order 2", "check", "anf"})
    void aSumAtTheLimitIsComputed(String command) {
        String[] words = command.split(" ");
        String[] args = new String[words.length + 3];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = sum(1999);
        args[words.length + 1] = "--at";
        args[words.length + 2] = "x=1";
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1999"), "the value or the derivative is 1999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grad", "check", "anf"})
    void pastTheLimitIsOneShortError(String command) {
        assertShortError(CliRun.of(command, sum(2002), "--at", "x=1"), "too deep");
        assertShortError(CliRun.of(command, "[x]" + "[0]".repeat(3000), "--at", "x=1"), "too deep");
        assertShortError(CliRun.of(command, "(".repeat(5000) + "x" + ")".repeat(5000), "--at", "x=1"), "nested too deeply");
        assertShortError(CliRun.of(command, "0+" + "-".repeat(5000) + "x", "--at", "x=1"), "nested too deeply");
    }
}
