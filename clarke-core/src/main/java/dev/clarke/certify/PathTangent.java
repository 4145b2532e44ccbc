package dev.clarke.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The derivative of one scalar of a forward pass with respect to the parameters of one block of the
 * nearest layer with parameters below it, P, when the path from P is linear (no genuine kink on it):
 * a vector on the block's coordinates — its weights in weight order, then its bias when P has one
 * (a convolution's output channel: its weights and bias; a linear layer's neuron: its column and
 * bias; a batch normalisation's channel, whose derivative in all four parameters is determined by
 * its input x, which serves as the one coefficient). The vector is kept as a sum of terms
 * scale·(coef, 1): one term when the path runs through activations and max pools (coef the block's
 * input, the patch; scale the product of the slopes), one per position of the window through an
 * average pool (each scaled by 1/count). Its exact value, in rationals, is computed once when asked.
 * {@link #ZERO} for a scalar that does not depend on P at all.
 */
final class PathTangent {

    /**
     * One term scale·(coef, 1) (the 1 only when the block has a bias).
     *
     * @param scale the product of the slopes (and averaging factors) on the path, exactly
     * @param coef  the block's input values, in weight order
     */
    record Term(Rational scale, double[] coef) {
    }

    /** The zero derivative. */
    static final PathTangent ZERO = new PathTangent(-1, -1, List.of(), false);

    private final int layer;
    private final int block;
    private final List<Term> terms;
    private final boolean bias;
    private Rational[] exact;

    private PathTangent(int layer, int block, List<Term> terms, boolean bias) {
        this.layer = layer;
        this.block = block;
        this.terms = terms;
        this.bias = bias;
    }

    /**
     * The derivative of block {@code block}'s output: the block's input as the coefficients.
     *
     * @param layer the index of P
     * @param block the block of P
     * @param coef  the block's input, in weight order
     * @param bias  whether the block has a bias coordinate
     */
    static PathTangent of(int layer, int block, double[] coef, boolean bias) {
        return new PathTangent(layer, block, List.of(new Term(Rational.ONE, coef)), bias);
    }

    /**
     * The sum of tangents (an average's window), or null when two non-zero ones lie on different
     * blocks or layers: then the sum is not a vector on one block.
     */
    static PathTangent sum(List<PathTangent> parts, Rational factor) {
        PathTangent first = null;
        List<Term> terms = new ArrayList<>();
        for (PathTangent t : parts) {
            if (t.terms.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = t;
            } else if (t.layer != first.layer || t.block != first.block || t.bias != first.bias) {
                return null;
            }
            for (Term x : t.terms) {
                terms.add(new Term(x.scale.mul(factor), x.coef));
            }
        }
        PathTangent s = first == null ? ZERO : new PathTangent(first.layer, first.block, List.copyOf(terms), first.bias);
        return s.isZero() ? ZERO : s;
    }

    /** {@return the index of P (−1 for {@link #ZERO})} */
    int layer() {
        return layer;
    }

    /** {@return the block of P} */
    int block() {
        return block;
    }

    /** {@return whether the block has a bias coordinate (the last)} */
    boolean bias() {
        return bias;
    }

    /** {@return the number of coordinates: the weights, and the bias when there is one} */
    int dim() {
        return terms.isEmpty() ? 0 : terms.get(0).coef.length + (bias ? 1 : 0);
    }

    /** {@return whether this is the zero vector} */
    boolean isZero() {
        if (terms.size() == 1 && exact == null) {   // the usual case, without rationals
            Term t = terms.get(0);
            if (t.scale.isZero()) {
                return true;
            }
            if (bias) {
                return false;
            }
            for (double c : t.coef) {
                if (c != 0) {
                    return false;
                }
            }
            return true;
        }
        return RationalVectors.isZero(exact());
    }

    /** {@return the vector on the block's coordinates, exactly (do not modify)} */
    Rational[] exact() {
        if (exact == null) {
            Rational[] v = RationalVectors.zeros(dim());
            for (Term t : terms) {
                for (int k = 0; k < t.coef.length; k++) {
                    if (t.coef[k] != 0) {
                        v[k] = v[k].add(t.scale.mul(Rational.of(t.coef[k])));
                    }
                }
                if (bias) {
                    v[v.length - 1] = v[v.length - 1].add(t.scale);
                }
            }
            exact = v;
        }
        return exact;
    }

    /** {@return the bias coordinate exactly (0 without a bias)} */
    Rational biasCoefficient() {
        return bias && !terms.isEmpty() ? exact()[dim() - 1] : Rational.ZERO;
    }

    /**
     * {@return the one term when the tangent is scale·(coef, 1) with a bias coordinate, else null:
     * the shape fast double arithmetic may use}
     */
    Term single() {
        return terms.size() == 1 && bias ? terms.get(0) : null;
    }

    /**
     * This tangent times s.
     *
     * @param s a slope
     * @return the scaled tangent
     */
    PathTangent scaled(double s) {
        if (s == 0 || terms.isEmpty()) {
            return ZERO;
        }
        if (s == 1) {
            return this;
        }
        Rational r = Rational.of(s);
        List<Term> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            out.add(new Term(t.scale.mul(r), t.coef));
        }
        return new PathTangent(layer, block, out, bias);
    }

    /**
     * The factor c with this = c·u, where u is the vector scaled so that its first non-zero
     * coordinate is 1: parallel tangents share u, and |⟨this, d⟩| = |c|·|⟨u, d⟩|.
     */
    Rational leading() {
        for (Rational x : exact()) {
            if (!x.isZero()) {
                return x;
            }
        }
        return Rational.ZERO;
    }

    /** Whether both are non-zero multiples of one vector of one block. */
    boolean parallel(PathTangent o) {
        if (isZero() || o.isZero() || layer != o.layer || block != o.block || bias != o.bias || dim() != o.dim()) {
            return false;
        }
        Rational[] a = exact();
        Rational[] b = o.exact();
        Rational ra = leading();
        Rational rb = o.leading();
        for (int k = 0; k < a.length; k++) {
            if (!a[k].mul(rb).equals(b[k].mul(ra))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two are the same vector. */
    boolean same(PathTangent o) {
        if (isZero()) {
            return o.isZero();
        }
        return !o.isZero() && layer == o.layer && block == o.block && bias == o.bias && Arrays.equals(exact(), o.exact());
    }

    @Override
    public String toString() {
        return isZero() ? "0" : "layer " + layer + " block " + block + " " + Arrays.toString(exact());
    }
}
