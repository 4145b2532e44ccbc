package dev.clarke.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sixteen 2 × 2 max-pool windows of a float plane at once, for {@link Pooling}'s vector backend:
 * the four elements of each window gathered through a table of window corners, the maximum and,
 * per window, the index of its maximal element and how many elements equal the maximum. A window
 * whose count is not 1 (a tie, or a NaN, which equals nothing) is left to the caller's scalar code,
 * which redoes it; for the others the maximum's bits are those of its only maximal element, so the
 * values and indices are those of the scalar loop. One call per block, no loop: inside a training
 * step C2 (JDK 17) left vector code carried across loops in the Vector API's Java fallback.
 */
final class VectorPool2x2 {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** Windows per block. */
    static final int BLOCK = FS.length();

    private VectorPool2x2() {
    }

    /**
     * Windows {@code k .. k + BLOCK} of a plane starting at {@code base} (corner of window k' at
     * {@code base + corners[k']}, rows {@code w} apart): their maxima into {@code vf[out ..]}, their
     * maximal elements' indices (0–3, row-major) into {@code wf[out ..]}, and how many elements equal
     * each maximum into {@code count[0 .. BLOCK)}.
     */
    static void block(float[] xf, int base, int w, int[] corners, int k, float[] vf, float[] wf, int out, float[] count) {
        final FloatVector a = FloatVector.fromArray(FS, xf, base, corners, k);
        final FloatVector b = FloatVector.fromArray(FS, xf, base + 1, corners, k);
        final FloatVector c = FloatVector.fromArray(FS, xf, base + w, corners, k);
        final FloatVector d = FloatVector.fromArray(FS, xf, base + w + 1, corners, k);
        final FloatVector top = a.max(b).max(c.max(d));
        final VectorMask<Float> ea = a.eq(top), eb = b.eq(top), ec = c.eq(top), ed = d.eq(top);
        final FloatVector zero = FloatVector.broadcast(FS, 0f);
        zero.blend(1f, ea).add(zero.blend(1f, eb)).add(zero.blend(1f, ec)).add(zero.blend(1f, ed)).intoArray(count, 0);
        FloatVector.broadcast(FS, 3f).blend(2f, ec).blend(1f, eb).blend(0f, ea).intoArray(wf, out);
        top.intoArray(vf, out);
    }
}
