package dev.clarke.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.clarke.certify.Enumerator;
import dev.clarke.certify.Rational;
import dev.clarke.certify.ValueSet;
import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clarke enumerate}: the exact oracle over every parameter point of a tiny network. */
@Command(name = "enumerate", mixinStandardHelpOptions = true,
        description = {"Decide exactly, at every parameter point of a tiny network, where it is not "
                    + "differentiable and where AD's gradient is wrong.",
            "",
            "The network: scalar input x, dense hidden layers of the given widths with the activation "
                    + "(each with a bias unless --no-bias), then the head f = sum_i v_i z_i without bias. "
                    + "Every parameter (each W, b, v) ranges independently over the value set. In rational "
                    + "arithmetic, ndf counts the points where f is not differentiable, inc the differentiable "
                    + "points where AD's gradient under the policy differs from the true one, kinkHit the "
                    + "points where some neuron sits on a kink; bound is n/|M| with n = the sum over neurons "
                    + "of the activation's kinks.",
            "",
            "Convolutional networks: --arch conv:C:K[:stride=S][:pad=P][:pool=Q] builds, on 1xHxW images "
                    + "(--image HxW, default 3x3), conv(1 -> C, KxK) -> activation -> maxpool(Q) -> flatten -> "
                    + "linear(., 1) with the sum head; --input gives the pixels (values joined by ',', samples by "
                    + "';'). Every point is decided by the exact oracle (max-pool as max) and the network "
                    + "certificate is compared with it: unsound counts definite verdicts the oracle contradicts "
                    + "(or whose Clarke witness it does not confirm); it must be 0. Equal pixels make equal "
                    + "patches, whose max-pool ties are one function; different patches tie when the weights "
                    + "make them equal. After pool=Q, poolstride=S, poolpad=P, pooldil=D and ceil make it a "
                    + "padded, dilated or ceil-mode max pool (e.g. conv:1:1:pool=2:poolpad=1), avg an average pool "
                    + "(padding counted); gap adds a global average pool before flatten; dilation=D dilates the "
                    + "convolution; nobias drops its bias; actafter moves the activation after the pools; "
                    + "maxafter=Q adds a max pool after them (with avg: ties between averages)."},
        footer = {"", "Examples:",
            "  clarke enumerate --widths 2 --activation relu --values=-3..3",
            "  clarke enumerate --widths 1,1 --activation relu --no-bias \\",
            "      --values=-3..3 --policy right --json",
            "  clarke enumerate --widths 1 --values=-1,0,0.5,2 --json",
            "  clarke enumerate --widths 1 --activation hardtanh --values=e2m1fn \\",
            "      --check-certificate",
            "  clarke enumerate --arch conv:1:2:pool=2 --image 3x3 \\",
            "      --input 1,1,0,1,1,0,0,0,0 --values=-1..1",
            "  clarke enumerate --arch conv:1:2:pool=2 --input 0,0,0,0,0,0,0,0,1 \\",
            "      --values=-1..1 --policy left --json",
            "",
            "Exit codes: 0 success, 2 bad input."})
final class EnumerateCommand implements Callable<Integer> {

    /** More points than this are refused (the run would take hours). */
    static final long MAX_POINTS = 2_000_000_000L;
    /** A conservative rate of the exact oracle on one policy (docs/reliability.md), for the up-front estimate. */
    static final double POINTS_PER_SECOND = 150_000;

    @Spec
    CommandSpec spec;

    @Option(names = {"--widths", "--width"}, paramLabel = "N,...", hideParamSyntax = true, defaultValue = "2", split = ",",
            description = "Hidden layer widths, e.g. 2 or 2,1 (default 2).")
    List<Integer> widths;

    @Option(names = "--activation", paramLabel = "A", defaultValue = "relu",
            completionCandidates = SharedOptions.LinearActivationNames.class,
            description = "A piecewise-linear activation: ${COMPLETION-CANDIDATES} (default relu).")
    String activation;

    @Option(names = "--slope", paramLabel = "ALPHA", defaultValue = "0.01", description = "leaky_relu's slope (default 0.01).")
    double slope;

