package dev.clarke.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Max-pool ties under the {@code pytorch} preset against PyTorch 1.13's measured gradients
 * ({@code pytorch-kinks.json}, family {@code max_pool2d}, made by tools/measure-pytorch-kinks.py):
 * PyTorch routes a tied window's whole adjoint to its first maximal element in row-major window
 * order, and the preset's λ = 0 for reductions along an axis does the same. Every case runs through
 * {@link Pool2d} (padding, overlapping windows, ceil mode); the unpadded ones also through
 * {@link MaxPool2d}.
 */
class MaxPoolPytorchTiesTest {

    private static List<JsonObject> poolCases() throws Exception {
        try (InputStream in = MaxPoolPytorchTiesTest.class.getResourceAsStream("/pytorch-kinks.json")) {
            assertNotNull(in, "pytorch-kinks.json on the test classpath");
            JsonObject f = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : f.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                if (c.get("family").getAsString().equals("max_pool2d")) {
                    out.add(c);
                }
            }
            assertFalse(out.isEmpty(), "the fixture has max_pool2d cases");
            return out;
        }
    }

    private static double[][] grid(JsonArray rows) {
        double[][] g = new double[rows.size()][];
        for (int i = 0; i < g.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            g[i] = new double[r.size()];
            for (int j = 0; j < g[i].length; j++) {
                g[i][j] = r.get(j).getAsDouble();
            }
        }
        return g;
    }

    private static double[] flat(double[][] g) {
        return Stream.of(g).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @TestFactory
    Stream<DynamicTest> poolTiesGoToTheFirstMaximalElementInsideTheImageAsInPyTorch() throws Exception {
        return poolCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.get("expr").getAsString() + " at " + c.get("inputs"), () -> {
                    JsonObject p = c.getAsJsonObject("params");
                    double[][] g = grid(c.getAsJsonObject("inputs").getAsJsonArray("grid"));
                    Trace t = new Trace(KinkPolicy.pytorch(), DType.F64);
                    Var x = t.input(Tensor.of(DType.F64, Shape.of(1, 1, g.length, g[0].length), flat(g)));
                    Pool2d pool = new Pool2d(Pool2d.Kind.MAX, Window2d.square(p.get("kernel").getAsInt(),
                            p.get("stride").getAsInt(), p.get("padding").getAsInt()), p.get("ceilMode").getAsBoolean(), false);
                    Var y = pool.forward(x, List.of(), Layer.Mode.EVAL).sum();
                    double[] expected = flat(grid(c.getAsJsonObject("grad").getAsJsonArray("grid")));
                    assertArrayEquals(expected, t.grad(y, x).of(x).toDoubleArray(), 0.0);
                    assertEquals(c.get("value").getAsDouble(), y.item(), 0.0);
                }));
    }

    @TestFactory
    Stream<DynamicTest> unpaddedPoolTiesGoToTheFirstMaximalElementAsInPyTorch() throws Exception {
        return poolCases().stream()
                .filter(c -> c.getAsJsonObject("params").get("padding").getAsInt() == 0
                        && !c.getAsJsonObject("params").get("ceilMode").getAsBoolean())
                .map(c -> DynamicTest.dynamicTest(c.get("expr").getAsString() + " at " + c.get("inputs"), () -> {
                    JsonObject p = c.getAsJsonObject("params");
                    double[][] g = grid(c.getAsJsonObject("inputs").getAsJsonArray("grid"));
                    Trace t = new Trace(KinkPolicy.pytorch(), DType.F64);
                    Var x = t.input(Tensor.of(DType.F64, Shape.of(1, 1, g.length, g[0].length), flat(g)));
                    MaxPool2d pool = new MaxPool2d(p.get("kernel").getAsInt(), p.get("stride").getAsInt());
                    Var y = pool.forward(x, List.of(), Layer.Mode.EVAL).sum();
                    double[] expected = flat(grid(c.getAsJsonObject("grad").getAsJsonArray("grid")));
                    assertArrayEquals(expected, t.grad(y, x).of(x).toDoubleArray(), 0.0);
                    assertEquals(c.get("value").getAsDouble(), y.item(), 0.0);
                }));
    }
}
