package dev.clarke.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.clarke.certify.Bound;
import dev.clarke.certify.Rational;
import dev.clarke.certify.TheoremCheck;
import dev.clarke.certify.ValueSet;
import dev.clarke.nn.Sequential;
import java.io.PrintWriter;
import java.math.BigInteger;

/** {@code clarke enumerate --theorems}: runs {@link TheoremCheck} and prints it; and the bound lines of every enumeration. */
final class TheoremOutput {

    /** The check visits about this many points a second (five policies, the hull and witnesses at ndf points). */
    static final double POINTS_PER_SECOND = 10_000;

    private TheoremOutput() {
    }

    /** The bound lines: n/|M|, the tight product form, and the bias-free term when it enters. */
    static void bound(PrintWriter out, Bound b, int valueCount) {
        out.println("bound     n/|M| = " + b.kinks() + "/" + valueCount + " = " + Human.number(b.density())
                + (b.density() >= 1 ? " (vacuous: >= 1)" : ""));
        out.println("          tight: 1 - prod_l (1 - k_l/|M|)^N_l = " + Human.number(b.product())
                + (b.zeroInput() > 0 ? ", + " + Human.number(b.zeroInput()) + " for bias-free layers with input 0 = "
                        + Human.number(b.total()) + (b.total() >= 1 ? " (vacuous)" : "") : ""));
    }

    static void run(Sequential net, Rational x, ValueSet m, boolean json, PrintWriter out, PrintWriter err, boolean yes) {
        TheoremCheck check = new TheoremCheck(net, new Rational[] {x}, m);
        BigInteger size = check.size();
        if (size.compareTo(BigInteger.valueOf(EnumerateCommand.MAX_POINTS)) > 0) {
            throw new BadInput("--values: " + size + " points, more than " + EnumerateCommand.MAX_POINTS
                    + ": use a smaller value set or fewer neurons");
        }
        String reduce = "use a smaller value set or fewer neurons";
        JobProgress.checkUpFront("points", size.longValue(), POINTS_PER_SECOND, yes, reduce);
        JobProgress job = new JobProgress("points", size.longValue(), err, System.console() != null, yes);
        TheoremCheck.Result r = Inputs.run("", () -> check.onProgress(done -> job.update(done, "", reduce)).run());
        job.clear();
        if (json) {
            out.println(json(net, m, x, r));
            return;
        }
        out.println("network   " + net + ", x = " + x + ", " + net.parameterCount() + " parameters");
        out.println("values    " + m.name() + " (" + m.size() + " values), " + r.total() + " points");
        out.println("kinkHit   " + r.kinkHit() + "   ndf " + r.ndf() + "   zero-input layers at " + r.zeroInputPoints() + " points");
        bound(out, r.bound(), m.size());
        out.println("          kinkHit/|Omega| = " + Human.number((double) r.kinkHit() / r.total()) + " <= "
                + Human.number(r.bound().total()));
        out.println("no-bias test  " + r.testDisagreements() + " disagreements with the oracle (" + r.total() + " points x "
                + r.policies().size() + " policies: verdict, gradient, AD right or wrong)");
        for (int k = 0; k < r.policies().size(); k++) {
            out.println("policy " + pad(r.policies().get(k).name()) + " inc " + r.inc()[k]
                    + (r.clarkeApplies() ? ", ndf points outside the Clarke subdifferential " + r.outsideHull()[k] : ""));
        }
        if (r.clarkeApplies()) {
            out.println("Theorem 3.6  witnesses " + r.witnessChecked() + " checked, " + r.witnessFailures() + " failed; "
                    + r.hullUndecided() + " hull checks over budget");
        } else {
            out.println("Theorem 3.6  not checked: it needs a bias in every activation layer");
        }
    }

    private static String pad(String s) {
        return String.format(java.util.Locale.ROOT, "%-13s", s);
    }

    private static String json(Sequential net, ValueSet m, Rational x, TheoremCheck.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("network", net.toString());
        o.addProperty("input", x.toString());
        o.addProperty("values", m.name());
        o.addProperty("total", r.total());
        o.addProperty("kinkHit", r.kinkHit());
        o.addProperty("ndf", r.ndf());
        o.addProperty("zeroInputPoints", r.zeroInputPoints());
        o.addProperty("bound", r.bound().density());
        o.addProperty("boundProduct", r.bound().product());
        o.addProperty("boundZeroInput", r.bound().zeroInput());
        o.addProperty("boundTotal", r.bound().total());
        o.addProperty("testDisagreements", r.testDisagreements());
        o.addProperty("clarkeApplies", r.clarkeApplies());
        JsonObject inc = new JsonObject();
        JsonObject outside = new JsonObject();
        for (int k = 0; k < r.policies().size(); k++) {
            inc.addProperty(r.policies().get(k).name(), r.inc()[k]);
            outside.addProperty(r.policies().get(k).name(), r.outsideHull()[k]);
        }
        o.add("incByPolicy", inc);
        if (r.clarkeApplies()) {
            o.add("outsideClarkeByPolicy", outside);
            o.addProperty("witnessChecked", r.witnessChecked());
            o.addProperty("witnessFailures", r.witnessFailures());
            o.addProperty("hullUndecided", r.hullUndecided());
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
