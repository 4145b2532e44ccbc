package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The help text of every command: one-sentence summaries, wrapped at the width without split words or examples. */
class HelpTextTest {

    /** The command and its subcommands except {@code help}, which picocli provides. */
    private static Map<String, CommandLine> commands(int width) {
        CommandLine root = Main.commandLine();
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(width);
        Map<String, CommandLine> all = new HashMap<>(root.getSubcommands());
        all.remove("help");
        all.put("clarke", root);
        return all;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void noLineOverTheWidthNoSplitWordAndWholeExamples(int width) {
        List<String> problems = new java.util.ArrayList<>();
        Map<String, CommandLine> narrow = commands(width);
        Map<String, CommandLine> wide = commands(1000);
        assertTrue(narrow.size() >= 9, narrow.keySet().toString());
        for (String name : narrow.keySet()) {
            String text = narrow.get(name).getUsageMessage();
            String unwrapped = wide.get(name).getUsageMessage();
            for (String line : text.split("\n")) {
                if (line.length() > width) {
                    problems.add(name + ": line of " + line.length() + " > " + width + ": " + line);
                }
            }
            // A word cut by the wrapping is not a word of the unwrapped text.
            Set<String> whole = words(unwrapped);
            for (String w : words(text)) {
                if (!whole.contains(w)) {
                    problems.add(name + " at width " + width + ": '" + w + "' is part of a split word");
                }
            }
            // Every example line of the footer appears whole, as a line.
            List<String> lines = List.of(text.split("\n"));
            List<String> wideLines = List.of(unwrapped.split("\n"));
            int from = wideLines.indexOf("Examples:") + 1;
            assertTrue(from > 0, name + " has no examples");
            for (int i = from; i < wideLines.size() && !wideLines.get(i).isEmpty(); i++) {
                String example = wideLines.get(i);
                if (!lines.contains(example)) {
                    problems.add(name + " at width " + width + ": example broken: " + example);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everySummaryIsOneSentence() {
        for (Map.Entry<String, CommandLine> e : commands(80).entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            String summary = description[0];
            assertTrue(summary.endsWith("."), e.getKey() + ": summary does not end with a period: " + summary);
            assertTrue(Character.isUpperCase(summary.charAt(0)), e.getKey() + ": " + summary);
            String inner = summary.substring(0, summary.length() - 1).replace("e.g.", "").replace("et al.", "");
            assertFalse(inner.contains(". "), e.getKey() + ": more than one sentence: " + summary);
        }
    }

    /** The command list of {@code clarke --help} shows each summary whole, not cut at a line break. */
    @Test
    void theCommandListShowsWholeSummaries() {
        String help = CliRun.of("--help").out();
        for (Map.Entry<String, CommandLine> e : commands(80).entrySet()) {
            if (!e.getKey().equals("clarke")) {
                String summary = e.getValue().getCommandSpec().usageMessage().description()[0];
                String flat = help.replaceAll("\\s+", " ");
                assertTrue(flat.contains(summary), e.getKey() + ": " + summary + " not whole in\n" + help);
            }
        }
    }

    @Test
    void everyCommandTakesJson() {
        for (Map.Entry<String, CommandLine> e : commands(80).entrySet()) {
            if (!e.getKey().equals("clarke")) {
                assertTrue(e.getValue().getCommandSpec().findOption("--json") != null, e.getKey() + " has no --json");
            }
        }
    }

    /** An option name used by several commands has the same parameter label in all of them (a list's ends in ",..."). */
    @Test
    void sharedOptionNamesHaveOneLabel() {
        Map<String, String> label = new HashMap<>();
        for (Map.Entry<String, CommandLine> e : commands(80).entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.arity().max() == 0) {
                    continue;   // a flag has no parameter, so no label
                }
                for (String n : o.names()) {
                    String one = o.paramLabel().replace(",...", "");
                    String before = label.putIfAbsent(n, one);
                    if (before != null) {
                        assertEquals(before, one, n + " in " + e.getKey());
                    }
                }
            }
        }
        assertTrue(label.containsKey("--width") && label.containsKey("--widths"));
        // The same idea under the same name: leaky_relu's slope and the certificate.
        for (String command : new String[] {"enumerate", "train"}) {
            assertTrue(commands(80).get(command).getCommandSpec().findOption("--slope") != null, command);
        }
        assertTrue(commands(80).get("enumerate").getCommandSpec().findOption("--certify") != null);
    }
}