    @Option(names = "--no-bias", description = "Hidden layers without bias.")
    boolean noBias;

    @Option(names = "--values", paramLabel = "M", defaultValue = "-3..3",
            description = "The value set: an integer range such as -3..3 (the default), a list of numbers separated by commas, "
                    + "or a format: fp8e4m3, fp8e5m2, eXmY (IEEE-style minifloat), eXmYfn (no inf/NaN).")
    String values;

    @Option(names = "--input", paramLabel = "X",
            description = "The scalar input x (default 1); with --arch conv the pixels, joined by ',' (samples by ';'; "
                    + "default 1,1,0,1,1,0,0,0,0).")
    String input;

    @Option(names = "--arch", paramLabel = "A",
            description = "A tiny convolutional network instead of the dense one: conv:C:K with optional "
                    + ":stride=S, :pad=P, :pool=Q (see above).")
    String arch;

    @Option(names = "--image", paramLabel = "HxW", defaultValue = "3x3", description = "The image size for --arch conv (default 3x3).")
    String image;

    @Option(names = "--policy", paramLabel = "P",
            description = "Kink policy for AD (repeatable; default mid): mid, left, right, pytorch, lambda=V, FAMILY=V.")
    List<String> policy;

    @Option(names = {"--check-certificate", "--certify"},
            description = "Also compute the fast certificate at every point and count disagreements with the oracle.")
    boolean checkCertificate;

    @Option(names = "--theorems",
            description = "Also check, at every point, the no-bias test against the oracle, the bounds, and Theorem 3.6: AD "
                    + "under D-, D+ and mid in the exact Clarke subdifferential, the witnesses, a policy outside [D-, D+] "
                    + "(docs/theory/machine-representable.md). Policies are fixed: left, right, mid, pytorch, ACTIVATION=2.")
    boolean theorems;

