package dev.clarke.pap;

import static dev.clarke.pap.Analytic.arg;
import static dev.clarke.pap.Analytic.c;

import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.UnaryPiecewise;
import java.util.ArrayList;
import java.util.List;

/**
 * The PAP representations of the built-in piecewise primitives under a kink policy: the open
 * intervals (or half-spaces) between kinks with their analytic branches, and a lower-dimensional
 * piece at each kink or tie whose branch is {@code f(k) + D·(x − k)}, D being the policy's
 * derivative there. This is data written independently of the slope kernels AD uses; tests check
 * that the two agree for every primitive and policy.
 */
public final class Declarations {

    private Declarations() {
    }

    /** A one-input piecewise primitive (every family but max/min and the reductions). */
    public static PapRepresentation unary(Family f, double[] params, KinkPolicy policy) {
        if (f == Family.FLOOR || f == Family.ROUND) {
            return periodic(f, policy);
        }
        List<Kink> kinks = f.kinks(params);
        List<Analytic> between = intervalBranches(f, params);
        Analytic x = arg(0);
        List<Piece> pieces = new ArrayList<>();
        for (int j = 0; j < between.size(); j++) {
            List<Analytic> pos = new ArrayList<>();
            String lo = "-inf";
            String hi = "inf";
            if (j > 0) {
                double k = kinks.get(j - 1).point();
                pos.add(x.minus(c(k)));
                lo = num(k);
            }
            if (j < kinks.size()) {
                double k = kinks.get(j).point();
                pos.add(c(k).minus(x));
                hi = num(k);
            }
            pieces.add(new Piece(lo + " < x < " + hi, new AnalyticSet(pos, List.of()), between.get(j), false));
        }
        for (Kink k : kinks) {
            double fk = UnaryPiecewise.apply(f, k.point(), params);
            Analytic branch = c(fk).plus(x.minus(c(k.point())).times(policy.derivative(f, k)));
            pieces.add(new Piece("kink x = " + num(k.point()), AnalyticSet.zero(x.minus(c(k.point()))), branch, true));
        }
        return PapRepresentation.of(1, v -> UnaryPiecewise.apply(f, v[0], params), pieces);
    }

    /** The analytic branches between consecutive kinks, from −∞ to ∞. */
    private static List<Analytic> intervalBranches(Family f, double[] p) {
        Analytic x = arg(0);
        switch (f) {
            case RELU: return List.of(c(0), x);
            case LEAKY_RELU: return List.of(x.times(p.length > 0 ? p[0] : 0.01), x);
            case ABS: return List.of(x.negate(), x);
            case SIGN: return List.of(c(-1), c(1));
            case CLAMP: return p[0] == p[1] ? List.of(c(p[0]), c(p[1])) : List.of(c(p[0]), x, c(p[1]));
            case HARDTANH: return List.of(c(-1), x, c(1));
            case RELU6: return List.of(c(0), x, c(6));
            case HARDSIGMOID: return List.of(c(0), x.times(1.0 / 6).plus(c(0.5)), c(1));
            case HARDSWISH: return List.of(c(0), x.times(x.plus(c(3))).times(1.0 / 6), x);
            default: throw new IllegalArgumentException(f.id() + " has no one-input declaration");
        }
    }

    /** floor and round: constant on each open interval, a kink piece at each jump. */
    private static PapRepresentation periodic(Family f, KinkPolicy policy) {
        boolean round = f == Family.ROUND;
        Kink kink = f.kinks().get(0);
        double d = policy.derivative(f, kink);
        return new PapRepresentation() {
            @Override
            public int arity() {
                return 1;
            }

            @Override
            public double value(double[] x) {
                return round ? Math.rint(x[0]) : Math.floor(x[0]);
            }

            @Override
            public List<Piece> piecesNear(double[] v) {
                // Each constraint compares x with one representable bound (the sign of a difference
                // of two doubles is always exact). Beyond 2^52 every double is an integer, bounds
                // k ± ½ and k + 1 may not be representable, and only the pieces at k = x matter.
                Analytic x = arg(0);
                boolean huge = !(Math.abs(v[0]) < 0x1p52);
                double base = huge ? v[0] : Math.floor(v[0]);
                List<Piece> out = new ArrayList<>();
                if (huge) {
                    Analytic off = x.minus(c(base));
                    if (round) {
                        out.add(new Piece(num(base) + " - 1/2 < x < " + num(base) + " + 1/2",
                                new AnalyticSet(List.of(off.plus(c(0.5)), c(0.5).minus(off)), List.of()), c(base), false));
                    } else {
                        out.add(new Piece("kink x = " + num(base), AnalyticSet.zero(off), c(base).plus(off.times(d)), true));
                    }
                    return out;
                }
                for (double k = base - 1; k <= base + 1; k++) {
                    double lo = round ? k - 0.5 : k;
                    double hi = round ? k + 0.5 : k + 1;
                    out.add(new Piece(num(lo) + " < x < " + num(hi),
                            new AnalyticSet(List.of(x.minus(c(lo)), c(hi).minus(x)), List.of()), c(k), false));
                    double jumpValue = round ? Math.rint(lo) : lo;
                    out.add(new Piece("kink x = " + num(lo), AnalyticSet.zero(x.minus(c(lo))),
                            c(jumpValue).plus(x.minus(c(lo)).times(d)), true));
                }
                return out;
            }
        };
    }

