package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepHistoryTest {

    private static void run(StepHistory h, long total) {
        for (long s = 1; s <= total; s++) {
            h.step(new Trainer.Step(s, total, 1, s, 0.5, 0));   // loss = step number
        }
    }

    @Test
    void aShortRunKeepsEveryStep() {
        StepHistory h = new StepHistory(3, 500);
        run(h, 500);
        assertEquals(1, h.stepsPerPoint());
        List<StepHistory.Point> ps = h.points();
        assertEquals(500, ps.size());
        assertEquals(37, ps.get(36).step());
        assertEquals(37.0, ps.get(36).loss());
    }

    /** 4,500 steps: ⌈4500 / 2000⌉ = 3 steps a point, 1,500 points; point i covers steps 3i+1..3i+3, mean loss 3i+2. */
    @Test
    void aLongRunIsCutIntoBoundedPoints() {
        StepHistory h = new StepHistory(3, 4500);
        run(h, 4500);
        assertEquals(3, h.stepsPerPoint());
        List<StepHistory.Point> ps = h.points();
        assertEquals(1500, ps.size());
        assertEquals(30, ps.get(9).step());
        assertEquals(29.0, ps.get(9).loss());
        assertEquals(0.5, ps.get(9).accuracy());
    }

    /** 4,001 steps: 3 a point, 1,333 full points (to step 3,999) and a last one of steps 4,000 and 4,001. */
    @Test
    void theLastPartialPointIsKept() {
        StepHistory h = new StepHistory(1, 4001);
        run(h, 4001);
        List<StepHistory.Point> ps = h.points();
        assertEquals(1334, ps.size());
        assertEquals(4001, ps.get(ps.size() - 1).step());
        assertEquals(4000.5, ps.get(ps.size() - 1).loss());
    }
}
