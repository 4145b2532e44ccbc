package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.PiecewiseFunction;
import dev.clarke.ops.TieWeights;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers the piecewise primitives to {@code abs}. A continuous one-input family is lowered from its
 * row by one identity: with kinks k_1 &lt; … &lt; k_n and slopes s_0, …, s_n between them,
 * <pre>
 *   f(t) = a + (s_0 + s_n)/2 · t + Σ (s_i − s_{i−1})/2 · |t − k_i|
 * </pre>
 * so relu(t) = (t + |t|)/2, leaky_relu(t; α) = ((1+α)·t + (1−α)·|t|)/2, clamp(t, lo, hi) =
 * (lo + hi + |t − lo| − |t − hi|)/2, softshrink(t; λ) = t + (|t − λ| − |t + λ|)/2; a non-affine
 * piece (hardswish, elu) makes the model first order. max(a, b) = (a + b + |a − b|)/2, min with
 * −|a − b|; reducing max/min is a left fold of them. The switching variables are the families' own
 * (t − kink point, a − b), so a kink hit of the trace is exactly an active switching variable.
 * sign, hardshrink, floor and round jump: off their jumps they are locally one piece, on them not
 * continuous (then: not abs-smooth, with the reason).
 *
 * <p>The σ reverse mode uses at an active kink: the lowered primitive's derivative along t is affine
 * in σ, equal to D⁻ at σ = −1 and D⁺ at σ = +1, so the policy's value v gives
 * {@code c = (2v − D⁺ − D⁻)/(D⁺ − D⁻)}, which is 1 − 2λ for a uniform λ in every family.
 */
final class Lowering {

    private final AnfBuilder b;

    Lowering(AnfBuilder b) {
        this.b = b;
    }

    /** The models of a {@link dev.clarke.ad.Op#PIECEWISE}, {@code MAX_MIN} or {@code REDUCE_EXTREME} step. */
    Affine[] lower(Step s) {
        Family f = s.family();
        return switch (s.op()) {
            case MAX_MIN -> binary(s, f);
            case REDUCE_EXTREME -> reduce(s, f);
            default -> unary(s, f, ((Attr.Params) s.attr()).values());
        };
    }

    /** σ reproducing the policy's derivative at kink {@code k} of {@code f} through the lowering. */
    private double sigmaAt(Family f, Kink k) {
        double v = b.policy().derivative(f, k);
        return (2 * v - k.dPlus() - k.dMinus()) / (k.dPlus() - k.dMinus());
    }

    private Affine abs(Affine z, Step s, int element, String formula, Family f, Kink k) {
        return b.abs(z, s, element, formula, sigmaAt(f, k));
    }

    private Affine[] unary(Step s, Family f, double[] p) {
        Affine[] x = b.of(s.inputs().get(0));
        Tensor y = s.output().value();
        PiecewiseFunction pf = f.row() == null ? null : f.at(p);
        Affine[] r = new Affine[x.length];
        for (int i = 0; i < r.length; i++) {
            Affine t = x[i];
            double yi = y.get(i);
            if (t.isConstant()) {
                r[i] = Affine.constant(yi);
            } else if (pf == null || !pf.continuous()) {
                r[i] = withJumps(s, i, f, pf, p, t, yi);
            } else {
                r[i] = continuous(s, i, f, pf, t, yi);
            }
        }
        return r;
    }

    /**
     * A family that jumps (sign, hardshrink, floor, round): on a jump it is discontinuous, so not
     * abs-smooth there (said as a reason); elsewhere it is locally its one piece, linearised.
     */
    private Affine withJumps(Step s, int i, Family f, PiecewiseFunction pf, double[] p, Affine t, double yi) {
        double t0 = t.value();
        if (UnaryPiecewise.kinkAt(f, t0, p) != null) {
            b.reason(f.id() + " at " + t0 + " (node " + s.id() + "): on a jump, discontinuous, so not abs-smooth there");
            return Affine.constant(yi);
        }
        double slope = pf == null ? 0 : pf.piece(t0).slope(t0, pf.params());
        return slope == 0 ? Affine.constant(yi) : t.times(yi, slope);
    }

