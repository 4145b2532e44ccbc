package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * An activation followed by a non-overlapping max pool, seen as one kink per window
 * (docs/theory/conv-certificates.md §3.3). For ρ non-decreasing, max_i ρ(y_i) = ρ(max_i y_i). So
 * <ul>
 *   <li>a kink hit whose output lies strictly below its window's maximum, or in no window, does not
 *       reach f near the point: it is absorbed;</li>
 *   <li>a window whose elements all sit at ρ(c), c the lower kink of relu, relu6, hardtanh or
 *       hardsigmoid or clamp_min (left piece flat, D⁺ &gt; 0), some of them exactly on c, is the kinked window
 *       ρ(max y): its one-sided derivative is max(0, D⁺·ẏ_i over the elements on c), a tie between
 *       the zero function and D⁺·y of each identity on the kink. AD gives the identity class of
 *       elements on c the weight (p/D⁺)·Σμ_i (p the policy's derivative at c, μ the pool's tie
 *       weights) and the zero class the rest.</li>
 * </ul>
 */
final class KinkedWindows {

    private final Sequential net;
    private final PassValues values;
    private final FunctionIdentity ids;
    private final Layer[] pools;
    private final boolean[] poolKnown;

    KinkedWindows(Sequential net, PassValues values, FunctionIdentity ids) {
        this.net = net;
        this.values = values;
        this.ids = ids;
        this.pools = new Layer[net.layers().size()];
        this.poolKnown = new boolean[net.layers().size()];
    }

    /** The max pool right after layer a when its windows are disjoint (padded, dilated or ceil-mode ones included), else null. */
    private Layer poolAfter(int a) {
        if (a + 1 >= net.layers().size()) {
            return null;
        }
        if (!poolKnown[a + 1]) {   // asked for every hit: decided once per layer
            Layer next = net.layers().get(a + 1);
            pools[a + 1] = ConvGeometry.isMaxPool(next) && ConvGeometry.nonOverlapping(next) ? next : null;
            poolKnown[a + 1] = true;
        }
        return pools[a + 1];
    }

    private static boolean lowerFlatKink(Activation act, Kink k) {
        switch (act.family()) {
            case RELU: case RELU6: case HARDTANH: case HARDSIGMOID: case CLAMP_MIN:
                return k.index() == 0;
            default:
                return false;
        }
    }

    /** Whether an activation kink hit cannot reach f because of the max pool after it. */
    boolean absorbs(Hit h) {
        Layer pool = poolAfter(h.layer());
        if (pool == null) {
            return false;
        }
        Shape in = net.shapeAfter(h.layer());
        Shape out = net.shapeAfter(h.layer() + 1);
        int window = ConvGeometry.windowHolding(pool, in, out, h.element());
        if (window < 0) {
            return true;
        }
        double max = values.get(h.layer() + 1, h.sample(), window);
        double z = values.get(h.layer(), h.sample(), h.element());
        if (z < max) {
            return true;
        }
        Activation act = ((ActivationLayer) net.layers().get(h.layer())).activation();
        Pieces p = ids.pieces(h.layer());
        // z is the window's maximum and ρ's least value: with a second element in the window, all tie (a kinked window)
        return ids.window(h.layer() + 1, window).length > 1
                && lowerFlatKink(act, p.kink(p.kinkIndex(values.get(h.layer() - 1, h.sample(), h.element()))));
    }

    /** Whether a max-pool tie is a kinked window. */
    boolean isKinkedWindow(Hit h) {
        if (h.layer() < 1) {
            return false;
        }
        Layer prev = net.layers().get(h.layer() - 1);
        Layer pool = poolAfter(h.layer() - 1);
        if (!(prev instanceof ActivationLayer) || pool == null) {
            return false;
        }
        Activation act = ((ActivationLayer) prev).activation();
        Pieces p = ids.pieces(h.layer() - 1);
        for (int e : ids.window(h.layer(), h.element())) {
            int k = p.kinkIndex(values.get(h.layer() - 2, h.sample(), e));
            if (k >= 0 && lowerFlatKink(act, p.kink(k)) && values.get(h.layer() - 1, h.sample(), e) == h.point()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some element of a kinked window sits on the kink with an input that is not constant. */
    boolean moves(Hit h) {
        for (int[] cls : TieClasses.of(ids, values, h.layer(), h.sample(), h.element()).members()) {
            if (!ids.isConstant(ids.of(h.layer() - 1, h.sample(), cls[0]))) {
                return true;
            }
        }
        return false;
    }

    /** The classes' tangents: the zero class first, then D⁺·(tangent of y) per identity on the kink; null if a path is not linear. */
    List<PathTangent> tangents(Hit h, PathTangents pt) {
        List<PathTangent> out = new ArrayList<>();
        out.add(PathTangent.ZERO);
        double dPlus = lower(h).dPlus();
        for (int[] cls : TieClasses.of(ids, values, h.layer(), h.sample(), h.element()).members()) {
            if (!ids.isConstant(ids.of(h.layer() - 1, h.sample(), cls[0]))) {
                PathTangent t = pt.of(h.layer() - 2, h.sample(), cls[0]);
                if (t == null) {
                    return null;
                }
                out.add(t.scaled(dPlus));
            }
        }
        return out;
    }

    /** AD's weights on the classes of {@link #tangents}, exactly. */
    Rational[] weights(Hit h, KinkPolicy policy) {
        TieClasses tc = TieClasses.of(ids, values, h.layer(), h.sample(), h.element());
        Rational[] mu = tc.weights(policy);
        Activation act = ((ActivationLayer) net.layers().get(h.layer() - 1)).activation();
        Kink k = lower(h);
        ExactActivation exact = new ExactActivation(act);
        Rational ratio = exact.proxy(policy, k.index()).div(exact.dPlus[k.index()]);
        List<Rational> out = new ArrayList<>();
        out.add(Rational.ONE);
        for (int c = 0; c < mu.length; c++) {
            if (!ids.isConstant(ids.of(h.layer() - 1, h.sample(), tc.members().get(c)[0]))) {
                Rational w = mu[c].mul(ratio);
                out.add(w);
                out.set(0, out.get(0).sub(w));
            }
        }
        return out.toArray(new Rational[0]);
    }

    private Kink lower(Hit h) {
        return ((ActivationLayer) net.layers().get(h.layer() - 1)).activation().kinks().get(0);
    }
}
