package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clarke train --report DIR}: index.html shows exactly the numbers of metrics.json, and the plots. */
class TrainReportTest {

    @TempDir
    Path dir;

    /** Every number of a JSON tree by its path, e.g. {@code history[1].testLoss}. */
    private static void numbers(String path, JsonElement e, Map<String, BigDecimal> out) {
        if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(f -> numbers(path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
                    f.getValue(), out));
        } else if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                numbers(path + "[" + i + "]", e.getAsJsonArray().get(i), out);
            }
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            out.put(path, e.getAsBigDecimal());
        }
    }

    /** 1,600 spirals in batches of 400 for 2 epochs: 4 steps an epoch, 8 in all, no kink hit in f32. */
    @Test
    void indexHtmlHoldsTheMetricsNumbersAndThePlots() throws IOException {
        Path rep = dir.resolve("rep");
        CliRun r = CliRun.of("train", "--epochs", "2", "--batch", "400", "--report", rep.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, BigDecimal> json = new TreeMap<>();
        numbers("", JsonParser.parseString(Files.readString(rep.resolve("metrics.json"))), json);
        assertEquals(new BigDecimal(8), json.get("steps"));

        String html = Files.readString(rep.resolve("index.html"), StandardCharsets.UTF_8);
        // Well-formed as XML too: every element closed, every attribute quoted (void elements aside).
        Document strict = Jsoup.parse(html.replaceAll("<(meta|img)([^>]*)>", "<$1$2/>"), "", Parser.xmlParser());
        assertEquals(1, strict.select("html > body").size());
        Document page = Jsoup.parse(html);
        assertEquals("Clarke training report", page.title());

        Map<String, BigDecimal> shown = new TreeMap<>();
        for (Element e : page.select("[data-key]")) {
            BigDecimal value = new BigDecimal(e.attr("data-value"));
            shown.put(e.attr("data-key"), value);
            // The text is the value with thousands separators, rounded to six significant digits at most.
            BigDecimal text = new BigDecimal(e.text().replace(",", ""));
            double tolerance = value.stripTrailingZeros().scale() <= 0 ? 0 : Math.abs(value.doubleValue()) * 5e-6;
            assertEquals(value.doubleValue(), text.doubleValue(), tolerance, e.attr("data-key") + ": " + e.text());
        }
        assertEquals(json.keySet(), shown.keySet());
        json.forEach((k, v) -> assertEquals(0, v.compareTo(shown.get(k)), k));

        assertEquals("No kink hit in 8 steps: every step's gradient certified DIFFERENTIABLE_CORRECT.",
                page.getElementById("kinks").text());
        for (String png : new String[] {"loss.png", "accuracy.png", "kinks.png"}) {
            assertEquals(1, page.select("img[src=" + png + "][alt]").size(), png);
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(rep.resolve(png)), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
        }
    }

    @Test
    void numbersHaveThousandsSeparators() {
        assertEquals("5,585,965", HtmlReport.number(new JsonPrimitive(5585965)));
        assertEquals("50", HtmlReport.number(new JsonPrimitive(50.0)));
        assertEquals("0.9525", HtmlReport.number(new JsonPrimitive(0.9525)));
        assertEquals("12,345.7", HtmlReport.number(new JsonPrimitive(12345.678)));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", HtmlReport.escape("a <b> & \"c\""));
    }
}
