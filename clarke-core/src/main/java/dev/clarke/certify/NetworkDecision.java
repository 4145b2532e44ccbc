package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.certify.NetworkCertificate.Kind;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verdict rules of {@link NetworkCertificate} (docs/theory/conv-certificates.md §3–§5): which
 * hits are genuine, whether the deepest genuine hits with a non-zero adjoint make f
 * non-differentiable, and whether a {@link NetworkWitness} shows AD's value is a Clarke subgradient.
 */
final class NetworkDecision {

    private final Sequential net;
    private final PassValues values;
    private final FunctionIdentity ids;
    private final PathTangents tangents;
    private final HitTable hits;
    private final KinkPolicy policy;
    private final ParameterBlocks blocks;
    private final KinkedWindows windows;

    /** The most genuine hits of one layer for which a Clarke witness is searched (exact arithmetic). */
    static final int WITNESS_HITS = 4096;

    NetworkDecision(Sequential net, PassValues values, FunctionIdentity ids, HitTable hits, KinkPolicy policy) {
        this.net = net;
        this.values = values;
        this.ids = ids;
        this.tangents = new PathTangents(net, values, ids);
        this.hits = hits;
        this.policy = policy;
        this.blocks = new ParameterBlocks(net);
        this.windows = new KinkedWindows(net, values, ids);
    }

