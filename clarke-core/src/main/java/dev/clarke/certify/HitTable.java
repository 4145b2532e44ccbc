package dev.clarke.certify;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.certify.NetworkCertificate.Kind;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The kink hits of one certificate, one row per hit in primitive arrays: a training step of a
 * convolutional network logs tens of thousands of max-pool ties, nearly all settled by a glance at
 * the window, and a record per hit cost more than the glance. Read-only as a {@code List<Hit>}
 * (each {@link #get} makes the record); the certificate's own passes read and reclassify rows by
 * index.
 */
final class HitTable extends AbstractList<Hit> implements RandomAccess {

    private static final Kind[] KINDS = Kind.values();

    private final String[] layerNames;
    private final Map<Integer, String> outsideOps = new HashMap<>();   // hits outside every layer: their op, by row
    private int size;
    private int[] layer;
    private int[] sample;
    private int[] element;
    private double[] point;
    private double[] adjoint;
    private byte[] kind;
    private boolean[] genuine;

    HitTable(String[] layerNames, int capacity) {
        this.layerNames = layerNames;
        int c = Math.max(capacity, 4);
        layer = new int[c];
        sample = new int[c];
        element = new int[c];
        point = new double[c];
        adjoint = new double[c];
        kind = new byte[c];
        genuine = new boolean[c];
    }

    /** Appends a hit of layer l (−1: outside every layer, with its op). */
    void append(int l, String op, Kind k, int s, int e, double pt, double adj, boolean g) {
        if (size == layer.length) {
            int c = 2 * size;
            layer = Arrays.copyOf(layer, c);
            sample = Arrays.copyOf(sample, c);
            element = Arrays.copyOf(element, c);
            point = Arrays.copyOf(point, c);
            adjoint = Arrays.copyOf(adjoint, c);
            kind = Arrays.copyOf(kind, c);
            genuine = Arrays.copyOf(genuine, c);
        }
        if (l < 0) {
            outsideOps.put(size, op);
        }
        layer[size] = l;
        sample[size] = s;
        element[size] = e;
        point[size] = pt;
        adjoint[size] = adj;
        kind[size] = (byte) k.ordinal();
        genuine[size] = g;
        size++;
    }

    /** Reclassifies row i. */
    void set(int i, Kind k, boolean g) {
        kind[i] = (byte) k.ordinal();
        genuine[i] = g;
    }

    int layer(int i) {
        return layer[i];
    }

    int sample(int i) {
        return sample[i];
    }

    int element(int i) {
        return element[i];
    }

    double point(int i) {
        return point[i];
    }

    double adjoint(int i) {
        return adjoint[i];
    }

    Kind kind(int i) {
        return KINDS[kind[i]];
    }

    boolean genuine(int i) {
        return genuine[i];
    }

    /** Hits of layer l (all layers when {@code l} is null), with a non-zero adjoint only if asked. */
    long count(Integer l, boolean nonZeroOnly) {
        long c = 0;
        for (int i = 0; i < size; i++) {
            if ((l == null || layer[i] == l) && (!nonZeroOnly || adjoint[i] != 0)) {
                c++;
            }
        }
        return c;
    }

    @Override
    public Hit get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("hit " + i + " of " + size);
        }
        String op = layer[i] < 0 ? outsideOps.get(i) : layerNames[layer[i]];
        return new Hit(layer[i], op, KINDS[kind[i]], sample[i], element[i], point[i], adjoint[i], genuine[i]);
    }

    @Override
    public int size() {
        return size;
    }
}
