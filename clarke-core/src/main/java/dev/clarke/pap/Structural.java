package dev.clarke.pap;

import static dev.clarke.pap.Analytic.c;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** The symbolic replay of operations that move, sum, multiply or select elements. */
final class Structural {

    private Structural() {
    }

    /** Operations that only move or add elements: each output element is the sum of its sources. */
    static Analytic[] gather(Step s, SymbolicReplay replay) {
        int[][] src = ElementSources.of(s);
        Analytic[] r = new Analytic[src.length];
        for (int o = 0; o < r.length; o++) {
            List<Analytic> terms = new ArrayList<>(src[o].length / 2);
            for (int k = 0; k < src[o].length; k += 2) {
                terms.add(replay.of(s.inputs().get(src[o][k]))[src[o][k + 1]]);
            }
            r[o] = total(terms);
        }
        return r;
    }

    private static Analytic total(List<Analytic> terms) {
        Analytic acc = null;
        for (Analytic t : terms) {
            acc = acc == null ? t : acc.plus(t);
        }
        return acc == null ? c(0) : acc;
    }

    static Analytic[] matmul(Step s, Analytic[] a, Analytic[] b) {
        Attr.Transposes t = (Attr.Transposes) s.attr();
        Shape sa = s.inputs().get(0).shape();
        Shape sb = s.inputs().get(1).shape();
        if (sa.rank() != 2 || sb.rank() != 2) {
            throw new UnsupportedOperationException("the induced representation supports matmul of matrices only, got "
                    + sa + " and " + sb);
        }
        int m = t.a() ? sa.dim(1) : sa.dim(0);
        int k = t.a() ? sa.dim(0) : sa.dim(1);
        int n = t.b() ? sb.dim(0) : sb.dim(1);
        Analytic[] r = new Analytic[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                List<Analytic> terms = new ArrayList<>(k);
                for (int p = 0; p < k; p++) {
                    Analytic ai = t.a() ? a[p * sa.dim(1) + i] : a[i * sa.dim(1) + p];
                    Analytic bj = t.b() ? b[j * sb.dim(1) + p] : b[p * sb.dim(1) + j];
                    terms.add(ai.times(bj));
                }
                r[i * n + j] = total(terms);
            }
        }
        return r;
    }

    static Analytic[] where(Step s, Analytic[] a, Analytic[] b, SymbolicReplay replay) {
        Shape out = s.output().shape();
        Var va = s.inputs().get(0);
        Var vb = s.inputs().get(1);
        Attr.Mask attr = (Attr.Mask) s.attr();
        var mask = attr.mask();
        Step test = attr.compareNode() >= 0 ? replay.step(attr.compareNode()) : null;
        Analytic[] r = new Analytic[out.size()];
        for (int i = 0; i < r.length; i++) {
            boolean first = mask.get(i) != 0;
            r[i] = first ? a[ElementSources.broadcastSource(va.shape(), out, i)]
                    : b[ElementSources.broadcastSource(vb.shape(), out, i)];
            if (test == null) {
                replay.addChoice(new PieceChoice(s.id(), "where", i, first ? "first (mask given as data)"
                        : "second (mask given as data)", false, new double[] {mask.get(i)}));
                continue;
            }
            Shape ms = test.output().shape();
            int mi = ElementSources.broadcastSource(ms, out, i);
            Var ta = test.inputs().get(0);
            Var tb = test.inputs().get(1);
            int ai = ElementSources.broadcastSource(ta.shape(), ms, mi);
            int bi = ElementSources.broadcastSource(tb.shape(), ms, mi);
            var op = ((Attr.Test) test.attr()).op();
            replay.addConstraint(InducedRepresentation.testSet(op, first, replay.of(ta)[ai], replay.of(tb)[bi]));
            double lhs = ta.value().get(ai);
            double rhs = tb.value().get(bi);
            replay.addChoice(new PieceChoice(s.id(), "where", i, (first ? "first: lhs " + op.symbol() : "second: not lhs "
                    + op.symbol()) + " rhs", lhs == rhs, new double[] {lhs, rhs}));
        }
        return r;
    }

    static Analytic[] reduce(Step s, Family f, KinkPolicy policy, SymbolicReplay replay) {
        Attr.Axis a = (Attr.Axis) s.attr();
        Var x = s.inputs().get(0);
        Analytic[] e = replay.of(x);
        Shape in = x.shape();
        Shape out = s.output().shape();
        Analytic[] r = new Analytic[out.size()];
        for (int o = 0; o < r.length; o++) {
            int[] idx;
            if (a.axis() == null) {
                idx = new int[in.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = i;
                }
            } else {
                idx = ElementSources.reduced(in, a.axis(), o);
            }
            double[] v = new double[idx.length];
            List<Analytic> args = new ArrayList<>(idx.length);
            for (int j = 0; j < idx.length; j++) {
                v[j] = x.value().get(idx[j]);
                args.add(e[idx[j]]);
            }
            PapRepresentation rep = Declarations.reduction(f, idx.length, a.axis() != null, policy);
            r[o] = replay.apply(s, o, rep, v, args);
        }
        return r;
    }
}
