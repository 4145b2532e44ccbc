package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * {@code check} prints a branch whose values are shared as lets: the text grows linearly with the
 * program, not exponentially, and it is itself a program of the language with the branch's value.
 */
class SharedBranchTest {

    /** n lets, each using the previous value twice: 2ⁿ nodes as a tree. */
    private static String doubling(int n) {
        StringBuilder s = new StringBuilder("let a0 = relu(x) in ");
        for (int i = 1; i < n; i++) {
            s.append("let a").append(i).append(" = a").append(i - 1).append(" - 0.5*a").append(i - 1).append(" in ");
        }
        return s.append("a").append(n - 1).toString();
    }

    @Test
    void theBranchOfManyLetsIsPrintedOnceEach() {
        String program = doubling(28);
        JsonObject o = CliRun.of("check", program, "--at", "x=3", "--json").json();
        String branch = o.get("branch").getAsString();
        assertTrue(branch.length() < 40 * 28, "linear in the number of lets: " + branch.length() + " characters");
        // on the piece x > 0 the program is x·0.5^27; the printed branch, read back as a program, says the same
        JsonObject back = CliRun.of("grad", branch, "--at", "x=3", "--json").json();
        assertEquals(3 * Math.pow(0.5, 27), back.get("value").getAsDouble(), 1e-24);
        assertEquals(Math.pow(0.5, 27), back.getAsJsonObject("gradient").get("x").getAsDouble(), 1e-24);
    }

    @Test
    void aBranchWithoutSharingHasNoLets() {
        String branch = CliRun.of("check", "relu(x) - relu(-x)", "--at", "x=1", "--json").json().get("branch").getAsString();
        assertTrue(!branch.contains("let"), branch);
    }
}
