package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.TieWeights;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;

/**
 * Lowers the piecewise primitives to {@code abs}, by these identities (t the primary input):
 * <pre>
 *   relu(t)         = (t + |t|)/2
 *   leaky_relu(t;α) = ((1+α)·t + (1−α)·|t|)/2
 *   abs(t)          = |t|
 *   max(a, b)       = (a + b + |a − b|)/2          min(a, b) = (a + b − |a − b|)/2
 *   clamp(t, lo, hi)= (lo + hi + |t − lo| − |t − hi|)/2     (hardtanh: lo, hi = −1, 1; relu6: 0, 6)
 *   hardsigmoid(t)  = clamp(t/6 + ½, 0, 1) = ½ + (|t + 3| − |t − 3|)/12
 *   hardswish(t)    = t·relu6(t + 3)/6     (abs-smooth, not piecewise linear: t times |·| terms)
 *   reducing max/min: a left fold of binary max/min over the reduced elements
 * </pre>
 * The switching variables are the families' own (t − kink point, a − b), so a kink hit of the
 * trace is exactly an active switching variable. sign, floor and round are locally constant off
 * their jumps and not continuous on them (then: not abs-smooth, with the reason).
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
        Affine[] r = new Affine[x.length];
        for (int i = 0; i < r.length; i++) {
            Affine t = x[i];
            double yi = y.get(i);
            if (t.isConstant()) {
                r[i] = Affine.constant(yi);
                continue;
            }
            switch (f) {
                case RELU:
                    r[i] = Affine.combine(yi, new double[] {0.5, 0.5}, t, abs(t, s, i, "x", f, f.kinks().get(0)));
                    break;
                case LEAKY_RELU: {
                    double alpha = p.length > 0 ? p[0] : 0.01;
                    Affine a = abs(t, s, i, "x", f, f.kinks(alpha).get(0));
                    r[i] = Affine.combine(yi, new double[] {(1 + alpha) / 2, (1 - alpha) / 2}, t, a);
                    break;
                }
                case ABS:
                    r[i] = abs(t, s, i, "x", f, f.kinks().get(0));
                    break;
                case CLAMP: r[i] = clampLike(s, i, t, yi, 1, p[0], p[1], f, f.kinks(p[0], p[1])); break;
                case HARDTANH: r[i] = clampLike(s, i, t, yi, 1, -1, 1, f, f.kinks()); break;
                case RELU6: r[i] = clampLike(s, i, t, yi, 1, 0, 6, f, f.kinks()); break;
                case HARDSIGMOID: r[i] = clampLike(s, i, t, yi, 1.0 / 6, -3, 3, f, f.kinks()); break;
                case HARDSWISH: {
                    double t0 = t.value();
                    double r0 = Math.min(Math.max(t0 + 3, 0), 6);
                    Affine relu6 = clampLike(s, i, t, r0, 1, -3, 3, f, f.kinks());
                    b.nonlinear(t);
                    r[i] = Affine.combine(yi, new double[] {r0 / 6, t0 / 6}, t, relu6);
                    break;
                }
                default: // SIGN, FLOOR, ROUND: locally constant, or a jump
                    if (UnaryPiecewise.kinkAt(f, t.value(), p) != null) {
                        b.reason(f.id() + " at " + t.value() + " (node " + s.id() + "): on a jump,"
                                + " discontinuous, so not abs-smooth there");
                    }
                    r[i] = Affine.constant(yi);
            }
        }
        return r;
    }

    /**
     * A primitive that is constant below {@code lo}, has slope k between, and is constant above
     * {@code hi} (all on t): {@code ẙ + (k/2)·(|t − lo| − |t − hi|)} in deviations.
     */
    private Affine clampLike(Step s, int i, Affine t, double y0, double k, double lo, double hi,
                             Family f, List<Kink> kinks) {
        if (lo == hi) {
            return Affine.constant(y0);
        }
        Affine zl = abs(t.minus(lo), s, i, "x - " + num(lo), f, kinks.get(0));
        Affine zh = abs(t.minus(hi), s, i, "x - " + num(hi), f, kinks.get(1));
        return Affine.combine(y0, new double[] {k / 2, -k / 2}, zl, zh);
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
