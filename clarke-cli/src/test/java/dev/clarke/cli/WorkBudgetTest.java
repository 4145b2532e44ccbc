package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.clarke.absnormal.BudgetExceeded;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * max of 3,000 terms has 2,999 switching variables, past the abs-normal budget: grad --certify
 * answers UNKNOWN with the budget as the reason (and reverse mode's gradient), anf refuses, both at once.
 */
class WorkBudgetTest {

    /** max(x*0, x*1, ..., x*(n-1)) at x = 0: every term ties at 0, the largest slope is n-1 (right) and 0 (left). */
    private static String bigMax(int n) {
        StringJoiner j = new StringJoiner(", ", "max(", ")");
        for (int i = 0; i < n; i++) {
            j.add("x*" + i);
        }
        return j.toString();
    }

    @Test
    void certifyAnswersUnknownPastTheBudget() {
        JsonObject o = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CliRun.of("grad", bigMax(3000), "--at", "x=0", "--certify", "--json").json());
        assertEquals("UNKNOWN", o.get("verdict").getAsString());
        assertTrue(o.toString().contains("budget exceeded: more than " + BudgetExceeded.MAX_SWITCHING + " switching variables"),
                o.toString().substring(0, 300));
    }

    @Test
    void anfRefusesPastTheBudget() {
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("anf", bigMax(3000), "--at", "x=0"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("budget exceeded"), r.err());
    }

    @Test
    void withinTheBudgetTheFormIsBuilt() {
        CliRun r = CliRun.of("anf", bigMax(20), "--at", "x=0", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(19, r.json().getAsJsonArray("cz").size(), "max of n terms lowers to n - 1 abs");
    }
}
