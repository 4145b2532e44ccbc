package dev.clarke.certify;

import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.BatchNorm;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A hash-consed "function identity" for every scalar of a recorded forward pass: two scalars with
 * the same identity are the same function of the parameters on a neighbourhood of the point, and AD
 * computes the same tangent for both (docs/theory/conv-certificates.md, §2). The identities, built
 * lazily and memoised:
 * <ul>
 *   <li>an input pixel, a padding zero, an activation on one of its flat outer pieces: the constant
 *       with that value;</li>
 *   <li>a convolution output: (layer, output channel, identities of its patch in weight order);</li>
 *   <li>an activation off its kinks: the identity of its input when the piece is y ↦ y, else
 *       (layer, piece, input identity); on a kink: (layer, kink, input identity), or a constant when
 *       the input is constant;</li>
 *   <li>a max-pool output: the identity of its maximum when the maximal elements share one identity,
 *       else (layer, identities of the whole window in order);</li>
 *   <li>batch normalisation (inference): (layer, channel, input identity);</li>
 *   <li>flatten and dropout in evaluation: the identity of the same element before; every other
 *       layer: a fresh identity per element (never shared, so never claimed equal).</li>
 * </ul>
 * Equal identity ⇒ equal function and equal AD tangent, by induction over the layers. Unequal
 * identities say nothing.
 */
final class FunctionIdentity {

    private static final int CONV = 1;
    private static final int ACT = 2;
    private static final int KINK = 3;
    private static final int POOL = 4;
    private static final int FRESH = 5;
    private static final int NORM = 6;
    private static final int AVG = 7;

    private final Sequential net;
    private final PassValues values;
    private final int[][] memo;
    private int[] inputMemo;
    private int paddingId = -1;
    private final Pieces[] pieces;
    private final LayerGeometry geometry;
    private final int inputSize;
    private int zeroId = -1;
    private InputPatchEquality inputPatches;
    private final Map<Key, Integer> interned = new HashMap<>();
    private final Map<Double, Integer> constants = new HashMap<>();
    private final java.util.BitSet constant = new java.util.BitSet();

    FunctionIdentity(Sequential net, PassValues values) {
        this.net = net;
        this.values = values;
        this.memo = new int[net.layers().size()][];
        this.pieces = new Pieces[net.layers().size()];
        this.geometry = LayerGeometry.of(net);
        this.inputSize = net.sampleShape().size();
    }

    /** Whether identity {@code id} is a constant. */
    boolean isConstant(int id) {
        return constant.get(id);
    }

    /** The identity of element {@code e} (within the sample) of sample s after layer m (m = −1: the input). */
    int of(int m, int s, int e) {
        if (m < 0) {
            return input(s, e);
        }
        int n = net.shapeAfter(m).size();
        if (memo[m] == null) {
            memo[m] = new int[values.batch() * n];   // identity + 1; 0: not computed yet (no fill needed)
        }
        int flat = s * n + e;
        if (memo[m][flat] == 0) {
            memo[m][flat] = compute(m, s, e) + 1;
        }
        return memo[m][flat] - 1;
    }

    private int compute(int m, int s, int e) {
        Layer layer = net.layers().get(m);
        if (ConvGeometry.isConvolution(layer)) {
            return conv(m, layer, s, e);
        }
        if (layer instanceof ActivationLayer) {
            return activation(m, (ActivationLayer) layer, s, e);
        }
        if (ConvGeometry.isMaxPool(layer)) {
            return pool(m, s, e);
        }
        if (ConvGeometry.isAveragePool(layer)) {
            return average(m, s, e);
        }
        if (layer instanceof Flatten || values.passesThrough(m)) {
            return of(m - 1, s, e);
        }
        if (layer instanceof BatchNorm) {
            int c = e / (net.shapeAfter(m).size() / ((BatchNorm) layer).channels());
            return intern(new int[] {NORM, m, c, of(m - 1, s, e)});
        }
        return intern(new int[] {FRESH, m, s, e});
    }

    /** An input pixel's identity, memoised: every convolution patch that covers it asks again. */
    private int input(int s, int e) {
        int n = inputSize;
        if (inputMemo == null) {
            inputMemo = new int[values.batch() * n];   // identity + 1, as memo
        }
        int flat = s * n + e;
        if (inputMemo[flat] == 0) {
            inputMemo[flat] = constantId(values.get(-1, s, e)) + 1;
        }
        return inputMemo[flat] - 1;
    }

    /** The patch of convolution layer m's element e (as {@link ConvGeometry#convPatch}), shared by every certificate of the network. */
    private int[] patch(int m, int e) {
        return geometry.patch(m, e);
    }

