package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A valid certify input mutated at random (any value replaced by any JSON value, fields dropped or
 * added, text cut or spliced): certify keeps the {@link HostileInput} property on each.
 */
class CertifyFuzzTest {

    private static final String VALID = "{\"layers\": [{\"weights\": [[1, -2], [0.5, 3]], \"bias\": [0, -1], \"activation\": \"relu\"},"
            + " {\"weights\": [[1], [-1]], \"bias\": [0.25], \"activation\": \"leaky_relu\", \"slope\": 0.1}],"
            + " \"inputs\": [[1, 2], [0, 0]], \"loss\": {\"mse\": [[1], [0]]}, \"policy\": \"mid\", \"dtype\": \"f32\"}";

    private static Path dir;
    private static Path inputs;

    @BeforeContainer
    static void directories() throws IOException {
        dir = Files.createTempDirectory("certify-fuzz");
        inputs = Files.createTempDirectory("certify-fuzz-inputs");
    }

    @AfterContainer
    static void clean() throws IOException {
        HostileInput.deleteAll(inputs, dir);
    }

    private static JsonElement randomValue(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 6 : 9)) {
            case 0: return JsonNull.INSTANCE;
            case 1: return new JsonPrimitive(new double[] {0, -0.0, 1, -1, 0.7, 1e308, -1e-320, 2147483648.0, 3}[r.nextInt(9)]);
            case 2: return new JsonPrimitive(new String[] {"relu", "", "mid", "f16", "sum", "abs", ",", "x".repeat(500)}[r.nextInt(8)]);
            case 3: return new JsonPrimitive(r.nextBoolean());
            case 4: return new JsonArray();
            case 5: return new JsonObject();
            case 6: {
                JsonArray a = new JsonArray();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(randomValue(r, depth + 1));
                }
                return a;
            }
            case 7: {
                JsonObject o = new JsonObject();
                o.add(new String[] {"weights", "bias", "mse", "cross_entropy", "other"}[r.nextInt(5)], randomValue(r, depth + 1));
                return o;
            }
            default: {
                JsonArray row = new JsonArray();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    row.add(r.nextInt(5) - 2);
                }
                JsonArray m = new JsonArray();
                m.add(row);
                return m;
            }
        }
    }

    /** Every node of the tree with the way to replace it. */
    private static void nodes(JsonElement e, List<Runnable[]> out, Random r) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String k : new ArrayList<>(o.keySet())) {
                out.add(new Runnable[] {() -> o.add(k, randomValue(r, 0)), () -> o.remove(k)});
                nodes(o.get(k), out, r);
            }
            out.add(new Runnable[] {() -> o.add("extra", randomValue(r, 0))});
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                int at = i;
                out.add(new Runnable[] {() -> a.set(at, randomValue(r, 0)), () -> a.remove(at)});
                nodes(a.get(i), out, r);
            }
            out.add(new Runnable[] {() -> a.add(randomValue(r, 0))});
        }
    }

    static String mutate(Random r) {
        JsonElement root = JsonParser.parseString(VALID);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            List<Runnable[]> ns = new ArrayList<>();
            nodes(root, ns, r);
            Runnable[] choices = ns.get(r.nextInt(ns.size()));
            choices[r.nextInt(choices.length)].run();
        }
        String text = root.toString();
        switch (r.nextInt(6)) {
            case 0: return text.substring(0, r.nextInt(text.length() + 1));
            case 1: {
                int at = r.nextInt(text.length());
                return text.substring(0, at) + "[{\"\\u".charAt(r.nextInt(5)) + text.substring(at);
            }
            default: return text;
        }
    }

    @Property(tries = 300)
    void anyMutatedInputIsACertificateOrOneLine(@ForAll long seed) throws IOException {
        Path f = Files.write(inputs.resolve("in.json"), mutate(new Random(seed)).getBytes(StandardCharsets.UTF_8));
        HostileInput.check(dir, "certify", f.toString());
    }

    @Property(tries = 30)
    void randomBytesAreOneLine(@ForAll long seed) throws IOException {
        byte[] b = new byte[new Random(seed).nextInt(200)];
        new Random(seed).nextBytes(b);
        Path f = Files.write(inputs.resolve("bytes.json"), b);
        HostileInput.check(dir, "certify", f.toString());
    }
}
