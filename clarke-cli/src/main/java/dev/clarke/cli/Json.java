package dev.clarke.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.clarke.ad.KinkLog;
import dev.clarke.lang.GradientReport;
import java.util.Map;

/** JSON output: one object per command run. */
final class Json {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Json() {
    }

    static String gradient(String expression, GradientReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("expression", expression);
        o.addProperty("value", r.value());
        JsonObject g = new JsonObject();
        for (Map.Entry<String, Double> e : r.gradient().entrySet()) {
            g.addProperty(e.getKey(), e.getValue());
        }
        o.add("gradient", g);
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
        r.policy().flagged().forEach(flags::add);
        o.add("flags", flags);
        return GSON.toJson(o);
    }
}
