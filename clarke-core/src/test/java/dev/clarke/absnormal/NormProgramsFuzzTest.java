package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random programs of Euclidean norms at 0 (two or three squared integer forms, weights −2 … 2, zero
 * included), kinks (relu, abs, some nested, some with a curved argument) in two to five inputs,
 * certified at 0 under random policies: every run returns a verdict that carries what it promises
 * — a derivative when differentiable, an element when refuted, a reason when {@code UNKNOWN} —
 * never an exception (a norm of three rows in two inputs once indexed past the plane's arcs).
 */
class NormProgramsFuzzTest {

    private static final String[] VARS = {"x", "y", "z", "u", "v"};

    private static String form(Random r, int n) {
        StringBuilder b = new StringBuilder("(");
        boolean any = false;
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(5) - 2;
            if (c != 0) {
                b.append(any ? " + " : "").append(c).append('*').append(VARS[i]);
                any = true;
            }
        }
        return b.append(any ? "" : "x").append(')').toString();
    }

    private static String program(Random r, int n) {
        StringBuilder s = new StringBuilder();
        int norms = 1 + r.nextInt(3);
        for (int j = 0; j < norms; j++) {
            s.append(j == 0 ? "" : " + ").append(r.nextInt(5) - 2).append("*sqrt(");
            for (int i = 0, rows = 2 + r.nextInt(2); i < rows; i++) {
                String f = form(r, n);
                s.append(i == 0 ? "" : " + ").append(f).append('*').append(f);
            }
            s.append(')');
        }
        for (int k = 0, kinks = r.nextInt(4); k < kinks; k++) {
            String f = form(r, n);
            if (r.nextInt(4) == 0) {
                f = "(" + f + " - " + VARS[r.nextInt(n)] + "*" + VARS[r.nextInt(n)] + ")";
            }
            String inner = (r.nextBoolean() ? "relu(" : "abs(") + f + ")";
            if (r.nextInt(4) == 0) {
                inner = "relu(" + inner + " + " + form(r, n) + ")";
            }
            s.append(" + ").append(r.nextInt(5) - 2).append('*').append(inner);
        }
        return s.toString();
    }

    @Test
    void everyProgramGetsAVerdictThatKeepsItsPromise() {
        Random r = new Random(21);
        Map<Verdict, Integer> counts = new java.util.EnumMap<>(Verdict.class);
        for (int p = 0; p < 300; p++) {
            String src = program(r, 2 + r.nextInt(4));
            KinkPolicy policy = KinkPolicy.parse("relu=" + (r.nextInt(5) - 1) * 0.5 + ",abs=" + (r.nextInt(5) - 2) * 0.5);
            Program program = Program.parse(src);
            Map<String, Double> at = new LinkedHashMap<>();
            for (String v : program.variables()) {
                at.put(v, 0.0);
            }
            Certification c = Certifier.certify(program, at, policy, DType.F64);
            String what = src + " under " + policy.name() + ": " + c.verdict() + " (" + c.method() + " | " + c.reason() + ")";
            counts.merge(c.verdict(), 1, Integer::sum);
            switch (c.verdict()) {
                case DIFFERENTIABLE_CORRECT, DIFFERENTIABLE_INCORRECT -> assertNotNull(c.derivative(), what);
                case NONDIFFERENTIABLE_CLARKE -> assertEquals(c.ad().length, c.clarke().length, what);
                case UNKNOWN -> assertFalse(c.reason().isBlank(), what);
                default -> assertTrue(c.verdict() == Verdict.NONDIFFERENTIABLE_NOT_CLARKE, what);
            }
        }
        assertTrue(counts.getOrDefault(Verdict.UNKNOWN, 0) < 30, "UNKNOWN in under a tenth: " + counts);
    }
}