    private int conv(int m, Layer c, int s, int e) {
        int[] patch = patch(m, e);
        int[] key = new int[3 + patch.length];
        key[0] = CONV;
        key[1] = m;
        key[2] = ConvGeometry.convOutChannel(c, net.shapeAfter(m), e);
        boolean zero = !ConvGeometry.hasBias(c);   // without a bias, W·0 is 0 for every W: a constant
        for (int k = 0; k < patch.length; k++) {
            key[3 + k] = patch[k] < 0 ? padding() : of(m - 1, s, patch[k]);
            if (zero) {
                zero = patch[k] < 0 || isConstant(key[3 + k]) && values.get(m - 1, s, patch[k]) == 0;
            }
        }
        if (zero) {
            return constantId(0.0);
        }
        return intern(key);
    }

    private int activation(int m, ActivationLayer a, int s, int e) {
        double y = values.get(m - 1, s, e);
        Pieces p = pieces(m);
        int kink = p.kinkIndex(y);
        int piece = kink >= 0 ? -1 : p.pieceIndex(y);
        if (piece >= 0 && p.flat(piece)) {
            return constantId(p.flatValue(piece, y)); // constant near the point whatever its input is: the input's identity is not needed
        }
        int in = of(m - 1, s, e);
        if (isConstant(in)) {
            return constantId(a.activation().apply(y));
        }
        if (kink >= 0) {
            return intern(new int[] {KINK, m, kink, in});
        }
        if (p.identityAt(y)) {
            return in;
        }
        return intern(new int[] {ACT, m, piece, in});
    }

