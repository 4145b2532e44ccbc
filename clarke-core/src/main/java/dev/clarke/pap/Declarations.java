package dev.clarke.pap;

import static dev.clarke.pap.Analytic.arg;
import static dev.clarke.pap.Analytic.c;

import dev.clarke.ops.Family;
import dev.clarke.ops.Kink;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.PiecewiseFunction;
import dev.clarke.ops.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * The PAP representations of the built-in piecewise primitives under a kink policy: the open
 * intervals (or half-spaces) between kinks with their analytic branches, and a lower-dimensional
 * piece at each kink or tie whose branch is {@code f(k) + D·(x − k)}, D being the policy's
 * derivative there. The one-input families are read off their rows, as AD's kernels are; tests
 * check the two against each other and against the hand-written tables of docs/primitives.md.
 */
public final class Declarations {

    private Declarations() {
    }

    /**
     * A one-input piecewise primitive (every family but max/min and the reductions), from its row:
     * an open interval between consecutive breakpoints per piece, and a lower-dimensional piece at
     * each breakpoint.
     *
     * @param f a one-input piecewise family (not max/min or a reduction)
     * @param params the family's parameters (missing trailing ones take the defaults)
     * @param policy the kink policy, which gives the branch on each breakpoint piece
     * @return the primitive's PAP representation, of arity 1
     */
    public static PapRepresentation unary(Family f, double[] params, KinkPolicy policy) {
        if (f == Family.FLOOR || f == Family.ROUND) {
            return periodic(f, policy);
        }
        PiecewiseFunction pf = f.at(params);
        double[] p = pf.params();
        double[] points = java.util.Arrays.stream(pf.breakpoints()).distinct().toArray();
        Analytic x = arg(0);
        List<Piece> pieces = new ArrayList<>();
        for (int j = 0; j <= points.length; j++) {
            List<Analytic> pos = new ArrayList<>();
            String lo = "-inf";
            String hi = "inf";
            if (j > 0) {
                pos.add(x.minus(c(points[j - 1])));
                lo = num(points[j - 1]);
            }
            if (j < points.length) {
                pos.add(c(points[j]).minus(x));
                hi = num(points[j]);
            }
            double inside = points.length == 0 ? 0 : j == 0 ? points[0] - 1 : j == points.length ? points[j - 1] + 1
                    : (points[j - 1] + points[j]) / 2;
            pieces.add(new Piece(lo + " < x < " + hi, new AnalyticSet(pos, List.of()), branch(pf.piece(inside), p),
                    false));
        }
        for (double k : points) {
            Analytic branch = c(pf.value(k)).plus(x.minus(c(k)).times(pf.slope(k, f, policy)));
            pieces.add(new Piece("kink x = " + num(k), AnalyticSet.zero(x.minus(c(k))), branch, true));
        }
        return PapRepresentation.of(1, v -> pf.value(v[0]), pieces);
    }

    /** A row's analytic piece as an expression in x. */
    private static Analytic branch(Segment s, double[] p) {
        Analytic x = arg(0);
        if (s instanceof Segment.Constant k) {
            return c(k.c().at(p));
        }
        if (s instanceof Segment.Linear l) {
            double k = l.s().at(p) / l.d();
            double b = l.b().at(p);
            Analytic kx = k == 0 ? c(0) : k == 1 ? x : k == -1 ? x.negate() : x.times(k);
            return b == 0 ? kx : kx.plus(c(b));
        }
        if (s instanceof Segment.Quadratic q) {
            return x.times(x.plus(c(q.shift()))).times(1.0 / q.d());
        }
        Segment.Expm1 e = (Segment.Expm1) s;
        return Analytic.call(Fn.EXP, x).minus(c(1)).times(e.a().at(p));
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

    /**
     * Binary max or min: two half-planes and the tie line a = b, where the partials are (D, 1 − D).
     *
     * @param f {@link Family#MAX} or {@link Family#MIN}
     * @param policy the kink policy, which gives D on the tie line
     * @return the representation, of arity 2
     */
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
     *
     * @param f {@link Family#REDUCE_MAX} or {@link Family#REDUCE_MIN}
     * @param n the number of elements reduced, ≥ 1 (the arity)
     * @param alongAxis whether the reduction runs along an axis (kink index 1) or over all elements
     *     (index 0)
     * @param policy the kink policy, which gives λ for the tie weights
     * @return the representation, with 2ⁿ − 1 pieces
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

    /**
     * An analytic primitive: one piece, the whole domain.
     *
     * @param arity the number of arguments
     * @param branch the function itself, analytic on its open domain
     * @return a representation with the single piece ℝ^arity
     */
    public static PapRepresentation analytic(int arity, Analytic branch) {
        return PapRepresentation.of(arity, branch::eval,
                List.of(new Piece("analytic", AnalyticSet.ALL, branch, false)));
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
