package dev.clarke.cli;

import dev.clarke.lang.GradientReport;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clarke demo}: the built-in example — the same functions written differently, at their kinks, under each policy. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Differentiate built-in programs that are equal functions written differently, at "
                    + "their kinks, under the policies mid, left, right and pytorch.",
            "",
            "Under mid the relu-like rows agree."},
        footer = {"", "Examples:", "  clarke demo", "  clarke demo --json"})
final class DemoCommand implements Callable<Integer> {

    /** A program, the point, and what the row shows. */
    private record Row(String source, double x, String note) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("relu(x)", 0, "relu at its kink"),
            new Row("max(x, 0)", 0, "the same function"),
            new Row("max(0, x)", 0, "switching variable flipped"),
            new Row("clamp(x, 0, 1000)", 0, "clamp's lower bound"),
            new Row("(x + abs(x)) / 2", 0, "relu through abs"),
            new Row("relu(x) - relu(-x)", 0, "= x, true derivative 1"),
            new Row("relu(-x) + x", 0, "= relu(x) again"),
            new Row("sqrt(x*x)", 0, "= |x|, finite at 0"),
            new Row("if (x > 0) sqrt(x) else 0", -1, "lazy if: no NaN"));

    private static final List<String> POLICIES = List.of("mid", "left", "right", "pytorch");

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: policies, and rows of program, x, note and "
            + "gradient (policy → d/dx).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.print(json()));
            return ExitCodes.OK;
        }
        out.println("d/dx at the point, under each kink policy (clarke grad EXPR --at x=V --policy P):");
        out.println();
        StringBuilder head = new StringBuilder(String.format("%-28s %5s", "program", "x"));
        for (String p : POLICIES) {
            head.append(String.format(" %8s", p));
        }
        out.println(head.append("   note"));
        for (Row row : ROWS) {
            Program program = Program.parse(row.source());
            StringBuilder line = new StringBuilder(String.format("%-28s %5s", row.source(), Human.number(row.x())));
            for (String p : POLICIES) {
                line.append(String.format(" %8s", Human.number(derivative(program, row, p))));
            }
            out.println(line.append("   ").append(row.note()));
        }
        out.println();
        out.println("mid (λ = ½, the default) is the only policy under which the first five rows agree.");
        return ExitCodes.OK;
    }

    private static double derivative(Program program, Row row, String policy) {
        return GradientReport.compute(program, Map.of("x", row.x()), KinkPolicy.parse(policy), DType.F64, 1)
                .gradient().get("x");
    }

    private static JsonObject json() {
        JsonObject o = new JsonObject();
        JsonArray policies = new JsonArray();
        POLICIES.forEach(policies::add);
        o.add("policies", policies);
        JsonArray rows = new JsonArray();
        for (Row row : ROWS) {
            Program program = Program.parse(row.source());
            JsonObject r = new JsonObject();
            r.addProperty("program", row.source());
            r.addProperty("x", row.x());
            r.addProperty("note", row.note());
            JsonObject g = new JsonObject();
            for (String p : POLICIES) {
                g.addProperty(p, derivative(program, row, p));
            }
            r.add("gradient", g);
            rows.add(r);
        }
        o.add("rows", rows);
        return o;
    }
}
