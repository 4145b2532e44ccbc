package dev.clarke.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.clarke.absnormal.Certification;
import dev.clarke.ad.KinkLog;
import dev.clarke.lang.GradientReport;
import java.util.List;
import java.util.Map;

/** JSON output: one object per command run. */
final class Json {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls().create();

    private Json() {
    }

    static String gradient(String expression, GradientReport r) {
        return print(gradientObject(expression, r));
    }

    /**
     * {@link #gradient} plus the certification: {@code verdict}, {@code derivative} (variable →
     * number, or null when not differentiable), {@code clarke} (a certified Clarke subgradient, or
     * null), {@code likq}, {@code activeKinks}, {@code method} and {@code reason}.
     */
    static String certified(String expression, GradientReport r, Certification c) {
        JsonObject o = gradientObject(expression, r);
        o.addProperty("verdict", c.verdict().name());
        o.add("derivative", named(c.inputs(), c.derivative()));
        o.add("clarke", named(c.inputs(), c.clarke()));
        o.addProperty("likq", c.likq());
        o.addProperty("activeKinks", c.activeKinks());
        o.addProperty("method", c.method());
        o.addProperty("reason", c.reason());
        return print(o);
    }

    /** labels[i] → values[i] as an object, or JSON null when {@code values} is null. */
    static JsonElement named(List<String> labels, double[] values) {
        if (values == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        for (int i = 0; i < values.length; i++) {
            o.add(labels.get(i), number(values[i]));
        }
        return o;
    }

    private static JsonObject gradientObject(String expression, GradientReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("expression", expression);
        o.addProperty("value", r.value());
        o.add("gradient", numbers(r.gradient()));
        o.addProperty("order", r.order());
        JsonArray kinks = new JsonArray();
        for (KinkLog.Hit h : r.kinks()) {
            JsonObject k = new JsonObject();
            k.addProperty("op", h.op());
            k.addProperty("at", h.point());
            k.addProperty("node", h.node());
            k.addProperty("element", h.element());
            k.add("adjoint", h.hasAdjoint() ? new JsonPrimitive(h.adjoint()) : JsonNull.INSTANCE);
            kinks.add(k);
        }
        o.add("kinks", kinks);
        o.addProperty("policy", r.policy().name());
        o.addProperty("dtype", r.dtype().id());
        JsonArray flags = new JsonArray();
        r.flags().forEach(flags::add);
        o.add("flags", flags);
        return o;
    }

    /** The object as pretty-printed text. */
    static String print(JsonObject o) {
        return GSON.toJson(o);
    }

    /** A number, or null when it is not finite (JSON has no NaN or infinity). */
    static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    /** An object name → number, in the map's order. */
    static JsonObject numbers(Map<String, Double> m) {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> o.add(k, number(v)));
        return o;
    }
}
