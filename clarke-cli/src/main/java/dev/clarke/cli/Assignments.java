package dev.clarke.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code --at NAME=VALUE,...} (or another option's assignments) and checks it against a program's variables. */
final class Assignments {

    private Assignments() {
    }

    /** Parses {@code NAME=VALUE,...} given to {@code option} (e.g. {@code --at}, {@code --gradient}). */
    static Map<String, Double> parse(String option, List<String> specs) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (specs == null) {
            return out;
        }
        for (String spec : specs) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new BadInput(option + " '" + p + "': expected NAME=VALUE, e.g. " + option + " x=0,y=1");
                }
                String name = p.substring(0, eq).trim();
                String text = p.substring(eq + 1).trim();
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new BadInput(option + " " + name + "=" + text + ": '" + text + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new BadInput(option + " " + name + "=" + text + ": the value must be finite");
                }
                if (out.put(name, v) != null) {
                    throw new BadInput(option + ": variable " + name + " is given twice");
                }
            }
        }
        return out;
    }

    /** Checks that {@code option} gave a value for every variable and for nothing else. */
    static void check(String option, Map<String, Double> at, Set<String> variables) {
        for (String name : at.keySet()) {
            if (!variables.contains(name)) {
                throw new BadInput(option + " " + name + ": the expression has no variable '" + name + "'"
                        + (variables.isEmpty() ? " (it has none)" : "; its variables are " + String.join(", ", variables)));
            }
        }
        for (String name : variables) {
            if (!at.containsKey(name)) {
                throw new BadInput("variable '" + name + "' has no value: add it to " + option + ", e.g. "
                        + option + " " + name + "=0");
            }
        }
    }
}
