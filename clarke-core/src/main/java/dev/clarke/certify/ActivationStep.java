package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The witness step of an activation layer with genuine kink hits (docs/theory/conv-certificates.md
 * §5, option 1): two options ±ζ on the parameters of the layer P feeding it, weighted 1 − λ and λ,
 * where ζ raises every hit strictly and AD's derivative is λ·D⁻ + (1 − λ)·D⁺ with one λ for all.
 */
final class ActivationStep {

    private final Sequential net;
    private final PassValues values;
    private final FunctionIdentity ids;
    private final ParameterBlocks blocks;
    private final KinkPolicy policy;

    ActivationStep(Sequential net, PassValues values, FunctionIdentity ids, ParameterBlocks blocks, KinkPolicy policy) {
        this.net = net;
        this.values = values;
        this.ids = ids;
        this.blocks = blocks;
        this.policy = policy;
    }

    /**
     * Activation hits: ±ζ on P's parameters, where ζ moves every hit strictly the same way — every bias
     * of P when each hit's bias coordinate has one sign, else a direction found on the hits' tangents
     * ({@link StrictDirection}: a convolution without bias, tangents through an average pool) — and
     * the hits share one λ in [0, 1]: +ζ takes weight 1 − λ (AD's derivative λ·D⁻ + (1 − λ)·D⁺).
     */
    NetworkWitness.Step step(int l, int p, List<Hit> hs, List<List<PathTangent>> ts, String[] failure) {
        ActivationLayer act = (ActivationLayer) net.layers().get(l);
        Pieces pieces = ids.pieces(l);
        double lambda = Double.NaN;
        int sign = 0;
        boolean byBias = true;
        for (int i = 0; i < hs.size(); i++) {
            Hit h = hs.get(i);
            int s = ts.get(i).get(0).biasCoefficient().signum();
            Kink k = pieces.kink(pieces.kinkIndex(values.get(l - 1, h.sample(), h.element())));
            double lam = policy.effectiveLambda(act.activation().family(), k);
            if (!(lam >= 0 && lam <= 1)) {
                failure[0] = "the derivative at a kink of layer " + l + " lies outside [D⁻, D⁺]";
                return null;
            }
            if (i > 0 && lam != lambda) {
                failure[0] = "the kink derivatives of layer " + l + " are not one λ";
                return null;
            }
            byBias &= s != 0 && (i == 0 || s == sign);
            lambda = lam;
            sign = s;
        }
        Rational lam = Rational.of(lambda);
        if (byBias) {
            int[] index = blocks.biases(p);
            Rational[] value = new Rational[index.length];
            java.util.Arrays.fill(value, Rational.ONE);
            return new NetworkWitness.Step(l, NetworkWitness.plusMinus(index, value, sign > 0 ? Rational.ONE.sub(lam) : lam),
                    "every bias of layer " + p + " by ±t^e (one λ = " + lambda + ")");
        }
        Rational[] zeta = raisingAll(p, ts);
        if (zeta == null) {
            failure[0] = "no direction on layer " + p + "'s parameters was found that moves every kink hit of layer " + l
                    + " the same way" + (ConvGeometry.hasBias(net.layers().get(p)) ? " (its biases move them in opposite"
                    + " directions)" : "");
            return null;
        }
        int first = blocks.coefficientsAreWeights(p) ? blocks.weight(p, 0, 0) : blocks.bias(p, 0);
        int[] index = new int[zeta.length];
        for (int k = 0; k < index.length; k++) {
            index[k] = first + k;
        }
        return new NetworkWitness.Step(l, NetworkWitness.plusMinus(index, zeta, Rational.ONE.sub(lam)),
                "±ζ on layer " + p + " raising every kink hit of layer " + l + " (one λ = " + lambda + ")");
    }

    /** A ζ on P's parameters with ⟨u_h, ζ⟩ &gt; 0 for every hit's tangent u_h, exactly, or null. */
    private Rational[] raisingAll(int p, List<List<PathTangent>> ts) {
        if (!blocks.coefficientsAreWeights(p)) {
            return null;
        }
        int first = blocks.weight(p, 0, 0);
        int size = blocks.end(p) - first;
        List<Rational[]> rows = new ArrayList<>();
        for (List<PathTangent> t : ts) {
            rows.add(blocks.dense(p, t.get(0), first, size));
        }
        return StrictDirection.find(rows, new double[size]);
    }
}
