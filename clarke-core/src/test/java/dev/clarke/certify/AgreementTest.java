package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Item 6: on every enumerated point of networks with bias (one sample), the fast certificate
 * (double arithmetic, one forward and one backward pass) agrees with the exact oracle — same
 * differentiability decision, and where it says DIFFERENTIABLE_CORRECT the oracle's exact gradient —
 * and the incorrect set is empty. Value sets are exact in double and activations exact there.
 */
class AgreementTest {

    private static final Rational[][] X1 = {{Rational.ONE}};

    @ParameterizedTest(name = "{0} widths {1} over {2}")
    @CsvSource(delimiter = ';', value = {
        "hardtanh; 2; -3..3; 44208",
        "relu; 2,1; -1,0,1,2; 14046",
        "relu6; 1; e2m1fn; -1",
        "abs; 1,1; -2..2; -1",
        "leaky_relu; 2; -2..2; -1",
        "relu; 1; 0,-0.5,0.5; -1",
    })
    void certificateAgreesWithOracle(String act, String widths, String values, long expectedNdf) {
        String[] ws = widths.split(",");
        int[] w = new int[ws.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Integer.parseInt(ws[i].trim());
        }
        Sequential net = Sequential.scalarMlp(w, Activation.parse(act, 0.25), true);
        List<KinkPolicy> policies = List.of(KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(), KinkPolicy.pytorch(),
                KinkPolicy.parse(act + "=7"));
        Enumerator.Result r = new Enumerator(net, X1, ValueSet.parse(values), policies, true).run();
        assertEquals(r.total(), r.certified());
        assertEquals(0, r.mismatches());
        assertEquals(0, r.undecided());
        for (int q = 0; q < policies.size(); q++) {
            assertEquals(0, r.inc(q), policies.get(q).name());
        }
        if (expectedNdf >= 0) {
            assertEquals(expectedNdf, r.ndf());
        }
        // the density bound holds
        assertEquals(true, r.kinkHit() <= r.bound().density() * r.total() + 1e-9);
    }
}
