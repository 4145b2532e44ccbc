package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code clarke demo}: the printed derivatives match the hand-derived kink table. */
class DemoCommandTest {

    /** The four numbers (mid, left, right, pytorch) printed after the program and x columns. */
    private static List<String> row(String out, String program) {
        String line = out.lines().filter(l -> l.startsWith(program + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + program + " in\n" + out));
        String[] cells = line.substring(28).trim().split("\\s+");
        return Arrays.asList(cells).subList(1, 5);
    }

    @Test
    void relusWrittenFiveWaysAgreeOnlyUnderMid() {
        CliRun r = CliRun.of("demo");
        assertEquals(0, r.code(), r.err());
        // relu′(0) = 1 − λ: mid ½, left 0, right 1, pytorch 0 (PyTorch's relu uses the left piece)
        assertEquals(List.of("0.5", "0", "1", "0"), row(r.out(), "relu(x)"));
        // max(0, x): switching variable 0 − x, so ∂x = λ: mid ½, left 1, right 0, pytorch ½
        assertEquals(List.of("0.5", "1", "0", "0.5"), row(r.out(), "max(0, x)"));
        // clamp's lower bound: 1 − λ; PyTorch treats the bound as inside: 1
        assertEquals(List.of("0.5", "0", "1", "1"), row(r.out(), "clamp(x, 0, 1000)"));
        // (x + |x|)/2: (1 + abs′(0))/2 with abs′(0) = 1 − 2λ; PyTorch abs′(0) = 0
        assertEquals(List.of("0.5", "0", "1", "0.5"), row(r.out(), "(x + abs(x)) / 2"));
        // sqrt(x·x) at 0: sqrt′(0) is the finite policy value 0 under every preset
        assertEquals(List.of("0", "0", "0", "0"), row(r.out(), "sqrt(x*x)"));
        assertTrue(r.out().contains("mid"));
    }

    /** The JSON rows hold the same hand-derived numbers: relu′(0) = 1 − λ, and max(0, x)′ = λ at 0. */
    @Test
    void json() {
        CliRun r = CliRun.of("demo", "--json");
        assertEquals(0, r.code(), r.err());
        com.google.gson.JsonObject o = r.json();
        assertEquals("[\"mid\",\"left\",\"right\",\"pytorch\"]", o.getAsJsonArray("policies").toString());
        com.google.gson.JsonObject relu = o.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertEquals("relu(x)", relu.get("program").getAsString());
        assertEquals("{\"mid\":0.5,\"left\":0.0,\"right\":1.0,\"pytorch\":0.0}", relu.getAsJsonObject("gradient").toString());
        com.google.gson.JsonObject max0x = o.getAsJsonArray("rows").get(2).getAsJsonObject();
        assertEquals("max(0, x)", max0x.get("program").getAsString());
        assertEquals("{\"mid\":0.5,\"left\":1.0,\"right\":0.0,\"pytorch\":0.5}", max0x.getAsJsonObject("gradient").toString());
    }
}
