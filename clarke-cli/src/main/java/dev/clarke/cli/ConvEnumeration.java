package dev.clarke.cli;

import com.google.gson.JsonObject;
import dev.clarke.certify.NetworkEnumerator;
import dev.clarke.certify.Rational;
import dev.clarke.certify.ValueSet;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Convolution2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.GlobalAvgPool2d;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.nn.Pool2d;
import dev.clarke.nn.Window2d;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code clarke enumerate --arch conv:C:K[:stride=S][:pad=P][:pool=Q[:poolstride=S][:poolpad=P][:pooldil=D][:ceil]]}:
 * a tiny convolutional network on 1×H×W images — conv(1 → C, K×K) → activation → max pool
 * (optional; with a stride, padding, dilation or ceil mode a {@link Pool2d}) → flatten →
 * linear(·, 1), sum head — enumerated over every parameter point, with the network certificate
 * compared to the exact oracle at each. {@code :nobias} drops the convolution's bias,
 * {@code :actafter} moves the activation after the pools, {@code :maxafter=Q} adds a max pool after
 * them (with {@code :avg}: ties between averages).
 */
final class ConvEnumeration {

    /** Bounds on the tiny network's sizes. */
    static final int MAX_SIDE = 8;
    static final int MAX_CHANNELS = 4;

    private final Sequential net;
    private final Rational[][] samples;

    private ConvEnumeration(Sequential net, Rational[][] samples) {
        this.net = net;
        this.samples = samples;
    }

