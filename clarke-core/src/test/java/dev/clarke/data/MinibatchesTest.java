package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class MinibatchesTest {

    /** Ten samples; sample i has the single feature 10·i and label i mod 3. */
    private static Dataset ten() {
        float[] x = new float[10];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = 10 * i;
            y[i] = i % 3;
        }
        return new Dataset("ten", x, y, Shape.of(1), 3);
    }

    private static List<Integer> visited(Iterable<Minibatches.Batch> batches) {
        List<Integer> out = new ArrayList<>();
        for (Minibatches.Batch b : batches) {
            for (int r = 0; r < b.size(); r++) {
                int i = b.indices()[r];
                out.add(i);
                assertEquals(10.0 * i, b.features().get(r));   // the features and labels are the sample's
                assertEquals(i % 3, b.labels()[r]);
            }
        }
        return out;
    }

    @Test
    void shuffledVisitsTheEpochsPermutationInBatchesWithASmallerLastOne() {
        Minibatches m = Minibatches.shuffled(ten(), 4, DType.F64, 7, 2);
        assertEquals(3, m.count());   // ⌈10 / 4⌉
        List<Integer> sizes = new ArrayList<>();
        m.forEach(b -> sizes.add(b.size()));
        assertEquals(List.of(4, 4, 2), sizes);
        int[] p = Batches.permutation(10, 7, 2);
        List<Integer> order = visited(m);
        assertEquals(Arrays.stream(p).boxed().toList(), order);
        assertEquals(order, visited(m), "a second iteration repeats the first");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order.stream().sorted().toList(), "every sample once");
        assertFalse(order.equals(visited(Minibatches.shuffled(ten(), 4, DType.F64, 7, 3))), "another epoch, another order");
    }

    @Test
    void inOrderAndItsEnd() {
        Minibatches m = Minibatches.inOrder(ten(), 3, DType.F32);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), visited(m));
        Iterator<Minibatches.Batch> it = m.iterator();
        Minibatches.Batch first = it.next();
        assertArrayEquals(new int[] {0, 1, 2}, first.indices());
        assertEquals(Shape.of(3, 1), first.features().shape());
        it.next();
        it.next();
        it.next();
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IllegalArgumentException.class, () -> Minibatches.inOrder(ten(), 0, DType.F32));
    }
}
