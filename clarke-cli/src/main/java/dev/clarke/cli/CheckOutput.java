package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.pap.AlmostEverywhere;
import dev.clarke.pap.CheckResult;
import dev.clarke.pap.PieceChoice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code clarke check} prints, for people and as JSON.
 *
 * @param expression the program's source
 * @param policy     the kink policy
 * @param given      whether the gradient was given ({@code --gradient}) rather than computed
 * @param result     the checker's verdict
 * @param ae         the almost-everywhere check, or null
 * @param lo         the low end of the sampled box
 * @param hi         the high end of the sampled box
 * @param seed       the sampling seed
 */
record CheckOutput(String expression, KinkPolicy policy, boolean given, CheckResult result,
                   AlmostEverywhere.Report ae, double lo, double hi, long seed) {

    void human(PrintWriter out) {
        CheckResult r = result;
        List<String> names = names();
        out.println(expression);
        out.println("  policy " + policy.name() + ", dtype f64");
        out.println("value        " + Human.number(r.value()));
        out.println("gradient     " + Human.partials(r.gradient()) + (given ? "   (given)" : "   (reverse mode)"));
        out.println("branch grad  " + Human.partials(r.branchGradient()) + "   (forward mode over the frozen branch,"
                + " value " + Human.number(r.branchValue()) + ")");
        out.println("intensional  " + (!r.intensional() ? r.answer() : sameAsBranch() ? "yes"
                : "yes, by other derivatives at the kinks than the policy's (another PAP representation)"));
        for (String p : r.problems()) {
            out.println("  - " + p);
        }
        if (r.undecided() != null) {
            out.println("  - " + r.undecided());
        }
        out.println("piece        " + r.induced().piece().show(names));
        out.println("branch       " + r.induced().branch().show(names));
        List<PieceChoice> choices = r.induced().choices();
        out.println("calls        " + (choices.isEmpty() ? "none: the program is analytic at this input"
                : choices.size() + " piece choice" + (choices.size() == 1 ? "" : "s")));
        if (!choices.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"op", "node", "element", "piece", "where", "input"});
            for (PieceChoice c : choices) {
                rows.add(new String[] {c.op(), c.node() < 0 ? "-" : Integer.toString(c.node()),
                    Integer.toString(c.element()), c.piece(), where(c), inputs(c)});
            }
            Human.table(out, "  ", rows);
        }
        if (ae != null) {
            out.println("a.e. check   " + ae.samples() + " random inputs in [" + Human.number(lo) + ", "
                    + Human.number(hi) + "] (seed " + seed + "): " + ae.checked() + " checked, "
                    + (ae.mismatches().isEmpty() ? "AD matches central differences at all"
                    : ae.mismatches().size() + " mismatch(es), first " + ae.mismatches().get(0)));
        }
    }

    String json() {
        CheckResult r = result;
        List<String> names = names();
        JsonObject o = new JsonObject();
        o.addProperty("expression", expression);
        o.addProperty("intensional", r.intensional());
        o.addProperty("answer", r.answer());
        if (r.undecided() != null) {
            o.addProperty("undecided", r.undecided());
        }
        o.add("value", Json.number(r.value()));
        o.add("gradient", Json.numbers(r.gradient()));
        o.addProperty("gradientGiven", given);
        o.add("branchValue", Json.number(r.branchValue()));
        o.add("branchGradient", Json.numbers(r.branchGradient()));
        o.addProperty("piece", r.induced().piece().show(names));
        o.addProperty("branch", r.induced().branch().show(names));
        JsonArray pieces = new JsonArray();
        for (PieceChoice c : r.induced().choices()) {
            JsonObject p = new JsonObject();
            p.addProperty("op", c.op());
            p.addProperty("node", c.node());
            p.addProperty("element", c.element());
            p.addProperty("piece", c.piece());
            p.addProperty("onKink", c.onKink());
            JsonArray in = new JsonArray();
            for (double v : c.input()) {
                in.add(Json.number(v));
            }
            p.add("input", in);
            pieces.add(p);
        }
        o.add("pieces", pieces);
        JsonArray problems = new JsonArray();
        r.problems().forEach(problems::add);
        o.add("problems", problems);
        o.addProperty("policy", policy.name());
        if (ae != null) {
            JsonObject a = new JsonObject();
            a.addProperty("samples", ae.samples());
            a.addProperty("checked", ae.checked());
            a.addProperty("seed", seed);
            a.addProperty("lo", lo);
            a.addProperty("hi", hi);
            JsonArray m = new JsonArray();
            ae.mismatches().forEach(m::add);
            a.add("mismatches", m);
            o.add("almostEverywhere", a);
        }
        return Json.print(o);
    }

    /** The branch's arguments are the program's variables, in the order of the gradient. */
    private List<String> names() {
        return List.copyOf(result.gradient().keySet());
    }

    private boolean sameAsBranch() {
        for (Map.Entry<String, Double> e : result.gradient().entrySet()) {
            double b = result.branchGradient().get(e.getKey());
            if (!(Math.abs(e.getValue() - b) <= 1e-9 * Math.max(1, Math.abs(b)))) {
                return false;
            }
        }
        return true;
    }

    private static String where(PieceChoice c) {
        if (!c.onKink()) {
            return "interior";
        }
        return c.op().equals("if") ? "on boundary" : "on kink";
    }

    private static String inputs(PieceChoice c) {
        List<String> s = new ArrayList<>();
        for (double v : c.input()) {
            s.add(Human.number(v));
        }
        return String.join(", ", s);
    }
}
