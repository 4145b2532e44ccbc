package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Continuous if-selections become max/min (or B + h·relu(g)); everything else is kept. */
class SelectionsTest {

    @Test
    void constantQuotientsBecomeMaxOrMin() {
        assertEquals("(max x 0)", lowered("if (x > 0) x else 0"));
        assertEquals("(min 0 x)", lowered("if (x > 0) 0 else x"));
        assertEquals("(max x (neg x))", lowered("if (x >= 0) x else -x"));
        assertEquals("(min x y)", lowered("if (x < y) x else y"));            // g = y − x, A − B = x − y = −g
        assertEquals("(max (sub (mul 2 x) 1) x)", lowered("if (x > 1) 2*x - 1 else x"));
        assertEquals("(add x y)", lowered("if (x > y) x + y else y + x"));    // A ≡ B: A
    }

    @Test
    void variableQuotientsBecomeAKinkTimesTheQuotient() {
        // x·y − 0 = y·(x − 0)
        assertEquals("(add 0 (mul (mul 1 y) (relu (sub x 0))))", lowered("if (x > 0) x*y else 0"));
    }

    @Test
    void branchesNotShownToAgreeAreKept() {
        for (String src : List.of("if (x > 0) x + 1 else x", "if (x > y) x*y else x", "if (x > 0) sin(x) else x",
                "if (1 > 0) x else 0")) {
            Program p = Program.parse(src);
            Selections.Lowered low = Selections.lower(p);
            assertEquals(0, low.lowered(), src);
            assertSame(p, low.program(), src);
        }
    }

    /** The lowered program is the same function: compared with the original at 2000 random points. */
    @Test
    void loweredProgramsAreTheSameFunction() {
        Random r = new Random(7);
        for (String src : List.of("if (x > 0) x else 0", "if (x > y) x*x else y*y", "let t = x - y in if (t > 0) t*t else 0",
                "(if (x > 0) x else 0) - (if (-x < 0) x else 0)", "if (x + y <= 1) relu(x)*(x + y - 1) else 0",
                "if (x > 0) x*y else 0")) {
            Program p = Program.parse(src);
            Program q = Selections.lower(p).program();
            assertEquals(p.variables(), q.variables(), src);
            for (int k = 0; k < 2000; k++) {
                Map<String, Double> at = new LinkedHashMap<>();
                for (String v : p.variables()) {
                    at.put(v, k % 10 == 0 ? Math.rint(4 * r.nextGaussian()) / 4 : 3 * r.nextGaussian());
                }
                assertEquals(value(p, at), value(q, at), 1e-12, src + " at " + at);
            }
        }
    }

    private static String lowered(String src) {
        Selections.Lowered low = Selections.lower(Program.parse(src));
        assertEquals(1, low.lowered(), src);
        return low.program().root().show();
    }

    private static double value(Program p, Map<String, Double> at) {
        Trace t = new Trace();
        Map<String, Var> env = new LinkedHashMap<>();
        at.forEach((k, v) -> env.put(k, t.input(v)));
        return p.evaluate(t, env).item();
    }
}