    NetworkCertificate decide() {
        classify(true);
        List<Hit> n = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            if (hits.genuine(i) && hits.adjoint(i) != 0) {
                n.add(hits.get(i));
            }
        }
        int layers = net.layers().size();
        if (n.isEmpty()) {
            String why = hits.isEmpty() ? "no element sits on a kink or a max-pool tie"
                    : "every kink hit has adjoint 0 or is not genuine (constant input, or a tie among one function):"
                    + " the kinks do not reach f at first order";
            return new NetworkCertificate(hits, Verdict.DIFFERENTIABLE_CORRECT, true, why, null, layers);
        }
        classify(false);
        String ndf = nonDifferentiable(n);
        String[] failure = new String[1];
        NetworkWitness w = witness(failure);
        if (ndf != null && w != null) {
            return new NetworkCertificate(hits, Verdict.NONDIFFERENTIABLE_CLARKE, false, ndf + "; Clarke: " + w, w, layers);
        }
        if (w != null) {
            return new NetworkCertificate(hits, Verdict.CLARKE, null, "AD's value is a Clarke subgradient (" + w
                    + "); differentiability is not decided: " + ndfFailure, w, layers);
        }
        if (ndf != null) {
            return new NetworkCertificate(hits, Verdict.UNKNOWN, false, ndf + "; whether AD's value is a Clarke subgradient"
                    + " is not decided: " + failure[0], null, layers);
        }
        return new NetworkCertificate(hits, Verdict.UNKNOWN, null, "genuine kink hits with non-zero adjoint: "
                + ndfFailure + "; and " + failure[0], null, layers);
    }

    /** Classifies the hits with a non-zero adjoint (first pass) or the rest (second pass), in place. */
    private void classify(boolean nonZero) {
        for (int i = 0; i < hits.size(); i++) {
            Kind kind = hits.kind(i);
            if (kind == Kind.OTHER || (hits.adjoint(i) != 0) != nonZero) {
                continue;
            }
            if (kind == Kind.MAXPOOL_TIE) {
                int tie = ids.scanTie(hits.layer(i), hits.sample(i), hits.element(i), hits.point(i));
                if (tie == FunctionIdentity.ONE_CONSTANT) {
                    continue; // not genuine, as recorded
                }
                if (tie == FunctionIdentity.OFF_KINKS) {
                    hits.set(i, kind, ids.isTieOfDifferentFunctions(hits.layer(i), hits.sample(i), hits.element(i)));
                    continue;
                }
            }
            Hit h = hits.get(i);
            boolean g;
            if (kind == Kind.ACTIVATION_KINK) {
                g = !ids.isConstant(ids.of(h.layer() - 1, h.sample(), h.element())) && !windows.absorbs(h);
            } else if (windows.isKinkedWindow(h)) {
                kind = Kind.KINKED_WINDOW;
                g = windows.moves(h);
            } else {
                g = ids.isTieOfDifferentFunctions(h.layer(), h.sample(), h.element());
            }
            hits.set(i, kind, g);
        }
    }

    // ---- non-differentiability (§4) -----------------------------------------------------------

    private String ndfFailure = "";

    /** The reason f is not differentiable, or null (with {@link #ndfFailure} set). */
    private String nonDifferentiable(List<Hit> n) {
        int deepest = -1;
        for (Hit h : n) {
            if (h.layer() < 0) {
                ndfFailure = "a kink outside every layer (" + h.op() + ") has a non-zero adjoint";
                return null;
            }
            deepest = Math.max(deepest, h.layer());
        }
        List<Hit> top = new ArrayList<>();
        for (Hit h : n) {
            if (h.layer() == deepest) {
                if (h.kind() == Kind.OTHER) {
                    ndfFailure = "layer " + deepest + " (" + h.op() + ") has kink hits the certificate does not cover";
                    return null;
                }
                top.add(h);
            }
        }
        List<List<PathTangent>> ts = new ArrayList<>();
        int p = -1;
        for (Hit h : top) {
            List<PathTangent> t = hitTangents(h);
            if (t == null) {
                ndfFailure = tangents.failure();
                return null;
            }
            for (PathTangent x : t) {
                p = Math.max(p, x.layer());
            }
            ts.add(t);
        }
        if (p < 0) {
            ndfFailure = "the hits of layer " + deepest + " do not depend on any parameter";
            return null;
        }
        for (int i = 0; i < hits.size(); i++) {
            if (hits.genuine(i) && hits.layer(i) > p && hits.layer(i) < deepest) {
                ndfFailure = "layer " + hits.layer(i) + " between layer " + p + " and layer " + deepest + " has genuine kink hits too";
                return null;
            }
        }
        return top.get(0).kind() == Kind.ACTIVATION_KINK ? activationsDoNotCancel(top, ts, deepest)
                : tiesDoNotCancel(top, ts, deepest);
    }

    /**
     * Act hits: per class of parallel tangents u_h = c_h·u, Σ adjoint·(D⁺ − D⁻)·|c_h| ≠ 0 (exact sum;
     * c_h the tangent's first non-zero coordinate).
     */
    private String activationsDoNotCancel(List<Hit> top, List<List<PathTangent>> ts, int layer) {
        Pieces pieces = ids.pieces(layer);
        List<PathTangent> reps = new ArrayList<>();
        List<Rational> sums = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            PathTangent t = ts.get(i).get(0);
            Hit h = top.get(i);
            if (t.isZero()) {
                continue;
            }
            Kink k = pieces.kink(pieces.kinkIndex(values.get(layer - 1, h.sample(), h.element())));
            Rational lead = t.leading();
            Rational c = Rational.of(h.adjoint()).mul(Rational.of(k.dPlus()).sub(Rational.of(k.dMinus())))
                    .mul(lead.signum() < 0 ? lead.negate() : lead);
            int j = 0;
            while (j < reps.size() && !reps.get(j).parallel(t)) {
                j++;
            }
            if (j == reps.size()) {
                reps.add(t);
                sums.add(c);
            } else {
                sums.set(j, sums.get(j).add(c));
            }
        }
        for (int j = 0; j < reps.size(); j++) {
            if (sums.get(j).signum() != 0) {
                return "layer " + layer + " has kink hits with non-zero adjoint that no parameter moves apart from each other"
                        + " and whose adjoints do not cancel (block " + reps.get(j).block() + " of layer " + reps.get(j).layer()
                        + "): f is not differentiable";
            }
        }
        ndfFailure = "the adjoints of the kink hits of layer " + layer + " cancel within each class of hits moved alike";
        return null;
    }

    /** Pool ties: some block whose ties all have adjoints of one sign, one of them between different tangents. */
    private String tiesDoNotCancel(List<Hit> top, List<List<PathTangent>> ts, int layer) {
        Map<Integer, int[]> byBlock = new TreeMap<>();   // block → {positives, negatives, spread}
        for (int i = 0; i < top.size(); i++) {
            int block = -1;
            for (PathTangent t : ts.get(i)) {
                if (!t.isZero()) {
                    if (block >= 0 && block != t.block()) {
                        ndfFailure = "a tie of layer " + layer + " spans two blocks of parameters";
                        return null;
                    }
                    block = t.block();
                }
            }
            if (block < 0) {
                continue;
            }
            int[] c = byBlock.computeIfAbsent(block, b -> new int[3]);
            c[top.get(i).adjoint() > 0 ? 0 : 1]++;
            if (distinct(ts.get(i)) >= 2) {
                c[2]++;
            }
        }
        for (Map.Entry<Integer, int[]> e : byBlock.entrySet()) {
            int[] c = e.getValue();
            if (c[2] > 0 && (c[0] == 0 || c[1] == 0)) {
                return "layer " + layer + " has a max-pool tie between different functions of block " + e.getKey()
                        + " with a non-zero adjoint, and every such tie of that block has an adjoint of the same sign:"
                        + " f is not differentiable";
            }
        }
        ndfFailure = "the max-pool ties of layer " + layer + " have adjoints of both signs in every block";
        return null;
    }

    private static int distinct(List<PathTangent> ts) {
        List<PathTangent> seen = new ArrayList<>();
        for (PathTangent t : ts) {
            boolean found = false;
            for (PathTangent s : seen) {
                found |= s.same(t);
            }
            if (!found) {
                seen.add(t);
            }
        }
        return seen.size();
    }

    /**
     * The tangents of a hit: one for an activation kink (its input), one per identity class of the
     * tied elements for a tie, in window order; null when a path is not linear.
     */
    List<PathTangent> hitTangents(Hit h) {
        if (h.kind() == Kind.KINKED_WINDOW) {
            return windows.tangents(h, tangents);
        }
        List<PathTangent> out = new ArrayList<>();
        if (h.kind() == Kind.ACTIVATION_KINK) {
            PathTangent t = tangents.of(h.layer() - 1, h.sample(), h.element());
            if (t == null) {
                return null;
            }
            out.add(t);
            return out;
        }
        for (int[] cls : TieClasses.of(ids, values, h.layer(), h.sample(), h.element()).members()) {
            PathTangent t = tangents.of(h.layer() - 1, h.sample(), cls[0]);
            if (t == null) {
                return null;
            }
            out.add(t);
        }
        return out;
    }

    // ---- the Clarke witness (§5) ----------------------------------------------------------------

    private NetworkWitness witness(String[] failure) {
        Map<Integer, List<Hit>> byLayer = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < hits.size(); i++) {
            if (hits.genuine(i)) {
                Hit h = hits.get(i);
                if (h.kind() == Kind.OTHER) {
                    failure[0] = (h.layer() < 0 ? "a kink outside every layer" : "layer " + h.layer() + " (" + h.op() + ")")
                            + " has kink hits the certificate does not cover";
                    return null;
                }
                byLayer.computeIfAbsent(h.layer(), k -> new ArrayList<>()).add(h);
            }
        }
        for (Map.Entry<Integer, List<Hit>> e : byLayer.entrySet()) {
            if (e.getValue().size() > WITNESS_HITS) {   // exact cones and couplings grow with the hits: bounded work
                failure[0] = "work budget: layer " + e.getKey() + " has " + e.getValue().size() + " genuine hits, more than the "
                        + WITNESS_HITS + " a Clarke witness is searched for";
                return null;
            }
        }
        Map<Integer, Integer> feeding = new LinkedHashMap<>();
        List<NetworkWitness.Step> steps = new ArrayList<>();
        for (Map.Entry<Integer, List<Hit>> e : byLayer.entrySet()) {
            int l = e.getKey();
            List<List<PathTangent>> ts = new ArrayList<>();
            int p = -1;
            for (Hit h : e.getValue()) {
                List<PathTangent> t = hitTangents(h);
                if (t == null) {
                    failure[0] = tangents.failure();
                    return null;
                }
                for (PathTangent x : t) {
                    if (x.isZero() && h.kind() == Kind.ACTIVATION_KINK) {
                        failure[0] = "a kink of layer " + l + " does not move with any parameter";
                        return null;
                    }
                    p = Math.max(p, x.layer());
                }
                ts.add(t);
            }
            if (p < 0) {
                failure[0] = "the genuine hits of layer " + l + " do not move with any parameter";
                return null;
            }
            Integer other = feeding.put(p, l);
            if (other != null) {
                failure[0] = "layers " + l + " and " + other + " both have genuine kink hits and are fed by the same layer " + p;
                return null;
            }
            NetworkWitness.Step s = e.getValue().get(0).kind() == Kind.ACTIVATION_KINK
                    ? new ActivationStep(net, values, ids, blocks, policy).step(l, p, e.getValue(), ts, failure)
                    : new TieSeparation(blocks, this::tieWeights).step(l, p, e.getValue(), ts, failure);
            if (s == null && e.getValue().get(0).kind() != Kind.ACTIVATION_KINK && byLayer.size() == 1 && firstWithParameters(p)) {
                s = MeanTangentStep.step(blocks, this::tieWeights, l, p, e.getValue(), ts);
                failure[0] = s != null ? failure[0] : failure[0] + "; nor does ±ζ on layer " + p + " match AD's mean class tangents";
            }
            if (s == null) {
                return null;
            }
            steps.add(s);
        }
        return new NetworkWitness(steps);
    }

    /** Whether no layer below p has parameters (then path tangents from p are whole gradients). */
    private boolean firstWithParameters(int p) {
        for (int k = 0; k < p; k++) {
            if (!net.layers().get(k).parameterShapes().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** AD's weights on the classes of {@link #hitTangents} of a tie. */
    private Rational[] tieWeights(Hit h) {
        return h.kind() == Kind.KINKED_WINDOW ? windows.weights(h, policy)
                : TieClasses.of(ids, values, h.layer(), h.sample(), h.element()).weights(policy);
    }
}
