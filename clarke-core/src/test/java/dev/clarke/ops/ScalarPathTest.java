package dev.clarke.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rank-0 operands take a shortcut through the piecewise kernels (no broadcast, no scratch arrays):
 * scalar programs record millions of them. The shortcut must give what the general path gives for
 * the same element inside a one-element vector, bit for bit, hits included: at every kink point,
 * on both sides of it, at ±0, ±∞ and NaN, in F64, F32 and BF16. Ties of max/min return the first
 * operand and are hits at the tie's value.
 */
class ScalarPathTest {

    private static final double[] POINTS = {0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 1, -1, 2.5, -2.5, 3, -3, 6, -6,
        7.25, 1e300, -1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0x1p52 + 0.5, 0.1};
    private static final DType[] TYPES = {DType.F64, DType.F32, DType.BF16};

    private record Hit(int element, double point) { }

    private static HitSink into(List<Hit> hits) {
        return (element, point) -> hits.add(new Hit(element, point));
    }

    private static double[][] paramsOf(Family f) {
        switch (f) {
            case LEAKY_RELU: return new double[][] {{}, {0.3}};
            case CLAMP: return new double[][] {{-2, 3}, {0, 1}};
            default: return new double[][] {{}};
        }
    }

    @Test
    void unaryFamiliesAgreeWithTheGeneralPathBitForBit() {
        int checked = 0;
        for (Family f : Family.values()) {
            if (f == Family.MAX || f == Family.MIN || f.id().startsWith("reduce")) {
                continue;
            }
            for (double[] p : paramsOf(f)) {
                for (DType t : TYPES) {
                    for (double v : POINTS) {
                        Tensor scalar = Tensor.scalar(v, t);
                        Tensor vector = Tensor.of(t, Shape.of(1), v);
                        List<Hit> h0 = new ArrayList<>(), h1 = new ArrayList<>();
                        Tensor y0 = UnaryPiecewise.value(f, scalar, p, into(h0));
                        Tensor y1 = UnaryPiecewise.value(f, vector, p, into(h1));
                        String at = f.id() + " " + t + " at " + v;
                        assertEquals(0, y0.rank(), at);
                        assertEquals(t, y0.dtype(), at);
                        assertEquals(Double.doubleToRawLongBits(y1.get(0)), Double.doubleToRawLongBits(y0.item()), at);
                        assertEquals(h1, h0, at);
                        assertEquals(UnaryPiecewise.kinkAt(f, scalar.item(), p) != null ? 1 : 0, h0.size(), at);
                        if (f != Family.RELU && t == DType.F64) {
                            double s = UnaryPiecewise.slope(f, v, p, KinkPolicy.mid());
                            double s1 = UnaryPiecewise.slope(f, vector, p, KinkPolicy.mid()).get(0);
                            assertEquals(Double.doubleToRawLongBits(s1), Double.doubleToRawLongBits(s), at);
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(POINTS.length * TYPES.length * 18, checked); // 16 families, two parameter sets for leaky_relu and clamp
    }

    @Test
    void maxAndMinAgreeWithTheGeneralPathBitForBit() {
        for (Family f : new Family[] {Family.MAX, Family.MIN}) {
            for (DType t : TYPES) {
                for (double u : POINTS) {
                    for (double v : POINTS) {
                        List<Hit> h0 = new ArrayList<>(), h1 = new ArrayList<>();
                        Tensor y0 = BinaryPiecewise.value(f, Tensor.scalar(u, t), Tensor.scalar(v, t), into(h0));
                        Tensor y1 = BinaryPiecewise.value(f, Tensor.of(t, Shape.of(1), u), Tensor.of(t, Shape.of(1), v),
                                into(h1));
                        String at = f.id() + " " + t + " at " + u + ", " + v;
                        assertEquals(0, y0.rank(), at);
                        assertEquals(Double.doubleToRawLongBits(y1.get(0)), Double.doubleToRawLongBits(y0.item()), at);
                        assertEquals(h1, h0, at);
                    }
                }
            }
        }
    }

    @Test
    void tiesReturnTheFirstOperandAndAreHits() {
        List<Hit> hits = new ArrayList<>();
        Tensor y = BinaryPiecewise.value(Family.MAX, Tensor.scalar(-0.0, DType.F64), Tensor.scalar(0.0, DType.F64),
                into(hits));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(y.item()));
        assertEquals(List.of(new Hit(0, -0.0)), hits);
        assertEquals(Double.NaN, BinaryPiecewise.value(Family.MIN, Tensor.scalar(1, DType.F64),
                Tensor.scalar(Double.NaN, DType.F64), null).item());
    }
}