    @Option(names = "--yes", description = "Run even if the enumeration is estimated to take more than 15 minutes.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    EngineOptions engine;

    /** With --engine spark, more points than this are refused. */
    static final long MAX_SPARK_POINTS = 1_000_000_000_000_000L;

    @Override
    public Integer call() {
        return BadInput.reported(spec, this::execute);
    }

    private void execute() {
        boolean spark = engine.spark();
        List<KinkPolicy> policies = Inputs.policies(policy, List.of("mid"));
        int[] ws = new int[widths.size()];
        for (int i = 0; i < ws.length; i++) {
            if (widths.get(i) < 1 || widths.get(i) > 64) {
                throw new BadInput("--widths: width " + widths.get(i) + " must be from 1 to 64");
            }
            ws[i] = widths.get(i);
        }
        Activation act;
        try {
            act = Activation.parse(activation, slope);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--activation: " + e.getMessage());
        }
        if (!act.isPiecewiseLinear()) {
            throw new BadInput("--activation " + act.id() + ": not piecewise linear, so the exact oracle does not cover"
                    + " it; use " + String.join(", ", Activation.piecewiseLinearNames()));
        }
        ValueSet m;
        if (values.contains(",")) {
            for (String v : values.split(",")) {
                try {
                    checkMagnitude("--values", values, v);
                } catch (NumberFormatException e) {
                    // not a number: ValueSet.parse says so
                }
            }
        }
        try {
            m = ValueSet.parse(values);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--values: " + e.getMessage());
        }
        if (theorems && (arch != null || checkCertificate || (policy != null && !policy.isEmpty()))) {
            throw new BadInput("--theorems: dense networks only, with its own policies (left, right, mid, pytorch, ACTIVATION=2);"
                    + " drop --arch, --policy and --check-certificate");
        }
        if (arch != null) {
            if (noBias) {
                throw new BadInput("--no-bias: for --arch conv write :nobias in the architecture, e.g. conv:1:2:nobias");
            }
            String pixels = input == null ? "1,1,0,1,1,0,0,0,0" : input;
            ConvEnumeration conv = ConvEnumeration.parse(arch, image, pixels, act);
            if (spark) {
                convOnSpark(conv, m, policies, pixels);
            } else {
                conv.run(m, policies, json, spec.commandLine().getOut(), spec.commandLine().getErr(), yes);
            }
            return;
        }
        Rational x;
        try {
            String in = input == null ? "1" : input;
            checkMagnitude("--input", in, in);
            x = Rational.parse(in);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadInput("--input: '" + input + "' is not a number (e.g. --input 1 or --input=-0.5)");
        }
        Sequential net = Sequential.scalarMlp(ws, act, !noBias);
        if (theorems) {
            if (spark) {
                throw new BadInput("--theorems runs in this JVM only: drop --engine spark");
            }
            TheoremOutput.run(net, x, m, json, spec.commandLine().getOut(), spec.commandLine().getErr(), yes);
            return;
        }
        BigInteger size = BigInteger.valueOf(m.size()).pow(net.parameterCount());
        long most = spark ? MAX_SPARK_POINTS : MAX_POINTS;
        if (size.compareTo(BigInteger.valueOf(most)) > 0) {
            throw new BadInput("--values: " + m.size() + " values for " + net.parameterCount() + " parameters make "
                    + size + " points, more than " + most + (spark ? "" : " (" + MAX_SPARK_POINTS + " with --engine spark)")
                    + ": use a smaller value set or fewer neurons");
        }
        if (checkCertificate && !m.exactInDouble()) {
            throw new BadInput("--check-certificate: the values must be exact in double (a range or a format)");
        }
        String reduce = "use a smaller value set or fewer neurons";
        if (spark) {
            onSpark(ws, net, m, x, size.longValue(), policies.size(), reduce);
            return;
        }
        JobProgress.checkUpFront("points", size.longValue(), POINTS_PER_SECOND / policies.size() / (checkCertificate ? 4 : 1), yes, reduce);
        JobProgress job = new JobProgress("points", size.longValue(), spec.commandLine().getErr(), System.console() != null, yes);
        Enumerator.Result r = Inputs.run("", () -> new Enumerator(net, new Rational[][] {{x}}, m, policies, checkCertificate)
                .onProgress(done -> job.update(done, "", reduce)).run());
        job.clear();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(print(json(net, m, x, r)));
        } else {
            human(out, net, m, x, r);
        }
    }

    /** The convolutional enumeration on Spark: per policy, the points cut into shards. */
    private void convOnSpark(ConvEnumeration conv, ValueSet m, List<KinkPolicy> policies, String pixels) {
        long start = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        List<String> specs = policy == null || policy.isEmpty() ? List.of("mid") : policy;
        try (ShardEngine.Session session = engine.open(err)) {
            long points = Inputs.run("", () -> conv.enumerator(m, policies.get(0)).checkedSize());
            int shards = engine.shardsFor(points, session);
            ConvEnumeration.Engine on = new ConvEnumeration.Engine(
                    (p, q) -> session.run(new ConvEnumerateJob(arch, image, pixels, activation, slope, values, specs.get(q),
                            points, shards)),
                    session.parallelism(), () -> {
                        JsonObject o = new JsonObject();
                        EngineOptions.describe(o, session, shards, (System.nanoTime() - start) / 1e9);
                        return o;
                    });
            conv.run(m, policies, json, spec.commandLine().getOut(), err, yes, on);
        }
    }

    /** The same enumeration as shards on Spark, printed as in this JVM plus engine, master, shards and wallSeconds. */
    private void onSpark(int[] ws, Sequential net, ValueSet m, Rational x, long points, int policyCount, String reduce) {
        long start = System.nanoTime();
        try (ShardEngine.Session session = engine.open(spec.commandLine().getErr())) {
            JobProgress.checkUpFront("points", points, POINTS_PER_SECOND * session.parallelism() / policyCount
                    / (checkCertificate ? 4 : 1), yes, reduce);
            int shards = engine.shardsFor(points, session);
            EnumerateJob job = new EnumerateJob(ws, activation, slope, !noBias, values, input == null ? "1" : input,
                    policy == null || policy.isEmpty() ? List.of("mid") : policy, checkCertificate, points, shards);
            Enumerator.Result r = job.enumerator().result(Inputs.run("", () -> session.run(job)));
            double wall = (System.nanoTime() - start) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            JsonObject o = json(net, m, x, r);
            EngineOptions.describe(o, session, shards, wall);
            if (json) {
                out.println(print(o));
            } else {
                human(out, net, m, x, r);
                out.println(EngineOptions.line(o));
            }
        }
    }

