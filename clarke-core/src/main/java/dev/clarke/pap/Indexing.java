package dev.clarke.pap;

import dev.clarke.tensor.Shape;

/** Flat-index arithmetic for the symbolic replay: broadcasting and axis moves. */
final class Indexing {

    private Indexing() {
    }

    /** The flat index in {@code in} that broadcasting maps output element {@code flat} of {@code out} to. */
    static int broadcastSource(Shape in, Shape out, int flat) {
        int[] od = out.dims();
        int[] id = in.dims();
        int offset = od.length - id.length;
        int[] coord = coords(od, flat);
        int idx = 0;
        for (int d = 0; d < id.length; d++) {
            int c = id[d] == 1 ? 0 : coord[d + offset];
            idx = idx * id[d] + c;
        }
        return idx;
    }

    static int[] coords(int[] dims, int flat) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = dims[d] == 0 ? 0 : flat % dims[d];
            flat = dims[d] == 0 ? 0 : flat / dims[d];
        }
        return c;
    }

    static int flat(int[] dims, int[] coord) {
        int idx = 0;
        for (int d = 0; d < dims.length; d++) {
            idx = idx * dims[d] + coord[d];
        }
        return idx;
    }
}