    /**
     * A continuous family with kinks k_1 < … < k_n and slopes s_0, …, s_n on the intervals between
     * them: {@code f = a + b·t + Σ (s_i − s_{i−1})/2 · |t − k_i|} with {@code b = (s_0 + s_n)/2}, in
     * deviations from the recorded point. For a piecewise-linear family the s_i are constants; for a
     * non-affine piece (hardswish, elu) s_i is its slope at the recorded point projected onto its
     * interval, so the model is first order (and marked so) with the exact one-sided slopes at an
     * active kink.
     */
    private Affine continuous(Step s, int i, Family f, PiecewiseFunction pf, Affine t, double yi) {
        List<Kink> kinks = pf.kinks();
        int n = kinks.size();
        double t0 = t.value();
        double[] slope = new double[n + 1];
        double[] pp = pf.params();
        for (int j = 0; j <= n; j++) {
            double lo = j == 0 ? Double.NEGATIVE_INFINITY : kinks.get(j - 1).point();
            double hi = j == n ? Double.POSITIVE_INFINITY : kinks.get(j).point();
            double at = Math.min(Math.max(t0, lo), hi);
            double inside = n == 0 ? t0 : j == 0 ? hi - 1 : j == n ? lo + 1 : (lo + hi) / 2;
            slope[j] = pf.piece(inside).slope(at, pp);
        }
        if (!f.row().piecewiseLinear()) {
            b.nonlinear(t);
        }
        List<Double> coefs = new ArrayList<>();
        List<Affine> terms = new ArrayList<>();
        double linear = (slope[0] + slope[n]) / 2;
        if (linear != 0) {
            coefs.add(linear);
            terms.add(t);
        }
        for (int j = 0; j < n; j++) {
            double c = (slope[j + 1] - slope[j]) / 2;
            if (c != 0) {
                Kink k = kinks.get(j);
                boolean atZero = n == 1 && k.point() == 0;
                coefs.add(c);
                terms.add(abs(atZero ? t : t.minus(k.point()), s, i, atZero ? "x" : "x - " + num(k.point()), f, k));
            }
        }
        if (terms.isEmpty()) {
            return Affine.constant(yi);
        }
        if (terms.size() == 1 && coefs.get(0) == 1 && terms.get(0) != t) {
            return terms.get(0); // |t| itself
        }
        return Affine.combine(yi, coefs.stream().mapToDouble(Double::doubleValue).toArray(), terms.toArray(new Affine[0]));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private Affine[] binary(Step s, Family f) {
        Var va = s.inputs().get(0);
        Var vb = s.inputs().get(1);
        Affine[] ea = b.of(va);
        Affine[] eb = b.of(vb);
        Shape out = s.output().shape();
        Tensor y = s.output().value();
        double sign = f == Family.MAX ? 0.5 : -0.5;
        Affine[] r = new Affine[out.size()];
        for (int i = 0; i < r.length; i++) {
            Affine a = ea[ElementSources.broadcastSource(va.shape(), out, i)];
            Affine c = eb[ElementSources.broadcastSource(vb.shape(), out, i)];
            if (a.isConstant() && c.isConstant()) {
                r[i] = Affine.constant(y.get(i));
                continue;
            }
            Affine z = Affine.combine(a.value() - c.value(), new double[] {1, -1}, a, c);
            Affine az = abs(z, s, i, "a - b", f, f.kinks().get(0));
            r[i] = Affine.combine(y.get(i), new double[] {0.5, 0.5, sign}, a, c, az);
        }
        return r;
    }

    /**
     * Reducing max/min as the fold m_j = max(m_{j−1}, x_j), z_j = m_{j−1} − x_j. At ties the σ_j
     * reproduce the policy's tie weights w by stick-breaking from the last element: with mass M
     * still on m_j, x_j gets M·(1 ∓ σ_j)/2 = w_j.
     */
    private Affine[] reduce(Step s, Family f) {
        Attr.Axis ax = (Attr.Axis) s.attr();
        Var xv = s.inputs().get(0);
        Affine[] x = b.of(xv);
        Tensor y = s.output().value();
        boolean max = f == Family.REDUCE_MAX;
        Tensor w = TieWeights.reduce(f, xv.value(), ax.axis(), ax.keepDim(), b.policy(), null).weights();
        Affine[] r = new Affine[y.size()];
        for (int o = 0; o < r.length; o++) {
            int[] idx = ElementSources.reduced(xv.shape(), ax.axis(), o);
            int len = idx.length;
            double[] run = new double[len];
            run[0] = x[idx[0]].value();
            for (int j = 1; j < len; j++) {
                double v = x[idx[j]].value();
                run[j] = max ? (run[j - 1] >= v ? run[j - 1] : v) : (run[j - 1] <= v ? run[j - 1] : v);
            }
            double[] sigma = new double[len];
            double mass = 1;
            for (int j = len - 1; j >= 1; j--) {
                double wj = w.get(idx[j]);
                if (run[j - 1] == x[idx[j]].value()) {
                    double share = mass > 0 ? wj / mass : 0.5;
                    sigma[j] = max ? 1 - 2 * share : 2 * share - 1;
                }
                mass -= wj;
            }
            Affine m = x[idx[0]];
            for (int j = 1; j < len; j++) {
                Affine xj = x[idx[j]];
                if (m.isConstant() && xj.isConstant()) {
                    m = Affine.constant(run[j]);
                    continue;
                }
                Affine z = Affine.combine(run[j - 1] - xj.value(), new double[] {1, -1}, m, xj);
                Affine az = b.abs(z, s, o, "running " + (max ? "max" : "min") + " - x[" + idx[j] + "]", sigma[j]);
                m = Affine.combine(run[j], new double[] {0.5, 0.5, max ? 0.5 : -0.5}, m, xj, az);
            }
            r[o] = new Affine(y.get(o), m.a(), m.b(), m.varies());
        }
        return r;
    }
}
