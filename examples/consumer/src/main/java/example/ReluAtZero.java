package example;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;

/**
 * Differentiates relu(x) at its kink x = 0 under the policy mid and checks the answer: the
 * derivative there is ½·D⁻ + ½·D⁺ = ½·0 + ½·1 = 0.5, and the kink log holds that one hit.
 * Exits with code 1 if either is not so.
 */
public final class ReluAtZero {

    public static void main(String[] args) {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var x = t.input(0.0);
        Var y = x.relu();
        Gradients g = t.grad(y, x);
        KinkLog kinks = t.kinks();
        double dydx = g.of(x).item();

        System.out.println("relu(0)        = " + g.value().item());
        System.out.println("d/dx relu at 0 = " + dydx + " (policy mid)");
        System.out.println("kink hits      = " + kinks.size() + ": " + kinks.get(0).op()
                + " at " + kinks.get(0).point() + ", adjoint " + kinks.get(0).adjoint());

        if (dydx != 0.5 || kinks.size() != 1 || kinks.get(0).point() != 0.0) {
            System.err.println("unexpected: want d/dx = 0.5 and one kink hit at 0");
            System.exit(1);
        }
    }
}
