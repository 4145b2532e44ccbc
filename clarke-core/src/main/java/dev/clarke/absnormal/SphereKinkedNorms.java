package dev.clarke.absnormal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Three to {@link SphereNorms#MAX_INPUTS} inputs, norms at 0 of full column rank inside (and beside)
 * at most {@link PlaneKinkedNorms#KINKS} exact kinks: the support function of the Clarke gradient bracketed by branch
 * and bound over the sphere of directions, for {@link CuttingPlanes}, where {@link NormsInKinks}' inner
 * hull and outer bound leave a value undecided ({@link PlaneKinkedNorms} on the sphere).
 *
 * <p><b>Patterns.</b> With the active kinks' signs forced to a pattern σ the abs-normal recursion is
 * linear in the norms' |z| = ν_j = ‖T_j·d‖, so the model's gradient along a unit direction d is
 * G_σ(d) = P_σ + Σ_j W_σj·T_jᵀu_j(d), u_j = T_j·d/ν_j, W_σj the output's total weight of ν_j under σ
 * ({@link NormsInKinks#totalWeight}) and P_σ the gradient with every ν_j held at 0. Where every active
 * kink's argument z_i(d) is non-zero, d lies inside one (curved) cell, σ = sign z(d), and G_σ(d) is a
 * limiting gradient of f (item 2 of "Norms inside kinks' arguments"); the Clarke gradient is the closed
 * hull of these, so h(v) = sup over such d of v·G_σ(d).
 *
 * <p><b>A kink's sign on a patch.</b> A patch is a box of {@link SphereBounds} on a face of the cube,
 * its directions within the angle R of its centre c, so ‖d − c‖ ≤ 2·sin(θ/2) ≤ R. Each argument is
 * Lipschitz in d ∈ ℝⁿ with a constant Λ_i: ‖Z_i‖ + Σ_{j&lt;i} |L_ij|·Λ_j, a norm's Λ_j being
 * σ_max(T_j) (|‖T_j·d‖ − ‖T_j·c‖| ≤ ‖T_j·(d − c)‖) and |z_j| being as Lipschitz as z_j. So
 * |z_i(d) − z_i(c)| ≤ Λ_i·R on the patch: when |z_i(c)| &gt; Λ_i·R the kink keeps the sign of z_i(c)
 * on the whole patch; otherwise both signs are allowed there. Λ_i and R are rounded up by 1 + 10⁻⁹ and
 * 10⁻¹²·Λ_i is added to the comparison for the rounding of z_i(c).
 *
 * <p><b>Bounds.</b> For each pattern σ allowed on the patch, {@link SphereBounds} bounds v·G_σ over the
 * whole patch (the model P_σ + Σ_j W_σj·‖T_j·d‖, no kinks): every direction of the patch inside a cell
 * has that cell's pattern among the allowed ones, so the largest of these bounds v·G there, and the
 * patch's upper bound is their maximum (capped by its parent's). Its lower bound is v·G at its centre
 * when every argument there exceeds 10⁻⁹ (and 10⁻¹²·Λ_i) in size, computed with the real signs: an
 * element of the Clarke gradient. The branch and bound then runs as {@link SphereNorms}' does, and
 * better points come sooner from climbing inside cells ({@link #climb}); the climb bounds nothing.
 */
final class SphereKinkedNorms {

    /** Patches evaluated for one value of the support function. */
    static final int PATCHES = 100_000;
    /** Patches evaluated for one decision, over all its cutting planes. */
    static final int WORK = 1_000_000;

    private final AbsNormalForm f;
    private final Map<Integer, EuclideanNorm> norms;
    private final int n;
    private final int[] kinks;           // the active kinks (not norms)
    private final double[] lip;          // per switching variable: Λ_i, rounded up
    private final List<double[][]> ts;   // the norms' Jacobians, in the order of index
    private final int[] index;           // the norms' switching indices
    private final double[][] weights;    // per pattern, W_σj in that order
    private final double[][] pieces;     // per pattern, P_σ
    private final SphereBounds[] bounds; // per pattern: the bounds of P_σ + Σ_j W_σj·‖T_j·d‖
    private final double[] ad;
    private final double slack;
    private long spent;
    private int calls;

    private SphereKinkedNorms(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] ad, double tol,
                              double[][] sv) {
        this.f = f;
        this.norms = norms;
        this.n = f.n();
        this.ad = ad;
        this.slack = n * tol;
        List<Integer> k = new ArrayList<>();
        for (int i : f.active()) {
            if (!norms.containsKey(i)) {
                k.add(i);
            }
        }
        this.kinks = k.stream().mapToInt(Integer::intValue).toArray();
        this.index = norms.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.ts = new ArrayList<>();
        this.lip = new double[f.s()];
        for (int i = 0; i < f.s(); i++) {
            EuclideanNorm e = norms.get(i);
            if (e != null) {
                ts.add(e.jacobian());
                lip[i] = sv[0][ts.size() - 1];
                continue;
            }
            double l = Math.sqrt(Vectors.dot(f.Z()[i], f.Z()[i]));
            for (int j = 0; j < i; j++) {
                l += Math.abs(f.L()[i][j]) * lip[j];
            }
            lip[i] = l * (1 + 1e-9);
        }
        int patterns = 1 << kinks.length;
        this.weights = new double[patterns][index.length];
        this.pieces = new double[patterns][];
        this.bounds = new SphereBounds[patterns];
        for (int bits = 0; bits < patterns; bits++) {
            double[] sigma = f.signature();
            for (int q = 0; q < kinks.length; q++) {
                sigma[kinks[q]] = ((bits >> q) & 1) == 0 ? 1 : -1;
            }
            for (int j = 0; j < index.length; j++) {
                weights[bits][j] = NormsInKinks.totalWeight(f, norms, sigma, index[j]);
                sigma[index[j]] = 0;   // then P_σ: the gradient with every ν_j held at 0
            }
            pieces[bits] = f.gradient(sigma)[0];
            Arrangement flat = new Arrangement(false, pieces[bits], List.of(), List.of(), List.of(), List.of(),
                    List.of());
            bounds[bits] = new SphereBounds(flat, ts, weights[bits], sv[0], sv[1]);
        }
    }

    /**
     * Decides {@code ad} against the Clarke gradient: 3 to {@link SphereNorms#MAX_INPUTS} inputs, every
     * norm exact and of full column rank, at most {@link PlaneKinkedNorms#KINKS} active kinks, every one exact (the
     * caller checks); undecided for a norm conditioned worse than {@link SphereNorms#MAX_CONDITION}, when
     * G_σ is not P_σ + Σ_j W_σj·T_jᵀu_j to 10⁻⁹ (a check of the form), or past the work budget.
     */
    static CuttingPlanes.Answer decide(AbsNormalForm f, Map<Integer, EuclideanNorm> norms, double[] ad, double tol) {
        int n = f.n();
        int[] index = norms.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[][] sv = new double[2][index.length];
        for (int j = 0; j < index.length; j++) {
            double[] s = new SingularValueDecomposition(MatrixUtils.createRealMatrix(norms.get(index[j]).jacobian()))
                    .getSingularValues();
            if (!(s[0] <= SphereNorms.MAX_CONDITION * s[n - 1])) {
                return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, 0);
            }
            sv[0][j] = s[0] * (1 + 1e-9);
            sv[1][j] = s[n - 1] * (1 - 1e-9);
        }
        SphereKinkedNorms p = new SphereKinkedNorms(f, norms, ad, tol, sv);
        if (!p.consistent()) {
            return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, 0);
        }
        try {
            return CuttingPlanes.decide(p::support, ad, tol);
        } catch (SphereClimb.Spent e) {
            return new CuttingPlanes.Answer(PlaneSupport.Side.UNDECIDED, p.calls);
        }
    }

    /** Whether forward mode with forced signs gives P_σ + Σ_j W_σj·T_jᵀu_j along a few directions (to 10⁻⁹). */
    private boolean consistent() {
        java.util.Random r = new java.util.Random(5);
        for (int bits = 0; bits < bounds.length; bits++) {
            for (int t = 0; t < 3; t++) {
                double[] d = new double[n];
                for (int c = 0; c < n; c++) {
                    d[c] = r.nextGaussian();
                }
                double[] g = NormsInKinks.gradientAlong(f, norms, d, forced(bits), new double[f.s()]);
                double[] h = pieces[bits].clone();
                for (int j = 0; j < ts.size(); j++) {
                    Vectors.addNormGradient(h, ts.get(j), weights[bits][j], d);
                }
                double scale = 1;
                for (int c = 0; c < n; c++) {
                    scale += Math.abs(h[c]);
                }
                for (int c = 0; g != null && c < n; c++) {
                    if (!(Math.abs(g[c] - h[c]) <= 1e-9 * scale)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private double[] forced(int bits) {
        double[] forced = new double[f.s()];
        Arrays.fill(forced, Double.NaN);
        for (int q = 0; q < kinks.length; q++) {
            forced[kinks[q]] = ((bits >> q) & 1) == 0 ? 1 : -1;
        }
        return forced;
    }

    /** {{the best exact value}, its point, {an upper bound of h(v)}}. */
    private double[][] support(double[] v) {
        if (++calls > SphereNorms.CALLS) {
            throw new SphereClimb.Spent();
        }
        for (SphereBounds b : bounds) {
            b.prepare(v);
        }
        double tau = Vectors.dot(v, ad);
        PriorityQueue<double[][]> heap = new PriorityQueue<>((p, q) -> Double.compare(q[3][0], p[3][0]));
        SphereClimb best = new SphereClimb(f, norms, kinks, lip, ts, weights, v);
        for (int face = 0; face < 2 * n; face++) {
            double[] whole = new double[n - 1];
            Arrays.fill(whole, 1);
            heap.add(evaluate(face, new double[n - 1], whole, Double.POSITIVE_INFINITY, best));
            double[] start = new double[n];
            start[face / 2] = face % 2 == 0 ? 1 : -1;
            best.climb(start);
        }
        int count = 2 * n;
        int climbed = count;
        while (true) {
            if (count - climbed >= SphereNorms.CLIMB_EVERY && best.direction() != null) {
                best.climb(best.direction());
                climbed = count;
            }
            double upper = heap.isEmpty() ? best.value() : Math.max(best.value(), heap.peek()[3][0]);
            if (best.point() != null && (tau - upper > slack || upper - best.value() <= slack || best.value() > tau)) {
                return new double[][] {{best.value()}, best.point(), {upper}};
            }
            if (count >= PATCHES || heap.isEmpty()) {
                if (best.point() == null) {
                    throw new SphereClimb.Spent();
                }
                return new double[][] {{best.value()}, best.point(), {upper}};
            }
            double[][] top = heap.poll();
            int face = (int) top[0][0];
            int wide = 0;
            for (int m = 1; m < n - 1; m++) {
                wide = top[2][m] > top[2][wide] ? m : wide;
            }
            double[] half = top[2].clone();
            half[wide] /= 2;
            for (int side = -1; side <= 1; side += 2) {
                double[] centre = top[1].clone();
                centre[wide] += side * half[wide];
                double[][] child = evaluate(face, centre, half, top[3][0], best);
                if (child[3][0] > best.value()) {
                    heap.add(child);
                }
                count++;
                if (++spent > WORK) {
                    throw new SphereClimb.Spent();
                }
            }
        }
    }

    /**
     * A patch {{face}, centre, half-sides, {upper bound}}: the largest of the allowed patterns' bounds,
     * capped by {@code cap}; when its centre is strictly inside a cell, G there is offered to {@code best}.
     */
    private double[][] evaluate(int face, double[] centre, double[] half, double cap, SphereClimb best) {
        double[] p = SphereBounds.onFace(face, centre, n);
        double length = Math.sqrt(Vectors.dot(p, p));
        double[] d = Vectors.scaled(p, 1 / length);
        double radius = Math.asin(Math.min(1, Math.sqrt(Vectors.dot(half, half)) / length)) * (1 + 1e-9);
        double[] dz = new double[f.s()];
        NormsInKinks.gradientAlong(f, norms, d, null, dz);
        int must = 0;      // kinks whose sign is fixed on the patch
        int negative = 0;  // and which of them are negative
        for (int q = 0; q < kinks.length; q++) {
            double z = dz[kinks[q]];
            double reach = lip[kinks[q]] * radius * (1 + 1e-9) + 1e-12 * lip[kinks[q]];
            if (Math.abs(z) > reach) {
                must |= 1 << q;
                negative |= z < 0 ? 1 << q : 0;
            }
        }
        double upper = Double.NEGATIVE_INFINITY;
        for (int bits = 0; bits < bounds.length; bits++) {
            if ((bits & must) == negative) {
                upper = Math.max(upper, bounds[bits].upper(face, centre, half));
            }
        }
        best.offer(d);
        return new double[][] {{face}, centre, half, {Math.min(cap, upper)}};
    }
}
