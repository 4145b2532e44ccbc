package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * NaN safety: the lazy cond runs only the taken branch; where's backward uses strong zeros; sqrt
 * and fractional powers at 0 take the policy's finite slope; and domain violations on a taken path
 * raise a DomainException naming the op and the value.
 */
class NanSafetyTest {

    private static Var zero(Trace t) {
        return t.constant(0);
    }

    @Test
    void condEvaluatesOnlyTheTakenBranch() {
        Trace t = new Trace();
        Var x = t.input(-1.0);
        AtomicInteger thenRuns = new AtomicInteger();
        Var y = Var.cond(x, Comparison.GT, zero(t), () -> {
            thenRuns.incrementAndGet();
            return x.sqrt();
        }, () -> x.mul(0.0));
        assertEquals(0, thenRuns.get(), "the then branch must not run");
        assertEquals(0.0, y.item(), 0.0); // −1·0 = −0.0
        assertTrue(t.violations().isEmpty(), "sqrt(−1) was never evaluated: " + t.violations());
        assertEquals(0.0, t.grad(y, x).of(x).item());
        assertEquals(1, t.branches().size());
        assertFalse(t.branches().get(0).taken());
    }

    @Test
    void condWithAConstantElseBranchAtMinusOne() {
        Trace t = new Trace();
        Var x = t.input(-1.0);
        Var y = t.cond(x, Comparison.GT, zero(t), x::sqrt, () -> zero(t));
        assertEquals(0.0, y.item());
        assertEquals(0.0, t.grad(y, x).of(x).item());
    }

    @Test
    void whereWithAnUnsafeUnselectedBranchHasAStrongZeroGradient() {
        // PyTorch returns NaN here (pytorch-kinks.json, family "where"): 0·NaN through sqrt′(−1).
        Trace t = new Trace();
        Var x = t.input(-1.0);
        Var y = Var.where(x.compare(Comparison.GT, zero(t)), x.sqrt(), zero(t));
        assertEquals(0.0, y.item());
        assertEquals(1, t.violations().size(), "the unselected sqrt(−1) is recorded, harmlessly");
        assertEquals(0.0, t.grad(y, x).of(x).item());
    }

    @Test
    void whereElementwiseMixesSafeAndUnsafeElements() {
        // y = Σ where(x > 0, sqrt(x), 2x) at x = (4, −1, −9): gradient (1/(2·2), 2, 2)
        Trace t = new Trace();
        Var x = t.input(Tensor.of(DType.F64, Shape.of(3), 4, -1, -9));
        Var y = Var.where(x.compare(Comparison.GT, zero(t)), x.sqrt(), x.mul(2)).sum();
        Tensor g = t.grad(y, x).of(x);
        assertEquals(0.25, g.get(0));
        assertEquals(2.0, g.get(1));
        assertEquals(2.0, g.get(2));
    }

    @Test
    void whereWithAnUnsafeLogInTheUnselectedBranchAlsoInForwardMode() {
        Trace t = new Trace();
        Var x = t.input(-2.0);
        Var y = Var.where(x.compare(Comparison.GT, zero(t)), x.log(), x.mul(x));
        // y = x² on the selected side: dy/dx = 2x = −4, in both modes
        assertEquals(-4.0, t.jvp(y, java.util.Map.of(x, Tensor.scalar(1, DType.F64))).item());
        assertEquals(-4.0, t.grad(y, x).of(x).item());
    }

    @Test
    void euclideanNormAtTheOriginHasGradientZero() {
        Trace t = new Trace();
        Var x = t.input(0.0);
        Var y = t.input(0.0);
        Var n = x.mul(x).add(y.mul(y)).sqrt();
        Gradients g = t.grad(n, x, y);
        assertEquals(0.0, n.item());
        // d(x²)/dx = 2x = 0 times the finite sqrt′(0) = 0: (0, 0), no NaN
        assertEquals(0.0, g.of(x).item());
        assertEquals(0.0, g.of(y).item());
    }

    private static double derivativeAt(KinkPolicy p, double x0, Function<Var, Var> f) {
        Trace t = new Trace(p, DType.F64);
        Var x = t.input(x0);
        return t.grad(f.apply(x), x).of(x).item();
    }

