package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** G(σ) = J + YΣ(I − LΣ)⁻¹Z against reverse mode, and its multi-affinity. */
class SignatureGradientTest {

    private static final String[][] CASES = {
        {"relu(x) - relu(-x)", "x=0"},
        {"max(x, 0) - max(-x, 0) + 3*abs(x)", "x=0"},
        {"relu(relu(x)) - relu(x)", "x=0"},
        {"abs(abs(x) - abs(y))", "x=0,y=0"},
        {"max(max(x, y), 0) * exp(y)", "x=0,y=0"},
        {"min(x, y) + clamp(x - y, 0, 1) - hardtanh(x)", "x=1,y=1"},
        {"relu6(x + 6) + hardsigmoid(y - 3) + leaky_relu(x - y, 0.2)", "x=-6,y=0"},
        {"hardswish(x - 3) + hardswish(y + 3)", "x=0,y=0"},
        {"max([x, y, 0])", "x=0,y=0"},
        {"min([x, y, 0, x])", "x=0,y=0"},
        {"max([x, y, y, 2*x])", "x=0,y=0"},
        {"sin(x) * relu(y - x^2) + max(exp(x), y + 1)", "x=0,y=0"},
        {"0.5 * (v * relu(w*2 + b) - 1)^2", "v=3,w=1,b=-2"},
    };

    private static final KinkPolicy[] POLICIES = {
        KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(), KinkPolicy.lambda(0.3),
        KinkPolicy.pytorch(), KinkPolicy.parse("relu=0.3,abs=0.25,max=0.9"),
    };

    /** Reverse mode under a policy returns G(σᶜ), σᶜ the policy's values pulled back through the lowering. */
    @Test
    void reverseModeIsTheSignatureGradientOfThePolicy() {
        for (String[] c : CASES) {
            for (KinkPolicy p : POLICIES) {
                AbsNormalForm f = Fixtures.form(c[0], c[1], p);
                double[] ad = Fixtures.reverse(c[0], c[1], p);
                assertArrayEquals(ad, f.gradient(f.adSignature())[0], 1e-12, c[0] + " under " + p);
            }
        }
    }

    /** A uniform λ gives σ = 1 − 2λ on every active kink of every family. */
    @Test
    void uniformLambdaIsUniformSigma() {
        AbsNormalForm f = Fixtures.form("relu(x) + abs(x) + max(x, y) + min(x, y) + clamp(x, 0, 1) + leaky_relu(y)"
                + " + hardtanh(x - 1) + relu6(y) + hardsigmoid(x - 3) + hardswish(y - 3)", "x=0,y=0", KinkPolicy.lambda(0.3));
        for (int i : f.active()) {
            assertEquals(0.4, f.switching().get(i).adSigma(), 1e-12, f.switching().get(i).toString());
        }
    }

    /** G(σᶜ) = Σ_τ w_τ G(σ^τ), w_τ = Π (1 + c_i τ_i)/2: AD is always a convex combination of piece gradients. */
    @Test
    void multiAffinity() {
        for (String[] c : CASES) {
            AbsNormalForm f = Fixtures.form(c[0], c[1], KinkPolicy.lambda(0.3));
            double[] sc = f.adSignature();
            int[] alpha = f.active();
            double[] sum = new double[f.n()];
            List<double[]> all = Realisability.all(f);
            for (double[] s : all) {
                double w = 1;
                for (int i : alpha) {
                    w *= (1 + sc[i] * s[i]) / 2;
                }
                double[] g = f.gradient(s)[0];
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += w * g[j];
                }
            }
            assertArrayEquals(f.gradient(sc)[0], sum, 1e-12, c[0]);
        }
    }
}
