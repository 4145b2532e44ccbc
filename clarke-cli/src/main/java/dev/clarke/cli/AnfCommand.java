package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.absnormal.AbsNormalForm;
import dev.clarke.absnormal.Certifier;
import dev.clarke.absnormal.Likq;
import dev.clarke.absnormal.Switching;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code clarke anf}: the abs-normal form of a program at a point. */
@Command(name = "anf", mixinStandardHelpOptions = true,
        description = {"Print the abs-normal form of a program at a point.",
            "",
            "With Δx = x − x̊ the form is",
            "  z = cz + Z·Δx + L·|z|    (switching rows; L strictly lower triangular)",
            "  y = cy + J·Δx + Y·|z|    (output rows)",
            "after relu, max, clamp and the other piecewise primitives are lowered to abs. "
                    + "See docs/theory/abs-normal.md."},
        footer = {"", "Examples:",
            "  clarke anf 'max(x, 0) - max(-x, 0)' --at x=0",
            "  clarke anf 'abs(abs(x) - abs(y))' --at x=0,y=0 --json",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class AnfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.Evaluation at;

    @Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() {
        return BadInput.reported(spec, () -> {
            KinkPolicy p = at.policy.policy();
            DType t = at.dtype.dtype();
            Program prog = at.program.program();
            Map<String, Double> point = at.program.point();
            AbsNormalForm f = Inputs.run(at.program.expression, () -> Certifier.form(prog, point, p, t));
            PrintWriter out = spec.commandLine().getOut();
            if (json.on) {
                out.println(Json.print(json(f)));
            } else {
                human(out, f);
            }
        });
    }

    private JsonObject json(AbsNormalForm f) {
        JsonObject o = new JsonObject();
        o.addProperty("expression", at.program.expression);
        JsonArray inputs = new JsonArray();
        f.inputs().forEach(inputs::add);
        o.add("inputs", inputs);
        o.add("x", vector(f.x()));
        o.add("Z", matrix(f.Z()));
        o.add("L", matrix(f.L()));
        o.add("J", matrix(f.J()));
        o.add("Y", matrix(f.Y()));
        o.add("cz", vector(f.cz()));
        o.add("cy", vector(f.cy()));
        o.add("z", vector(f.z()));
        o.add("y", vector(f.y()));
        JsonArray sw = new JsonArray();
        for (Switching s : f.switching()) {
            JsonObject k = new JsonObject();
            k.addProperty("index", s.index());
            k.addProperty("op", s.op());
            k.addProperty("node", s.node());
            k.addProperty("element", s.element());
            k.addProperty("formula", s.formula());
            k.add("value", Json.number(s.value()));
            k.addProperty("active", s.active());
            k.add("sigma", Json.number(s.adSigma()));
            sw.add(k);
        }
        o.add("switching", sw);
        o.addProperty("likq", Likq.of(f).holds());
        o.addProperty("absLinear", f.absLinear());
        JsonArray reasons = new JsonArray();
        f.notAbsSmooth().forEach(reasons::add);
        o.add("notAbsSmooth", reasons);
        o.addProperty("policy", at.policy.spec);
        return o;
    }

    private static JsonArray vector(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            a.add(Json.number(x));
        }
        return a;
    }

    private static JsonArray matrix(double[][] m) {
        JsonArray a = new JsonArray();
        for (double[] row : m) {
            a.add(vector(row));
        }
        return a;
    }

    private void human(PrintWriter out, AbsNormalForm f) {
        out.println(at.program.expression);
        out.println("  at " + String.join(", ", pairs(f.inputs(), f.x())) + "; n = " + f.n() + " inputs, s = "
                + f.s() + " switching variables, m = " + f.m() + " output");
        out.println("switching variables (z = cz + Z·Δx + L·|z|)");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"i", "from", "formula", "z", "cz", "Z", "L", "sigma"});
        for (Switching s : f.switching()) {
            int i = s.index();
            rows.add(new String[] {"z" + i, s.op() + " (node " + s.node() + ")", s.formula(),
                Human.number(s.value()) + (s.active() ? " *" : ""), Human.number(f.cz()[i]), row(f.Z()[i]),
                row(java.util.Arrays.copyOf(f.L()[i], i)), Human.number(s.adSigma())});
        }
        Human.table(out, "  ", rows);
        out.println("output (y = cy + J·Δx + Y·|z|)");
        for (int k = 0; k < f.m(); k++) {
            out.println("  y = " + Human.number(f.y()[k]) + "   cy = " + Human.number(f.cy()[k]) + "   J = "
                    + row(f.J()[k]) + "   Y = " + row(f.Y()[k]));
        }
        Likq likq = Likq.of(f);
        out.println("active    " + f.active().length + " (marked *); LIKQ " + (likq.holds() ? "holds" : "fails")
                + " (rank " + likq.rank() + ")");
        out.println("model     " + (f.absLinear() ? "abs-linear: the form is the program near the point"
                : "first order: error O(|Δx|²)"));
        for (String r : f.notAbsSmooth()) {
            out.println("note      " + r);
        }
    }

    private static String row(double[] r) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < r.length; i++) {
            b.append(i == 0 ? "" : " ").append(Human.number(r[i]));
        }
        return b.append("]").toString();
    }

    private static List<String> pairs(List<String> names, double[] x) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            out.add(names.get(i) + "=" + Human.number(x[i]));
        }
        return out;
    }
}
