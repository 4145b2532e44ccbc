import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;

/** bench/compare-adolc's scalar program (ScalarProgramMain.run) against the public API, for Pair. */
public class H {
    public static Object sink;

    /** One record + gradient; returns ms. */
    public static double run() {
        return go(true);
    }

    /** Recording only; returns ms. */
    public static double record() {
        return go(false);
    }

    static double go(boolean grad) {
        long t0 = System.nanoTime();
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var[] x = new Var[10];
        for (int j = 0; j < 10; j++) {
            x[j] = t.input(0.1 * (j + 1));
        }
        Var c15 = t.constant(1.5);
        Var v = x[0];
        for (int i = 0; i < 100000; i++) {
            Var a = v.mul(x[i % 10]); Var b = a.sin(); Var c = b.sub(0.3); Var d = c.abs();
            Var e = d.max(x[(i + 3) % 10]); Var f = e.neg(); Var g = f.exp(); Var h = v.mul(0.5);
            Var w = h.add(g); v = w.min(c15);
        }
        sink = grad ? t.grad(v, x) : v;
        return (System.nanoTime() - t0) / 1e6;
    }
}
