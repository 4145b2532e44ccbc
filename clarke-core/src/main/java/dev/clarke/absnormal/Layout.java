package dev.clarke.absnormal;

import dev.clarke.ad.Attr;
import dev.clarke.ad.ElementSources;
import dev.clarke.ad.Step;
import dev.clarke.ad.Var;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations that move, sum, multiply or select elements, over {@link Affine} models; which
 * input elements feed which output element comes from {@link ElementSources}.
 */
final class Layout {

    private Layout() {
    }

    private static Affine total(double value, List<Affine> terms) {
        double[] ones = new double[terms.size()];
        java.util.Arrays.fill(ones, 1);
        return Affine.combine(value, ones, terms.toArray(new Affine[0]));
    }

    /** Operations that only move or add elements: each output element is the sum of its sources. */
    static Affine[] gather(Step s, AnfBuilder b) {
        int[][] src = ElementSources.of(s);
        Tensor y = s.output().value();
        Affine[] r = new Affine[src.length];
        for (int o = 0; o < r.length; o++) {
            List<Affine> terms = new ArrayList<>(src[o].length / 2);
            for (int k = 0; k < src[o].length; k += 2) {
                terms.add(b.of(s.inputs().get(src[o][k]))[src[o][k + 1]]);
            }
            r[o] = terms.size() == 1 ? terms.get(0) : total(y.get(o), terms);
        }
        return r;
    }

    /** C = op(A)·op(B) of matrices, linearised: ΔC_ij = Σ_p (B̊_pj·ΔA_ip + Å_ip·ΔB_pj). */
    static Affine[] matmul(Step s, Affine[] a, Affine[] b, AnfBuilder builder) {
        Attr.Transposes t = (Attr.Transposes) s.attr();
        Shape sa = s.inputs().get(0).shape();
        Shape sb = s.inputs().get(1).shape();
        Tensor y = s.output().value();
        if (sa.rank() != 2 || sb.rank() != 2) {
            builder.reason("matmul of shapes " + sa + " and " + sb + " (node " + s.id()
                    + "): the abs-normal form supports matrices only");
            Affine[] r = new Affine[y.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = Affine.constant(y.get(i));
            }
            return r;
        }
        int m = t.a() ? sa.dim(1) : sa.dim(0);
        int k = t.a() ? sa.dim(0) : sa.dim(1);
        int n = t.b() ? sb.dim(0) : sb.dim(1);
        Affine[] r = new Affine[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                Affine[] terms = new Affine[2 * k];
                double[] coef = new double[2 * k];
                for (int p = 0; p < k; p++) {
                    Affine ai = t.a() ? a[p * sa.dim(1) + i] : a[i * sa.dim(1) + p];
                    Affine bj = t.b() ? b[j * sb.dim(1) + p] : b[p * sb.dim(1) + j];
                    terms[2 * p] = ai;
                    coef[2 * p] = bj.value();
                    terms[2 * p + 1] = bj;
                    coef[2 * p + 1] = ai.value();
                    if (!ai.isConstant() && !bj.isConstant()) {
                        builder.nonlinear(ai, bj);
                    }
                }
                r[i * n + j] = Affine.combine(y.get(i * n + j), coef, terms);
            }
        }
        return r;
    }

    /** {@code where}: each output element is one side's, chosen by the recorded mask. */
    static Affine[] where(Step s, Affine[] a, Affine[] b) {
        Shape out = s.output().shape();
        Var va = s.inputs().get(0);
        Var vb = s.inputs().get(1);
        Tensor mask = ((Attr.Mask) s.attr()).mask();
        Affine[] r = new Affine[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = mask.get(i) != 0 ? a[ElementSources.broadcastSource(va.shape(), out, i)]
                    : b[ElementSources.broadcastSource(vb.shape(), out, i)];
        }
        return r;
    }
}