    /** Binary max or min: two half-planes and the tie line a = b, where the partials are (D, 1 − D). */
    public static PapRepresentation binary(Family f, KinkPolicy policy) {
        if (f != Family.MAX && f != Family.MIN) {
            throw new IllegalArgumentException(f.id() + " is not a binary piecewise primitive");
        }
        boolean max = f == Family.MAX;
        Analytic a = arg(0);
        Analytic b = arg(1);
        double d = policy.derivative(f, f.kinks().get(0));
        List<Piece> pieces = List.of(
                new Piece("a > b", AnalyticSet.positive(a.minus(b)), max ? a : b, false),
                new Piece("a < b", AnalyticSet.positive(b.minus(a)), max ? b : a, false),
                new Piece("tie a = b", AnalyticSet.zero(a.minus(b)), a.times(d).plus(b.times(1 - d)), true));
        return PapRepresentation.of(2, v -> max ? Math.max(v[0], v[1]) : Math.min(v[0], v[1]), pieces);
    }

    /**
     * Reducing max or min over {@code n} elements: one piece per non-empty set T of tied extremal
     * elements (x_t equal on T, strictly beyond every other element), with branch Σ w_i x_i, the
     * weights of {@link dev.clarke.ops.TieWeights} for λ from the policy (kink index 0 for a full
     * reduction, 1 along an axis).
     */
    public static PapRepresentation reduction(Family f, int n, boolean alongAxis, KinkPolicy policy) {
        boolean max = f == Family.REDUCE_MAX;
        double lambda = policy.lambda(f, alongAxis ? 1 : 0);
        return new PapRepresentation() {
            @Override
            public int arity() {
                return n;
            }

            @Override
            public double value(double[] x) {
                double best = x[0];
                for (double v : x) {
                    best = max ? Math.max(best, v) : Math.min(best, v);
                }
                return best;
            }

            @Override
            public List<Piece> piecesNear(double[] x) {
                List<Piece> out = new ArrayList<>();
                if (n <= 8) {
                    for (int mask = 1; mask < (1 << n); mask++) {
                        out.add(piece(mask));
                    }
                } else {
                    double best = value(x);
                    List<Integer> tied = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (x[i] == best) {
                            tied.add(i);
                        }
                    }
                    out.add(piece(tied));
                }
                return out;
            }

            private Piece piece(int mask) {
                List<Integer> tied = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        tied.add(i);
                    }
                }
                return piece(tied);
            }

            private Piece piece(List<Integer> tied) {
                int first = tied.get(0);
                int last = tied.get(tied.size() - 1);
                List<Analytic> pos = new ArrayList<>();
                List<Analytic> nonPos = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!tied.contains(i)) {
                        pos.add(max ? arg(first).minus(arg(i)) : arg(i).minus(arg(first)));
                    }
                }
                for (int t = 1; t < tied.size(); t++) {
                    Analytic diff = arg(tied.get(t - 1)).minus(arg(tied.get(t)));
                    nonPos.add(diff);
                    nonPos.add(diff.negate());
                }
                int k = tied.size();
                Analytic branch = null;
                for (int i : tied) {
                    double w = k == 1 ? 1 : 2 * Math.min(lambda, 1 - lambda) / k
                            + (i == first ? Math.max(1 - 2 * lambda, 0) : 0)
                            + (i == last ? Math.max(2 * lambda - 1, 0) : 0);
                    Analytic term = arg(i).times(w);
                    branch = branch == null ? term : branch.plus(term);
                }
                return new Piece(k == 1 ? "extreme at " + first : "tie at " + tied,
                        new AnalyticSet(pos, nonPos), branch, k > 1);
            }
        };
    }

    /** An analytic primitive: one piece, the whole domain. */
    public static PapRepresentation analytic(int arity, Analytic branch) {
        return PapRepresentation.of(arity, branch::eval,
                List.of(new Piece("analytic", AnalyticSet.ALL, branch, false)));
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