    private int pool(int m, int s, int e) {
        int[] window = window(m, e);
        int[] ids = new int[window.length];
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < window.length; k++) {
            best = Math.max(best, values.get(m - 1, s, window[k]));
        }
        int tiedId = -1;
        int first = -1;
        boolean oneClass = true;
        for (int k = 0; k < window.length && oneClass; k++) { // the maximal elements first: often all one function
            if (values.get(m - 1, s, window[k]) == best) {
                if (first < 0) {
                    first = window[k];
                    tiedId = of(m - 1, s, first);
                } else if (!sameIdentity(m - 1, s, first, window[k]) && tiedId != of(m - 1, s, window[k])) {
                    oneClass = false;
                }
            }
        }
        if (oneClass) {
            return tiedId;   // the others' identities are not needed
        }
        for (int k = 0; k < window.length; k++) {
            ids[k] = of(m - 1, s, window[k]);
        }
        int[] key = new int[2 + ids.length];
        key[0] = POOL;
        key[1] = m;
        System.arraycopy(ids, 0, key, 2, ids.length);
        return intern(key);
    }

    /**
     * An average: a constant when every element of the window is; else (layer, divisor, identities
     * of the window's positions inside the image, in order).
     */
    private int average(int m, int s, int e) {
        int[] window = window(m, e);
        int[] key = new int[3 + window.length];
        key[0] = AVG;
        key[1] = m;
        key[2] = ConvGeometry.averageCount(net.layers().get(m), net.shapeAfter(m - 1), net.shapeAfter(m), e);
        boolean allConstant = true;
        for (int k = 0; k < window.length; k++) {
            key[3 + k] = of(m - 1, s, window[k]);
            allConstant &= isConstant(key[3 + k]);
        }
        return allConstant ? constantId(values.get(m, s, e)) : intern(key);
    }

    /**
     * The pieces of activation layer m, made once per certificate: every hit and every identity of
     * the layer asks for them.
     */
    Pieces pieces(int m) {
        if (pieces[m] == null) {
            pieces[m] = new Pieces(((ActivationLayer) net.layers().get(m)).activation());
        }
        return pieces[m];
    }

    /** The window of max-pool layer m's element e (indices into layer m − 1's output; padding left out). */
    int[] window(int m, int e) {
        return geometry.window(m, e);
    }

    /** {@link #scanTie}: every tied element the same constant — not genuine. */
    static final int ONE_CONSTANT = 0;
    /** {@link #scanTie}: no tied element on a kink and not all constant — not a kinked window. */
    static final int OFF_KINKS = 1;
    /** {@link #scanTie}: anything else (a tied element on a kink, or no activation before the pool). */
    static final int UNSETTLED = 2;

    /**
     * One pass over max-pool layer m's window e of sample s (its maximum is {@code best}), when
     * layer m − 1 is an activation: {@link #ONE_CONSTANT} when the maximal elements (two or more)
     * all lie strictly inside flat pieces — they are all the constant {@code best}, one function, and
     * none sits on a kink (so the window is not a kinked window either; the common tie, a window of
     * relu zeros, is settled here with no identity built); {@link #OFF_KINKS} when no maximal element's
     * input is on a kink but some lies on a piece that is not flat (then the window is not a kinked
     * window: only whether the maximal elements are different functions is left); else
     * {@link #UNSETTLED}.
     */
    int scanTie(int m, int s, int e, double best) {
        if (m < 2 || !(net.layers().get(m - 1) instanceof ActivationLayer)) {
            return UNSETTLED;
        }
        Pieces p = pieces(m - 1);
        int tied = 0;
        boolean moving = false;
        for (int k : window(m, e)) {
            if (values.get(m - 1, s, k) == best) {
                double y = values.get(m - 2, s, k);
                if (p.kinkIndex(y) >= 0) {
                    return UNSETTLED;
                }
                moving |= !p.flat(p.pieceIndex(y));
                tied++;
            }
        }
        return tied < 2 ? UNSETTLED : moving ? OFF_KINKS : ONE_CONSTANT;
    }

    /** Whether the maximal elements of max-pool layer m's window e of sample s have two or more identities. */
    boolean isTieOfDifferentFunctions(int m, int s, int e) {
        int[] w = window(m, e);
        double best = Double.NEGATIVE_INFINITY;
        for (int k : w) {
            best = Math.max(best, values.get(m - 1, s, k));
        }
        int first = -1;
        for (int k : w) {
            if (values.get(m - 1, s, k) == best) {
                if (first < 0) {
                    first = k;
                } else if (!sameIdentity(m - 1, s, first, k) && of(m - 1, s, first) != of(m - 1, s, k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A quick sufficient test that elements a and b of sample s after layer m have the same identity,
     * without building either when it can: through activations with equal inputs on one piece, to a
     * convolution of one output channel whose patches hold equal identities position by position
     * (input pixels: equal values). A blank region of an image ties many such outputs: comparing their
     * patches costs a few reads where building an identity hashes a key per output. True ⇒
     * {@code of(m, s, a) == of(m, s, b)}; false says nothing.
     */
    boolean sameIdentity(int m, int s, int a, int b) {
        if (a == b) {
            return true;
        }
        if (m < 0) {
            return values.get(-1, s, a) == values.get(-1, s, b);   // input pixels: constants by value (0 and −0 alike)
        }
        Layer layer = net.layers().get(m);
        if (layer instanceof ActivationLayer) {
            // equal inputs on one piece (equal values): the same branch of activation() with the same input identity
            return values.get(m - 1, s, a) == values.get(m - 1, s, b) && sameIdentity(m - 1, s, a, b);
        }
        if (layer instanceof Flatten || values.passesThrough(m)) {
            return sameIdentity(m - 1, s, a, b);
        }
        if (!ConvGeometry.isConvolution(layer)) {
            return false;
        }
        Shape out = net.shapeAfter(m);
        if (ConvGeometry.convOutChannel(layer, out, a) != ConvGeometry.convOutChannel(layer, out, b)) {
            return false;
        }
        int[] pa = patch(m, a);
        int[] pb = patch(m, b);
        if (m == 0) {   // input pixels, no padding: a shift of one index pattern
            if (inputPatches == null) {
                inputPatches = new InputPatchEquality(values, inputSize, geometry);
            }
            int eq = inputPatches.equal(s, a, pa, b, pb);
            if (eq != InputPatchEquality.PADDED) {
                return eq == InputPatchEquality.EQUAL;
            }
        }
        for (int k = 0; k < pa.length; k++) {   // equal keys position by position: conv() interns equal keys to one identity
            if (pa[k] < 0 || pb[k] < 0) {
                if (pa[k] != pb[k]) {
                    return false;
                }
            } else if (m == 0 ? values.get(-1, s, pa[k]) != values.get(-1, s, pb[k]) : of(m - 1, s, pa[k]) != of(m - 1, s, pb[k])) {
                return false;
            }
        }
        return true;
    }

    private int padding() {
        if (paddingId < 0) {
            paddingId = constantId(0);
        }
        return paddingId;
    }

    private int constantId(double v) {
        if (v == 0 && zeroId >= 0) {   // the usual constant (relu's flat piece, blank patches): no boxing
            return zeroId;
        }
        double c = v == 0 ? 0.0 : v;
        Integer id = constants.get(c);
        if (id == null) {
            id = interned.size() + constants.size();
            constants.put(c, id);
            constant.set(id);
        }
        if (c == 0) {
            zeroId = id;
        }
        return id;
    }

    private int intern(int[] key) {
        Key k = new Key(key);
        Integer id = interned.get(k);
        if (id == null) {
            id = interned.size() + constants.size();
            interned.put(k, id);
        }
        return id;
    }

    private static final class Key {
        final int[] parts;
        final int hash;

        Key(int[] parts) {
            this.parts = parts;
            this.hash = Arrays.hashCode(parts);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(parts, ((Key) o).parts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
