package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reverse mode over F64 scalars runs on doubles for nodes carrying their scalar partials ({@link Node#scalar});
 * it must give the same bits as the general path, which {@link Trace#gradVars} still takes (it
 * builds a graph). Random scalar programs mixing every op with a scalar rule, ops without one (div,
 * sqrt, pow) and exact kink hits (abs, relu, max and min at ties) are differentiated both ways; the
 * gradients and the kink log's adjoints must agree bit for bit.
 */
class ScalarReverseTest {

    private static Var step(Trace t, List<Var> pool, SplittableRandom rng) {
        Var a = pool.get(rng.nextInt(pool.size())), b = pool.get(rng.nextInt(pool.size()));
        switch (rng.nextInt(17)) {
            case 0: return a.add(b);
            case 1: return a.sub(b);
            case 2: return a.mul(b);
            case 3: return a.mul(rng.nextInt(5) - 2.0);
            case 4: return a.neg();
            case 5: return a.tanh().exp();
            case 6: return a.sin();
            case 7: return a.cos();
            case 8: return a.sigmoid();
            case 9: return a.softplus();
            case 10: return a.abs();
            case 11: return a.relu();
            case 12: return a.max(b);
            case 13: return a.min(rng.nextBoolean() ? b : a);
            case 14: return a.mul(a).add(1).log();
            case 15: return a.div(b.mul(b).add(1));
            default: return a.clamp(-1, 1).add(a.mul(a).sqrt());
        }
    }

    /** The program of {@code seed}: its gradient (fast path if {@code fast}, else through gradVars), then the kink adjoints. */
    private static double[][] differentiate(long seed, boolean fast) {
        SplittableRandom r = new SplittableRandom(seed);
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        List<Var> xs = new ArrayList<>(), pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Var x = t.input(r.nextInt(3) == 0 ? 0.0 : r.nextInt(5) - 2.0 + (r.nextBoolean() ? 0.5 : 0));
            xs.add(x);
            pool.add(x);
        }
        pool.add(t.constant(0.0));
        for (int s = 0; s < 12; s++) {
            pool.add(step(t, pool, r));
        }
        Var y = pool.get(pool.size() - 1).add(pool.get(pool.size() - 2));
        double[] g = new double[xs.size()];
        if (fast) {
            Gradients gr = t.grad(y, xs, Backward.RETAIN);
            for (int i = 0; i < g.length; i++) {
                g[i] = gr.of(xs.get(i)).item();
            }
        } else {
            List<Var> gv = t.gradVars(y, xs);
            for (int i = 0; i < g.length; i++) {
                g[i] = gv.get(i).item();
            }
        }
        double[] adj = new double[t.kinks().size()];
        for (int h = 0; h < adj.length; h++) {
            adj[h] = t.kinks().get(h).adjoint();
        }
        return new double[][] {g, adj};
    }

    private static void assertBits(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            final int at = i;
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    () -> what + " differs at " + at + ": " + want[at] + " vs " + got[at]);
        }
    }

    @Test
    void scalarRulesAgreeBitForBitWithTheGeneralPath() {
        int hitsSeen = 0;
        for (int trial = 0; trial < 300; trial++) {
            double[][] slow = differentiate(1000 + trial, false), fast = differentiate(1000 + trial, true);
            assertBits(slow[0], fast[0], "trial " + trial + ": gradient");
            assertBits(slow[1], fast[1], "trial " + trial + ": kink adjoints");
            hitsSeen += fast[1].length;
        }
        assertTrue(hitsSeen > 50, "the programs hit kinks exactly: " + hitsSeen);
    }

    @Test
    void f64ScalarOpsCarryTheirRuleAndTensorsDoNot() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var x = t.input(0.0);
        Var y = x.sin().mul(x).add(x.relu()).max(x);
        Node max = t.node(y.nodeId());
        assertTrue(max.scalar);
        assertEquals(0.0, max.scalarCotangent(0.0, Double.POSITIVE_INFINITY), 0.0); // a strong zero
        Node neg = t.node(x.neg().nodeId());
        assertTrue(neg.scalar);
        assertTrue(Double.isNaN(neg.scalarCotangent(0.0, Double.POSITIVE_INFINITY))); // linear: 0·∞
        assertEquals(1.5, max.d0 + max.d1 + 0.5, 0.0); // a tie: ½ and ½ under mid
        Trace f = new Trace(KinkPolicy.mid(), DType.F32);
        Var z = f.input(1.0);
        assertTrue(!f.node(z.sin().nodeId()).scalar);
    }
}
