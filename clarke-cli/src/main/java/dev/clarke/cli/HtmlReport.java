package dev.clarke.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code index.html} of a training report: a headline on kinks, every number of metrics.json
 * (the run, per layer, the verdicts, per epoch) and the three plots. Each number's cell carries its
 * metrics.json path and exact value ({@code data-key}, {@code data-value}) and shows the value with
 * thousands separators; the page is static HTML with no script and no outside resource.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    /** The page for {@code metrics} (the {@code --json} object), whose kink headline is {@code headline}. */
    static String render(JsonObject metrics, String headline) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Clarke training report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append("img{max-width:100%;display:block;margin:1em 0}\n")
                .append("</style>\n</head>\n<body>\n<h1>Clarke training report</h1>\n");
        b.append("<p id=\"kinks\">").append(escape(headline)).append("</p>\n");
        b.append("<h2>Run</h2>\n<table>\n");
        List<Map.Entry<String, JsonElement>> tables = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : metrics.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                b.append("<tr><th scope=\"row\">").append(escape(e.getKey())).append("</th>")
                        .append(cell(e.getKey(), e.getValue().getAsJsonPrimitive())).append("</tr>\n");
            } else {
                tables.add(e);
            }
        }
        b.append("</table>\n");
        for (Map.Entry<String, JsonElement> e : tables) {
            b.append("<h2>").append(escape(e.getKey())).append("</h2>\n");
            if (e.getValue().isJsonArray()) {
                rows(b, e.getKey(), e.getValue().getAsJsonArray());
            } else if (e.getValue().isJsonObject()) {
                b.append("<table>\n");
                for (Map.Entry<String, JsonElement> f : e.getValue().getAsJsonObject().entrySet()) {
                    b.append("<tr><th scope=\"row\">").append(escape(f.getKey())).append("</th>")
                            .append(cell(e.getKey() + "." + f.getKey(), f.getValue())).append("</tr>\n");
                }
                b.append("</table>\n");
            }
        }
        b.append("<h2>Plots</h2>\n");
        for (String[] img : new String[][] {{"loss.png", "Loss per step and test loss per epoch"},
                {"accuracy.png", metrics.has("testRmse") ? "RMSE per step and test RMSE per epoch"
                        : "Accuracy per step and test accuracy per epoch"},
                {"kinks.png", "Kink hits and hits with a non-zero adjoint per layer and step"}}) {
            b.append("<figure><img src=\"").append(img[0]).append("\" alt=\"").append(img[1]).append("\">")
                    .append("<figcaption>").append(img[1]).append("</figcaption></figure>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    /** An array of objects as a table with one column per key; other arrays as one row of values. */
    private static void rows(StringBuilder b, String key, com.google.gson.JsonArray a) {
        b.append("<table>\n");
        if (!a.isEmpty() && a.get(0).isJsonObject()) {
            b.append("<tr>");
            for (String k : a.get(0).getAsJsonObject().keySet()) {
                b.append("<th scope=\"col\">").append(escape(k)).append("</th>");
            }
            b.append("</tr>\n");
        }
        for (int i = 0; i < a.size(); i++) {
            JsonElement row = a.get(i);
            b.append("<tr>");
            if (row.isJsonObject()) {
                for (Map.Entry<String, JsonElement> f : row.getAsJsonObject().entrySet()) {
                    b.append(cell(key + "[" + i + "]." + f.getKey(), f.getValue()));
                }
            } else {
                b.append(cell(key + "[" + i + "]", row));
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static String cell(String key, JsonElement v) {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            return "<td class=\"n\" data-key=\"" + escape(key) + "\" data-value=\"" + p + "\">" + number(p) + "</td>";
        }
        if (v.isJsonArray()) {
            StringBuilder s = new StringBuilder("<td>");
            for (int i = 0; i < v.getAsJsonArray().size(); i++) {
                JsonElement e = v.getAsJsonArray().get(i);
                s.append(i == 0 ? "" : " ").append(e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()
                        ? "<span data-key=\"" + escape(key + "[" + i + "]") + "\" data-value=\"" + e + "\">"
                                + number(e.getAsJsonPrimitive()) + "</span>"
                        : escape(e.toString()));
            }
            return s.append("</td>").toString();
        }
        return "<td>" + escape(v.isJsonPrimitive() ? v.getAsString() : v.toString()) + "</td>";
    }

    /** Integers with thousands separators; other numbers to six significant digits. */
    static String number(JsonPrimitive p) {
        BigDecimal d = p.getAsBigDecimal();
        if (d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
            return String.format(Locale.ROOT, "%,d", d.toBigInteger());
        }
        return String.format(Locale.ROOT, "%,.6g", d.doubleValue()).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
