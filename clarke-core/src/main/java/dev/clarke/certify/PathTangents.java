package dev.clarke.certify;

import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.BatchNorm;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;

/**
 * Computes {@link PathTangent}s by walking from a scalar down to the nearest layer with parameters:
 * through flatten and pass-through layers unchanged, through an activation off its kinks times its
 * slope (0 on a flat piece, and a kink whose input is constant is 0 too), through a max pool to its
 * maximal element when the maximal elements share one {@link FunctionIdentity}, through an average
 * pool as 1/count times the sum of its window's tangents. Anything else — a
 * genuine kink or tie on the path, a layer it does not know — ends the walk with a reason. A batch
 * normalisation y = γ·(x − m)/√(v + ε) + β is a layer with parameters whose block is a channel: its
 * derivative in (γ, β, m, v) is determined by the input x, which serves as the coefficient — equal
 * x, equal derivative; the bias coordinate is β's.
 */
final class PathTangents {

    private final Sequential net;
    private final PassValues values;
    private final FunctionIdentity ids;
    private String failure;

    PathTangents(Sequential net, PassValues values, FunctionIdentity ids) {
        this.net = net;
        this.values = values;
        this.ids = ids;
    }

    /** Why the last {@link #of} returned null. */
    String failure() {
        return failure;
    }

    /** The tangent of element e of sample s after layer m, or null (see {@link #failure()}). */
    PathTangent of(int m, int s, int e) {
        while (true) {
            if (m < 0) {
                return PathTangent.ZERO;
            }
            Layer layer = net.layers().get(m);
            Shape in = net.shapeAfter(m - 1);
            if (ConvGeometry.isConvolution(layer)) {
                int[] patch = ConvGeometry.convPatch(layer, in, net.shapeAfter(m), e);
                double[] coef = new double[patch.length];
                for (int k = 0; k < patch.length; k++) {
                    coef[k] = patch[k] < 0 ? 0 : values.get(m - 1, s, patch[k]);
                }
                return PathTangent.of(m, ConvGeometry.convOutChannel(layer, net.shapeAfter(m), e), coef,
                        ConvGeometry.hasBias(layer));
            }
            if (layer instanceof Linear) {
                double[] coef = new double[in.size()];
                for (int j = 0; j < coef.length; j++) {
                    coef[j] = values.get(m - 1, s, j);
                }
                return PathTangent.of(m, e, coef, true);
            }
            if (layer instanceof BatchNorm) {
                int c = e / (in.size() / ((BatchNorm) layer).channels());
                return PathTangent.of(m, c, new double[] {values.get(m - 1, s, e)}, true);
            }
            if (layer instanceof ActivationLayer) {
                return activation(m, ((ActivationLayer) layer), s, e);
            }
            if (ConvGeometry.isMaxPool(layer)) {
                e = winner(m, layer, s, e);
                if (e < 0) {
                    return null;
                }
            } else if (ConvGeometry.isAveragePool(layer)) {
                return average(m, layer, s, e);
            } else if (!(layer instanceof Flatten) && !values.passesThrough(m)) {
                failure = "layer " + m + " (" + layer.describe() + ") is not covered by the certificate";
                return null;
            }
            m--;
        }
    }

    private PathTangent activation(int m, ActivationLayer a, int s, int e) {
        double y = values.get(m - 1, s, e);
        Pieces p = ids.pieces(m);
        if (p.kinkIndex(y) >= 0) {
            if (ids.isConstant(ids.of(m - 1, s, e))) {
                return PathTangent.ZERO;
            }
            failure = "a kink of layer " + m + " (" + a.describe() + ") lies on the path";
            return null;
        }
        if (p.flat(p.pieceIndex(y))) {
            return PathTangent.ZERO;
        }
        PathTangent t = of(m - 1, s, e);
        return t == null ? null : t.scaled(p.slope(y));
    }

    /**
     * Through an average: (1/count)·Σ of its window's tangents (Lemma 9: linear with constant
     * coefficients; padding is the constant 0). Null when a tangent below is, or when the window's
     * tangents lie on different blocks of P.
     */
    private PathTangent average(int m, Layer layer, int s, int e) {
        Shape in = net.shapeAfter(m - 1);
        int[] window = ConvGeometry.maxWindow(layer, in, net.shapeAfter(m), e);
        java.util.List<PathTangent> parts = new java.util.ArrayList<>(window.length);
        for (int pos : window) {
            PathTangent t = of(m - 1, s, pos);
            if (t == null) {
                return null;
            }
            parts.add(t);
        }
        PathTangent sum = PathTangent.sum(parts, Rational.of(1, ConvGeometry.averageCount(layer, in, net.shapeAfter(m), e)));
        if (sum == null) {
            failure = "the window of average pool layer " + m + " (" + layer.describe() + ") reaches two blocks of the"
                    + " parameters below it";
        }
        return sum;
    }

    private int winner(int m, Layer p, int s, int e) {
        java.util.List<int[]> classes = TieClasses.of(ids, values, m, s, e).members();
        if (classes.size() > 1) {
            failure = "a tie between different functions in layer " + m + " (" + p.describe() + ") lies on the path";
            return -1;
        }
        return classes.get(0)[0];
    }
}
