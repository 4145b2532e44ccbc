package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** End-to-end: {@code clarke anf}, with hand-derived matrices. */
class AnfCommandTest {

    /**
     * max(x, 0) − max(−x, 0) at 0: z₀ = x − 0, z₁ = −x − 0; y = ½(x + |z₀|) − ½(−x + |z₁|), so
     * J = [1], Y = [½, −½], Z = [1; −1], L = 0, cz = cy = 0.
     */
    @Test
    void jsonMatricesOfT2() {
        CliRun r = CliRun.of("anf", "max(x, 0) - max(-x, 0)", "--at", "x=0", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        assertEquals("[[1.0],[-1.0]]", o.get("Z").toString());
        assertEquals("[[0.0,0.0],[0.0,0.0]]", o.get("L").toString());
        assertEquals("[[1.0]]", o.get("J").toString());
        assertEquals("[[0.5,-0.5]]", o.get("Y").toString());
        assertEquals("[0.0,0.0]", o.get("cz").toString());
        assertEquals("[0.0]", o.get("cy").toString());
        JsonArray sw = o.getAsJsonArray("switching");
        assertEquals(2, sw.size());
        assertEquals("max", sw.get(0).getAsJsonObject().get("op").getAsString());
        assertTrue(sw.get(1).getAsJsonObject().get("active").getAsBoolean());
        assertFalse(o.get("likq").getAsBoolean());
        assertTrue(o.get("absLinear").getAsBoolean());
    }

    /** ||x| − |y|| at (1, 1): z₂ = |z₀| − |z₁| gives L row [1, −1, 0]; Y = [0, 0, 1]. */
    @Test
    void nestedAbsHasLowerTriangularL() {
        JsonObject o = CliRun.of("anf", "abs(abs(x) - abs(y))", "--at", "x=1,y=1", "--json").json();
        assertEquals("[[0.0,0.0,0.0],[0.0,0.0,0.0],[1.0,-1.0,0.0]]", o.get("L").toString());
        assertEquals("[[0.0,0.0,1.0]]", o.get("Y").toString());
        assertEquals("[1.0,1.0,0.0]", o.get("z").toString());
        // cz = z − L|z|: z₀ = 1, z₁ = 1, and z₂: 0 − (1·|1| − 1·|1|) = 0
        assertEquals("[1.0,1.0,0.0]", o.get("cz").toString());
    }

    @Test
    void humanOutputAndBadInput() {
        CliRun r = CliRun.of("anf", "relu(x)", "--at", "x=0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LIKQ holds"), r.out());
        assertTrue(r.out().contains("z0  relu"), r.out());
        CliRun bad = CliRun.of("anf", "relu(x)", "--at", "y=0");
        assertEquals(2, bad.code());
    }
}