    /** Parses the architecture, the image size HxW and the samples (values joined by ',', samples by ';'). */
    static ConvEnumeration parse(String arch, String image, String input, Activation act) {
        String[] parts = arch.trim().toLowerCase(Locale.ROOT).split(":");
        if (parts.length < 3 || !parts[0].equals("conv")) {
            throw new BadInput("--arch '" + arch + "': use conv:C:K with optional :stride=S, :pad=P, :pool=Q, e.g. conv:1:2:pool=2");
        }
        int c = number("--arch channels", parts[1], 1, MAX_CHANNELS);
        int k = number("--arch kernel", parts[2], 1, MAX_SIDE);
        int stride = 1;
        int pad = 0;
        int pool = 0;
        int poolStride = 0;
        int poolPad = 0;
        int poolDilation = 1;
        boolean ceil = false;
        boolean average = false;
        int dilation = 1;
        boolean global = false;
        boolean noBias = false;
        boolean actAfter = false;
        int maxAfter = 0;
        for (int i = 3; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String value = kv.length == 2 ? kv[1] : "";
            switch (kv[0]) {
                case "stride": stride = number("--arch stride", value, 1, MAX_SIDE); break;
                case "pad": pad = number("--arch pad", value, 0, MAX_SIDE); break;
                case "pool": pool = number("--arch pool", value, 1, MAX_SIDE); break;
                case "poolstride": poolStride = number("--arch poolstride", value, 1, MAX_SIDE); break;
                case "poolpad": poolPad = number("--arch poolpad", value, 0, MAX_SIDE); break;
                case "pooldil": poolDilation = number("--arch pooldil", value, 1, MAX_SIDE); break;
                case "ceil": ceil = true; break;
                case "avg": average = true; break;
                case "dilation": dilation = number("--arch dilation", value, 1, MAX_SIDE); break;
                case "gap": global = true; break;
                case "nobias": noBias = true; break;
                case "actafter": actAfter = true; break;
                case "maxafter": maxAfter = number("--arch maxafter", value, 1, MAX_SIDE); break;
                default: throw new BadInput("--arch: unknown part '" + parts[i] + "': use stride=S, pad=P, pool=Q, poolstride=S,"
                        + " poolpad=P, pooldil=D, ceil, avg, gap, dilation=D, nobias, actafter or maxafter=Q");
            }
        }
        String[] hw = image.toLowerCase(Locale.ROOT).split("x");
        if (hw.length != 2) {
            throw new BadInput("--image '" + image + "': use HxW, e.g. 3x3");
        }
        int h = number("--image height", hw[0], 1, MAX_SIDE);
        int w = number("--image width", hw[1], 1, MAX_SIDE);
        List<Layer> layers = new ArrayList<>();
        layers.add(dilation == 1 && !noBias ? new Conv2d(1, c, k, stride, pad, Init.HE) : new Convolution2d(1, c,
                new Window2d(k, k, stride, stride, dilation, dilation, pad, pad, pad, pad), 1, !noBias, Init.HE));
        if (!actAfter) {
            layers.add(new ActivationLayer(act));
        }
        boolean general = poolStride > 0 || poolPad > 0 || poolDilation > 1 || ceil || average;
        if (general && pool == 0) {
            throw new BadInput("--arch " + arch + ": poolstride, poolpad, pooldil, ceil and avg need pool=Q");
        }
        try {
            if (general) {
                int ps = poolStride > 0 ? poolStride : pool;
                layers.add(new Pool2d(average ? Pool2d.Kind.AVERAGE : Pool2d.Kind.MAX, new Window2d(pool, pool, ps, ps, poolDilation,
                        poolDilation, poolPad, poolPad, poolPad, poolPad), ceil, true));
            } else if (pool > 0) {
                layers.add(MaxPool2d.of(pool));
            }
            if (global) {
                layers.add(new GlobalAvgPool2d());
            }
            if (actAfter) {
                layers.add(new ActivationLayer(act));
            }
            if (maxAfter > 0) {
                layers.add(MaxPool2d.of(maxAfter));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInput("--arch " + arch + ": " + e.getMessage());
        }
        layers.add(new Flatten());
        Sequential net;
        try {
            Sequential body = new Sequential(Shape.of(1, h, w), layers);
            layers.add(new Linear(body.shapeAfter(layers.size() - 1).size(), 1, Init.HE));
            net = new Sequential(Shape.of(1, h, w), layers);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--arch " + arch + " on a " + h + "x" + w + " image: " + e.getMessage());
        }
        return new ConvEnumeration(net, samples(input, h * w));
    }

    private static Rational[][] samples(String input, int n) {
        String[] rows = input.split(";");
        Rational[][] out = new Rational[rows.length][];
        for (int s = 0; s < rows.length; s++) {
            String[] v = rows[s].split(",");
            if (v.length != n) {
                throw new BadInput("--input: sample " + (s + 1) + " has " + v.length + " values, the image has " + n
                        + " (values joined by ',', samples by ';')");
            }
            out[s] = new Rational[n];
            for (int j = 0; j < n; j++) {
                if (v[j].trim().length() > 40) {
                    throw new BadInput("--input: value " + (j + 1) + " of sample " + (s + 1) + " is longer than 40 characters;"
                            + " use small dyadic values such as 0.5");
                }
                for (String part : v[j].split("/", -1)) {
                    try {
                        java.math.BigDecimal b = new java.math.BigDecimal(part.trim());
                        if (b.signum() != 0 && (b.precision() - b.scale() > 400 || b.scale() > 1100)) {
                            throw new BadInput("--input: '" + v[j].trim() + "' is beyond the range of double");
                        }
                    } catch (NumberFormatException e) {
                        // not a number: Rational.parse says so below
                    }
                }
                try {
                    out[s][j] = Rational.parse(v[j]);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new BadInput("--input: '" + v[j].trim() + "' in sample " + (s + 1) + " is not a number");
                }
                double d = out[s][j].doubleValue();
                if (!Double.isFinite(d) || !Rational.of(d).equals(out[s][j])) {
                    throw new BadInput("--input: " + v[j].trim() + " is not exact in double; use dyadic values such as 0.5");
                }
            }
        }
        return out;
    }

    private static int number(String what, String s, int lo, int hi) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= lo && v <= hi) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInput(what + " '" + s + "' must be an integer from " + lo + " to " + hi);
    }

    /** The network. */
    Sequential network() {
        return net;
    }

    /** Points per second of one policy's check, conservatively (oracle and certificate at every point). */
    static final double POINTS_PER_SECOND = 1000;

    /**
     * Where the points of one policy are counted when not in this JVM.
     *
     * @param count       the counts of policy number i (of the command's list), all points
     * @param parallelism how many shards run at once, for the up-front estimate
     * @param describe    what the engine did, added to the JSON object and printed as a line
     */
    record Engine(java.util.function.BiFunction<KinkPolicy, Integer, NetworkEnumerator.Result> count, int parallelism,
                  java.util.function.Supplier<JsonObject> describe) {
    }

    /** The enumerator of one policy (the shards of the Spark engine count ranges of it). */
    NetworkEnumerator enumerator(ValueSet m, KinkPolicy p) {
        return new NetworkEnumerator(net, samples, m, p);
    }

    /** Runs one enumeration per policy and prints the counts; progress on {@code err}. */
    void run(ValueSet m, List<KinkPolicy> policies, boolean json, PrintWriter out, PrintWriter err, boolean yes) {
        run(m, policies, json, out, err, yes, null);
    }

    /** {@link #run(ValueSet, List, boolean, PrintWriter, PrintWriter, boolean)} on {@code engine} (null: this JVM). */
    void run(ValueSet m, List<KinkPolicy> policies, boolean json, PrintWriter out, PrintWriter err, boolean yes,
             Engine engine) {
        BigInteger size = BigInteger.valueOf(m.size()).pow((int) net.parameterCount());
        if (size.compareTo(BigInteger.valueOf(NetworkEnumerator.MAX_POINTS)) > 0) {
            throw new BadInput("--values: " + m.size() + " values for " + net.parameterCount() + " parameters make " + size
                    + " points, more than " + NetworkEnumerator.MAX_POINTS + ": use a smaller value set or network");
        }
        if (!m.exactInDouble()) {
            throw new BadInput("--values: the certificate check needs values exact in double (a range or a format)");
        }
        String reduce = "use a smaller value set or network";
        long points = size.longValue() * policies.size();
        JobProgress.checkUpFront("points", points, POINTS_PER_SECOND * (engine == null ? 1 : engine.parallelism()), yes,
                reduce);
        JobProgress job = new JobProgress("points", points, err, System.console() != null, yes);
        long[] before = new long[1];
        JsonObject all = new JsonObject();
        all.addProperty("network", net.toString());
        all.addProperty("parameters", net.parameterCount());
        all.addProperty("samples", samples.length);
        all.addProperty("values", m.name());
        all.addProperty("valueCount", m.size());
        JsonObject byPolicy = new JsonObject();
        if (!json) {
            out.println("network   " + net + ", " + samples.length + " sample(s), " + net.parameterCount() + " parameters");
            out.println("values    " + m.name() + " (" + m.size() + " values), " + size + " points");
        }
        for (int q = 0; q < policies.size(); q++) {
            KinkPolicy p = policies.get(q);
            int index = q;
            NetworkEnumerator.Result r = Inputs.run("", () -> engine != null ? engine.count().apply(p, index)
                    : enumerator(m, p).onProgress(done -> job.update(before[0] + done, "", reduce)).run());
            before[0] += r.total();
            JsonObject o = new JsonObject();
            o.addProperty("total", r.total());
            o.addProperty("kinkHit", r.kinkHit());
            o.addProperty("ndf", r.ndf());
            o.addProperty("inc", r.inc());
            JsonObject v = new JsonObject();
            for (Verdict k : Verdict.values()) {
                v.addProperty(k.name(), r.verdicts().getOrDefault(k, 0L));
            }
            o.add("verdicts", v);
            o.addProperty("unsound", r.unsound());
            o.addProperty("adMismatch", r.adMismatch());
            byPolicy.add(p.name(), o);
            if (!json) {
                out.println("policy " + p.name() + ": kinkHit " + r.kinkHit() + ", ndf " + r.ndf() + ", inc " + r.inc()
                        + "; certificate " + r.verdicts() + ", unsound " + r.unsound()
                        + (r.adMismatch() == 0 ? "" : ", F64 gradient off the exact one at " + r.adMismatch()));
            }
        }
        job.clear();
        JsonObject described = engine == null ? null : engine.describe().get();
        if (json) {
            all.add("policies", byPolicy);
            if (described != null) {
                described.entrySet().forEach(e -> all.add(e.getKey(), e.getValue()));
            }
            out.println(Json.print(all));
        } else if (described != null) {
            out.println(EngineOptions.line(described));
        }
    }
}
