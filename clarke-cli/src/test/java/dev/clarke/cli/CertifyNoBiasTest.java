package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clarke certify} without bias on the paper summary's Test D, f = v·relu(W₂·relu(W₁·1)) at
 * (0, −1, 1): layer 2's input is relu(0) = 0 and f ≡ 0 nearby, so ∇f = 0; relu′(0) = 1 gives AD's
 * (−1, 0, 0), relu′(0) = 0 gives 0. And Test A under relu′(0) = 5: not a Clarke subgradient.
 */
class CertifyNoBiasTest {

    @TempDir
    Path dir;

    private JsonObject certify(String json, String policy) throws Exception {
        Path f = dir.resolve("net.json");
        Files.writeString(f, json);
        CliRun r = CliRun.of("certify", f.toString(), "--policy", policy);
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    private static final String TEST_D = "{\"layers\": [{\"weights\": [[0]], \"activation\": \"relu\"},"
            + " {\"weights\": [[-1]], \"activation\": \"relu\"}, {\"weights\": [[1]]}], \"inputs\": [[1]], \"loss\": \"sum\"}";

    @Test
    void deadLayerIncorrect() throws Exception {
        JsonObject o = certify(TEST_D, "right");
        assertEquals("DIFFERENTIABLE_INCORRECT", o.get("verdict").getAsString());
        assertEquals(-1.0, o.getAsJsonObject("gradient").get("W1[0,0]").getAsDouble());
        assertEquals(0.0, o.getAsJsonObject("correctGradient").get("W1[0,0]").getAsDouble());
        assertEquals(0.0, o.getAsJsonObject("correctGradient").get("W2[0,0]").getAsDouble());
        JsonObject left = certify(TEST_D, "left");
        assertEquals("DIFFERENTIABLE_CORRECT", left.get("verdict").getAsString());
        assertFalse(left.has("correctGradient"));
    }

    @Test
    void outsideTheIntervalIsNotClarke() throws Exception {
        JsonObject o = certify("{\"layers\": [{\"weights\": [[1]], \"bias\": [-1], \"activation\": \"relu\"},"
                + " {\"weights\": [[2]]}], \"inputs\": [[1]], \"loss\": \"sum\"}", "relu=5");
        assertEquals("NONDIFFERENTIABLE_NOT_CLARKE", o.get("verdict").getAsString());
        assertEquals(10.0, o.getAsJsonObject("gradient").get("b1[0]").getAsDouble()); // 2·5
        assertEquals(0.0, o.getAsJsonObject("correctGradient").get("b1[0]").getAsDouble()); // 2·D⁻ = 0
    }
}
