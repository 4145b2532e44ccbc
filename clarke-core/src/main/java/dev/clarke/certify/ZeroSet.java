package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.ops.Coef;
import dev.clarke.ops.PiecewiseRow;
import dev.clarke.ops.Segment;
import java.util.List;

/**
 * Where an activation is 0, read off its family's row: the isolated zeros (counted, possibly over)
 * and whether it vanishes on an interval, and the supremum of the zero set. The bias-free bound
 * ({@link Bound}) needs, for one neuron whose pre-activation is moved by a private coordinate
 * uniform over M, a bound on the chance that the neuron outputs 0: q/|M| for q isolated zeros; with
 * a zero interval inside (−∞, 0] and a symmetric M (M = −M), (1 + 1/|M|)/2, since negating the
 * neuron's row of weights and bias is a bijection of Ω that flips the sign of y; otherwise 1.
 *
 * @param isolated    an upper bound on the number of isolated zeros
 * @param interval    whether the activation is 0 on an interval of positive length
 * @param supremum    the largest zero (+∞ if unbounded, −∞ if there is none)
 */
record ZeroSet(int isolated, boolean interval, double supremum) {

    /** The zero set of {@code a}. */
    static ZeroSet of(Activation a) {
        if (a == null) {
            return new ZeroSet(1, false, 0); // the identity
        }
        PiecewiseRow row = a.family().row();
        double[] p = a.params().length == 0 ? row.defaults() : a.params();
        List<Coef> bs = row.breakpoints();
        int isolated = 0;
        boolean interval = false;
        double sup = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.pieces().size(); i++) {
            double lo = i == 0 ? Double.NEGATIVE_INFINITY : bs.get(i - 1).at(p);
            double hi = i == bs.size() ? Double.POSITIVE_INFINITY : bs.get(i).at(p);
            Segment s = row.pieces().get(i);
            if (s.affine() && s.slope(0, p) == 0) {
                if (s.value(0, p) == 0 && hi > lo) {
                    interval = true;
                    sup = Math.max(sup, hi);
                }
            } else if (s.affine()) {
                double root = -s.value(0, p) / s.slope(0, p);
                if (root > lo && root < hi) {
                    isolated++;
                    sup = Math.max(sup, root);
                }
            } else {
                isolated += 2; // quadratic or exponential pieces: at most two roots each, taken wherever they are
                sup = Double.POSITIVE_INFINITY;
            }
        }
        for (int j = 0; j < bs.size(); j++) {
            double b = bs.get(j).at(p);
            if (row.atBreak().get(j).value(b, p) == 0) {
                isolated++;
                sup = Math.max(sup, b);
            }
        }
        return new ZeroSet(isolated, interval, sup);
    }

    /** A bound on P(ρ(y) = 0) for a neuron moved by a private coordinate uniform over M. */
    double chance(double valueCount, boolean symmetric) {
        if (!interval) {
            return Math.min(1, isolated / valueCount);
        }
        return symmetric && supremum <= 0 ? (1 + 1 / valueCount) / 2 : 1;
    }
}
