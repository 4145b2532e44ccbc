package dev.clarke.cli;

import dev.clarke.absnormal.Certification;
import dev.clarke.ad.KinkLog;
import dev.clarke.lang.GradientReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Plain-text output for people. */
final class Human {

    private Human() {
    }

    static void gradient(PrintWriter out, String expression, GradientReport r) {
        out.println(expression);
        out.println("  policy " + r.policy().name() + ", dtype " + r.dtype().id()
                + (r.order() > 1 ? ", order " + r.order() : ""));
        out.println("value     " + number(r.value()));
        String d = r.order() == 1 ? "d/d" : "d^" + r.order() + "/d";
        String power = r.order() == 1 ? "" : "^" + r.order();
        String label = r.order() == 1 ? "gradient  " : "derivative";
        boolean first = true;
        for (Map.Entry<String, Double> e : r.gradient().entrySet()) {
            out.println((first ? label : "          ") + "  " + d + e.getKey() + power + " = " + number(e.getValue()));
            first = false;
        }
        if (r.gradient().isEmpty()) {
            out.println(label + "  (no variables)");
        }
        if (r.kinks().isEmpty()) {
            out.println("kinks     none hit: every primitive was evaluated inside one analytic piece");
        } else {
            out.println("kinks     " + r.kinks().size() + " hit" + (r.kinks().size() == 1 ? "" : "s")
                    + " (derivative there chosen by policy " + r.policy().name() + ")");
            for (KinkLog.Hit h : r.kinks()) {
                out.println("  " + GradCommand.describe(h) + "   node " + h.node() + ", element " + h.element()
                        + ", adjoint " + (h.hasAdjoint() ? number(h.adjoint()) : "none (not on the differentiated path)"));
            }
        }
        for (String flag : r.flags()) {
            out.println("note      " + flag);
        }
    }

    /** The certification lines printed under {@code clarke grad --certify}. */
    static void certification(PrintWriter out, Certification c) {
        out.println("verdict   " + c.verdict());
        out.println("  " + c.method());
        if (!c.reason().isEmpty()) {
            out.println("  reason: " + c.reason());
        }
        out.println("derivative  " + (c.derivative() == null ? "none (not differentiable, or undecided)"
                : partials(named(c.inputs(), c.derivative()))));
        out.println("clarke      " + (c.clarke() == null ? "none certified" : partials(named(c.inputs(), c.clarke()))));
        out.println("likq        " + (c.likq() ? "holds" : "fails") + " (" + c.activeKinks() + " active kink"
                + (c.activeKinks() == 1 ? "" : "s") + ")");
    }

    /** labels[i] → values[i], in order. */
    static Map<String, Double> named(List<String> labels, double[] values) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(labels.get(i), values[i]);
        }
        return m;
    }

    /** Partial derivatives on one line: {@code d/dx = 1, d/dy = 0}. */
    static String partials(Map<String, Double> g) {
        if (g.isEmpty()) {
            return "(no variables)";
        }
        StringBuilder b = new StringBuilder();
        g.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append("d/d").append(k).append(" = ").append(number(v)));
        return b.toString();
    }

    /** Rows as left-aligned columns, each line starting with {@code indent}. */
    static void table(PrintWriter out, String indent, List<String[]> rows) {
        int[] width = new int[rows.isEmpty() ? 0 : rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                b.append(i + 1 < r.length ? String.format("%-" + (width[i] + 2) + "s", r[i]) : r[i]);
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** A number without a trailing ".0" ({@code 1}, {@code 0.5}, {@code -2.5E-7}). */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v) + (v == 0 && 1 / v < 0 ? "" : "");
        }
        return Double.toString(v);
    }
}
