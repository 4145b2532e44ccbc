package dev.clarke.bench;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.Tape;
import dev.clarke.ad.TapeGradient;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Clarke's side of {@code bench/compare-adolc}: the gradient of a long scalar program, the same
 * program as {@code bench/adolc-scalar/scalar_program.cpp} (10⁶ recorded operations, analytic and
 * piecewise mixed), recorded on a {@link Trace} in F64 with the kink log on and differentiated by
 * reverse mode.
 *
 * <pre>
 *   inputs x[0..9] = 0.1, 0.2, ..., 1.0; v = x[0]
 *   repeat 100000 times (i = 0, 1, ...), 10 operations each:
 *     a = v·x[i mod 10]; b = sin a; c = b − 0.3; d = |c|; e = max(d, x[(i+3) mod 10]);
 *     f = −e; g = exp f; h = 0.5·v; w = h + g; v = min(w, 1.5)
 *   y = v
 * </pre>
 * A server like {@link CompareMain}: {@code grad N} answers {@code grad t1 t2 ...} (µs per
 * record-and-differentiate); {@code replay N} answers the same for the gradient replayed from a
 * {@link Tape} recorded once (ADOL-C's {@code gradient()} on a recorded tape); {@code check} prints
 * y, the node count and the gradient, {@code replaycheck} the replayed ones.
 */
public final class ScalarProgramMain {

    static final int N_IN = 10;
    static final int ITERS = 100_000;

    private ScalarProgramMain() {
    }

    /** The program on {@code t} from the inputs {@code x}; y. */
    static Var program(Trace t, Var[] x) {
        Var onePointFive = t.constant(1.5);
        Var v = x[0];
        for (int i = 0; i < ITERS; i++) {
            Var a = v.mul(x[i % N_IN]);
            Var b = a.sin();
            Var c = b.sub(0.3);
            Var d = c.abs();
            Var e = d.max(x[(i + 3) % N_IN]);
            Var f = e.neg();
            Var g = f.exp();
            Var h = v.mul(0.5);
            Var w = h.add(g);
            v = w.min(onePointFive);
        }
        return v;
    }

    /** The inputs 0.1, 0.2, ..., 1.0. */
    static double[] point() {
        double[] p = new double[N_IN];
        for (int j = 0; j < N_IN; j++) {
            p[j] = 0.1 * (j + 1);
        }
        return p;
    }

    /** Records the program on a new trace and returns y and its gradient; {@code nodes[0]} gets the trace's size. */
    static Gradients run(int[] nodes, Var[] x) {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        double[] p = point();
        for (int j = 0; j < N_IN; j++) {
            x[j] = t.input(p[j]);
        }
        Var v = program(t, x);
        if (nodes != null) {
            nodes[0] = t.size();
        }
        return t.grad(v, x);
    }

    private static Tape tape;

    /** The program's tape, recorded on first use (like ADOL-C's, once, before its gradient() calls). */
    private static Tape tape() {
        if (tape == null) {
            tape = Tape.record(KinkPolicy.mid(), ScalarProgramMain::program, point());
        }
        return tape;
    }

    /**
     * Serves {@code check}, {@code grad N}, {@code replaycheck}, {@code replay N} and {@code quit}
     * on standard input (see the class comment).
     *
     * @param args unused
     * @throws Exception if standard input cannot be read
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Object sink = null;
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                break;
            } else if (w[0].equals("check")) {
                int[] nodes = new int[1];
                Var[] x = new Var[N_IN];
                Gradients g = run(nodes, x);
                StringBuilder s = new StringBuilder("check y=" + g.value().item() + " nodes=" + nodes[0] + " grad");
                for (Var xi : x) {
                    s.append(' ').append(g.of(xi).item());
                }
                sink = g;
                out.println(s);
            } else if (w[0].equals("replaycheck")) {
                TapeGradient g = tape().gradient(point());
                StringBuilder s = new StringBuilder("replaycheck replayed=" + g.replayed() + " y=" + g.value()
                        + " ops=" + tape.size() + " guards=" + tape.guards() + " grad");
                for (double d : g.gradient()) {
                    s.append(' ').append(d);
                }
                out.println(s);
            } else if (w[0].equals("replay")) {
                int n = w.length > 1 ? Integer.parseInt(w[1]) : 1;
                Tape tp = tape();
                double[] p = point();
                StringBuilder s = new StringBuilder("replay");
                for (int r = 0; r < n; r++) {
                    long t0 = System.nanoTime();
                    TapeGradient g = tp.gradient(p);
                    long t1 = System.nanoTime();
                    if (!g.replayed()) {
                        throw new IllegalStateException("the tape was not replayed at its own point");
                    }
                    sink = g;
                    s.append(' ').append((t1 - t0) / 1e3);
                }
                out.println(s);
            } else if (w[0].equals("grad")) {
                int n = w.length > 1 ? Integer.parseInt(w[1]) : 1;
                StringBuilder s = new StringBuilder("grad");
                for (int r = 0; r < n; r++) {
                    long t0 = System.nanoTime();
                    sink = run(null, new Var[N_IN]);
                    long t1 = System.nanoTime();
                    s.append(' ').append((t1 - t0) / 1e3);
                }
                out.println(s);
            } else {
                out.println("error unknown command " + w[0]);
            }
        }
        if (sink == null) {
            out.println("no result");
        }
    }
}
