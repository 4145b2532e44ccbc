package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clarke certify} on the paper summary's Test A: f = 2·relu(W·1 + b) at W = 1, b = −1. */
class CertifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void testAUnderMid() throws Exception {
        Path f = dir.resolve("net.json");
        Files.writeString(f, "{\"layers\": [{\"weights\": [[1]], \"bias\": [-1], \"activation\": \"relu\"},"
                + " {\"weights\": [[2]]}], \"inputs\": [[1]], \"loss\": \"sum\"}");
        CliRun r = CliRun.of("certify", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(r.out(), CliRun.of("certify", f.toString(), "--json").out(), "--json prints the same JSON");
        JsonObject o = r.json();
        assertEquals("NONDIFFERENTIABLE_CLARKE", o.get("verdict").getAsString());
        assertEquals(false, o.get("differentiable").getAsBoolean());
        // relu'(0) = ½: dW = db = 2·½ = 1, dv = relu(0) = 0
        assertEquals(1.0, o.getAsJsonObject("gradient").get("W1[0,0]").getAsDouble());
        assertEquals(1.0, o.getAsJsonObject("gradient").get("b1[0]").getAsDouble());
        assertEquals(0.0, o.getAsJsonObject("gradient").get("W2[0,0]").getAsDouble());
        assertEquals(2.0, o.getAsJsonArray("kinks").get(0).getAsJsonObject().get("adjoint").getAsDouble());
    }

    @Test
    void badInput() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"layers\": [{\"weights\": [[1, 2]]}, {\"weights\": [[1]]}], \"inputs\": [[1]]}");
        CliRun r = CliRun.of("certify", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("clarke certify: "), r.err());
        assertEquals(2, CliRun.of("certify", dir.resolve("missing.json").toString()).code());
    }
}