    @Test
    void infiniteSlopesTakeThePolicysFiniteValue() {
        assertEquals(0.0, derivativeAt(KinkPolicy.mid(), 0, Var::sqrt), "sqrt′(0) default 0");
        assertEquals(5.0, derivativeAt(KinkPolicy.parse("mid,sqrt0=5"), 0, Var::sqrt));
        assertEquals(5.0, derivativeAt(KinkPolicy.parse("sqrt0=5"), 0, Var::sqrt));
        assertEquals(0.0, derivativeAt(KinkPolicy.mid(), 0, x -> x.pow(0.5)), "x^0.5 at 0");
        assertEquals(0.0, derivativeAt(KinkPolicy.mid(), 0, x -> x.pow(1.0 / 3)), "x^(1/3) at 0");
        assertEquals(5.0, derivativeAt(KinkPolicy.parse("sqrt0=5"), 0, x -> x.pow(0.5)));
        // p > 1: the true derivative p·0^(p−1) = 0, whatever sqrt0 says
        assertEquals(0.0, derivativeAt(KinkPolicy.parse("sqrt0=5"), 0, x -> x.pow(1.5)));
        // variable exponent at base 0: ∂a is 0 for b > 1, 1 for b = 1, sqrt0 for b < 1; ∂b is 0
        Trace t = new Trace(KinkPolicy.parse("sqrt0=5"), DType.F64);
        Var a = t.input(Tensor.of(DType.F64, Shape.of(3), 0, 0, 0));
        Var b = t.input(Tensor.of(DType.F64, Shape.of(3), 2.5, 1, 0.5));
        Gradients g = t.grad(a.pow(b).sum(), a, b);
        assertEquals(0.0, g.of(a).get(0));
        assertEquals(1.0, g.of(a).get(1));
        assertEquals(5.0, g.of(a).get(2));
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, g.of(b).get(i));
        }
        // and x^0.5 at 0 has value 0
        Trace v = new Trace();
        assertEquals(0.0, v.input(0.0).pow(0.5).item());
    }

    private static DomainException domainError(Function<Trace, Var> program) {
        Trace t = new Trace();
        return assertThrows(DomainException.class, () -> {
            Var y = program.apply(t);
            t.grad(y.sum(), t.input(1.0));
        });
    }

    private static void assertNames(DomainException e, String op, String value) {
        assertTrue(e.getMessage().contains(op), "message names the op '" + op + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message names the value " + value + ": " + e.getMessage());
    }

    @Test
    void domainViolationsOnATakenPathThrowNamingTheOpAndTheValue() {
        assertNames(domainError(t -> t.input(-1.0).log()), "log", "-1");
        assertNames(domainError(t -> t.input(-4.0).sqrt()), "sqrt", "-4");
        assertNames(domainError(t -> t.input(1.0).div(t.input(0.0))), "div", "0");
        assertNames(domainError(t -> t.input(0.0).pow(-1)), "pow", "0");
        assertNames(domainError(t -> t.input(-2.0).pow(0.5)), "pow", "-2");
        assertNames(domainError(t -> t.input(-3.0).pow(t.input(0.5))), "pow", "-3");
        // a where whose selected side is out of domain
        assertNames(domainError(t -> {
            Var x = t.input(-1.0);
            return Var.where(x.compare(Comparison.LT, zero(t)), x.log(), x);
        }), "log", "-1");
        // an element in the middle of a vector
        assertNames(domainError(t -> t.input(Tensor.of(DType.F64, Shape.of(3), 1, -7, 2)).log()), "log", "-7");
    }

    @Test
    void aCondTestOnAnOutOfDomainValueThrows() {
        Trace t = new Trace();
        Var x = t.input(-1.0);
        DomainException e = assertThrows(DomainException.class,
                () -> Var.cond(x.log(), Comparison.GT, zero(t), () -> x, () -> x.neg()));
        assertNames(e, "log", "-1");
        assertTrue(t.branches().isEmpty(), "no branch was taken");
    }

    @Test
    void domainErrorsAreNotRaisedForValuesTheResultDoesNotDependOn() {
        Trace t = new Trace();
        Var x = t.input(-1.0);
        x.log(); // evaluated and recorded, but unused
        Var y = x.mul(3);
        assertEquals(3.0, t.grad(y, x).of(x).item());
        assertEquals(1, t.violations().size());
        assertTrue(t.violations().get(0).contains("log"));
    }
}