    /**
     * Refuses a number (or fraction a/b) whose exact value would take more digits than any value format
     * has: 1e999999 as an exact rational is a million-digit integer, and arithmetic on it never ends.
     */
    private static void checkMagnitude(String option, String whole, String number) {
        for (String part : number.split("/", -1)) {
            java.math.BigDecimal v = new java.math.BigDecimal(part.trim());
            if (v.signum() != 0 && (v.precision() - v.scale() > 400 || v.scale() > 1100)) {
                throw new BadInput(option + " " + Messages.quote(whole) + ": " + Messages.quote(number.trim())
                        + " is beyond the range of the value formats (exponents from about -1100 to 400)");
            }
        }
    }

    /** Pretty-printed; a null member (the bound without bias) is left out. */
    private static String print(JsonObject o) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }

    private JsonObject json(Sequential net, ValueSet m, Rational x, Enumerator.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("network", net.toString());
        o.addProperty("activation", net.layer(0).activation().toString());
        o.addProperty("bias", !noBias);
        o.addProperty("input", x.toString());
        o.addProperty("parameters", net.parameterCount());
        o.addProperty("values", m.name());
        o.addProperty("valueCount", m.size());
        o.addProperty("total", r.total());
        o.addProperty("kinkHit", r.kinkHit());
        o.addProperty("ndf", r.ndf());
        o.addProperty("inc", r.inc(0));
        o.addProperty("policy", r.policies().get(0).name());
        JsonObject byPolicy = new JsonObject();
        for (int q = 0; q < r.policies().size(); q++) {
            byPolicy.addProperty(r.policies().get(q).name(), r.inc(q));
        }
        o.add("incByPolicy", byPolicy);
        o.addProperty("ndfDensity", (double) r.ndf() / r.total());
        o.addProperty("kinkHitDensity", (double) r.kinkHit() / r.total());
        o.addProperty("kinks", r.bound().kinks());
        o.addProperty("bound", r.bound().density());
        o.addProperty("boundProduct", r.bound().product());
        o.addProperty("boundZeroInput", r.bound().zeroInput());
        o.addProperty("boundTotal", r.bound().total());
        o.addProperty("boundVacuous", r.bound().vacuous());
        if (checkCertificate) {
            o.addProperty("certified", r.certified());
            o.addProperty("mismatches", r.mismatches());
            o.addProperty("undecided", r.undecided());
        }
        return o;
    }

    private void human(PrintWriter out, Sequential net, ValueSet m, Rational x, Enumerator.Result r) {
        out.println("network   " + net + ", x = " + x + ", " + net.parameterCount() + " parameters");
        out.println("values    " + m.name() + " (" + m.size() + " values), " + r.total() + " points");
        out.println("kinkHit   " + r.kinkHit() + "   (" + percent(r.kinkHit(), r.total()) + ": some neuron on a kink)");
        out.println("ndf       " + r.ndf() + "   (" + percent(r.ndf(), r.total()) + ": f not differentiable)");
        for (int q = 0; q < r.policies().size(); q++) {
            out.println("inc       " + r.inc(q) + "   (policy " + r.policies().get(q).name()
                    + ": differentiable, AD's gradient wrong)");
        }
        TheoremOutput.bound(out, r.bound(), m.size());
        if (checkCertificate) {
            out.println("certificate  " + r.certified() + " points compared, " + r.mismatches() + " mismatches, "
                    + r.undecided() + " undecided");
        }
    }

    private static String percent(long a, long b) {
        return String.format(java.util.Locale.ROOT, "%.4f%%", 100.0 * a / b);
    }
}
