package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.ops.KinkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of decided programs in docs/theory/abs-normal.md, one row per line below, every expected
 * value derived by hand (the "why" column is the derivation; mid's kink derivatives are relu′(0) =
 * ½, abs′(0) = 0, max/min ties ½ each, clamp/hardtanh ½, leaky_relu (1 + α)/2, hardswish′(−3) =
 * (0 − ½)/2, and sqrt′(0) finite, so sqrt′(0)·0 = 0). Columns: program | point | policy | verdict |
 * AD | expected | why. In a program {@code Σk e} is the sum of e over # = 0 … k−1 (and {@code x#=0}
 * in a point binds every x#). Expected is {@code d = v} (the derivative), an interval {@code [a, b]}
 * (the Clarke gradient in one variable), {@code box I x I ...} or {@code box I^k} (a product of
 * intervals), {@code ball (c) r} (a Euclidean ball), {@code conv (…), (…)} (a convex hull), or, for UNKNOWN, {@code reason: text}. A
 * single number for a vector stands for every coordinate.
 */
class DecidedProgramsTest {

    static final String TABLE = """
            if (x > 0) x else 0 | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [0, 1] | relu as an if: then − else = x = 1·(x − 0), so max(x, 0); the else branch ran, slope 0
            max(x, 0) - (if (x > 0) x else 0) | x=0 | mid | DIFFERENTIABLE_INCORRECT | 0.5 | d = 0 | ≡ 0 once the if is max(x, 0); AD = ½ − 0
            if (x >= 0) x else 0 | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 1 | [0, 1] | the then branch ran (0 ≥ 0), slope 1 ∈ [0, 1]
            if (x > 0) x else -x | x=0 | mid | NONDIFFERENTIABLE_CLARKE | -1 | [-1, 1] | then − else = 2x: max(x, −x) = \\|x\\|; else ran, slope −1
            if (x > 0) 0 else x | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 1 | [0, 1] | then − else = −x: min(0, x); else ran, slope 1
            if (x > 1) 2*x - 1 else x | x=1 | mid | NONDIFFERENTIABLE_CLARKE | 1 | [1, 2] | then − else = x − 1: max(2x − 1, x), slopes 1 and 2
            if (x < y) x else y | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 1) | conv (1, 0), (0, 1) | min(x, y); else ran: ∇y
            if (x + y > 0) x + y else 0 | x=1,y=-1 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | conv (0, 0), (1, 1) | relu(x + y) on the line x + y = 0
            (if (x > 0) x else 0) + (if (x < 0) -x else 0) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1, 1] | relu(x) + relu(−x) = \\|x\\|; both else branches ran
            (if (x > 0) x else 0) - (if (-x < 0) x else 0) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | −x < 0 ⇔ x > 0: relu(x) − relu(x) ≡ 0; both else branches ran
            if (x > 0) x*y else 0 | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | x·y = y·(x − 0): y·relu(x), \\|y·relu(x)\\| ≤ ‖(x, y)‖²
            let t = x - y in if (t > 0) t*t else 0 | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | t² = t·t: t·relu(t) = relu(t)², C¹ with derivative 0
            if (x > y) x*x else y*y | x=2,y=2 | mid | NONDIFFERENTIABLE_CLARKE | (0, 4) | conv (4, 0), (0, 4) | x² − y² = (x + y)(x − y): y² + (x + y)·relu(x − y); pieces ∇x² and ∇y²
            if (x > 0) sin(x) else x | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | x := 0 makes sin(x) − x vanish: continuous; slopes cos 0 = 1 and 1 agree
            if (x > 0) sin(x) else 2*x | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 2 | [1, 2] | continuous (sin 0 = 0); slopes 1 (right) and 2 (left); else ran
            if (x > 0) exp(x) else 1 + x | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | exp 0 = 1 + 0; slopes e⁰ = 1 and 1
            if (x > 0) log(1 + x) else x | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | log 1 = 0; slopes 1/(1 + 0) = 1 and 1
            if (x > y) sin(x) else sin(y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 1) | conv (1, 0), (0, 1) | x := y makes the branches equal on the whole line x = y; pieces ∇sin x, ∇sin y at 0
            if (x > y) exp(x) else exp(y) | x=1,y=1 | mid | NONDIFFERENTIABLE_CLARKE | (0, 2.718281828459045) | conv (2.718281828459045, 0), (0, 2.718281828459045) | = exp(max(x, y)); pieces (e, 0), (0, e)
            relu(x)^1.5 | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | relu ≥ 0, Lipschitz, zero at 0: u^1.5 = o(\\|x\\|), strictly differentiable
            relu(x)^2 | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | 2·relu(0)·½ = 0; relu² = o(\\|x\\|)
            abs(x)^1.5 | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | \\|x\\|^1.5 is C¹ at 0 with derivative 0
            relu(x)^1.5 + relu(-x)^1.5 | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | \\|x\\|^1.5 in two halves
            relu(x)^1.5 + relu(x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0.5 | [0, 1] | the power adds 0 to the derivative; relu′(0) = ½
            relu(x - y)^2.5 | x=1,y=1 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | u^2.5 of a nonnegative Lipschitz u with u = 0
            sqrt(x*x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1, 1] | sqrt(t·t) = \\|t\\|; AD = sqrt′(0)·2·0 = 0
            sqrt(x^2) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1, 1] | sqrt(t²) = \\|t\\|
            sqrt(x^4) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | sqrt(t⁴) = t², derivative 0
            sqrt(x*x) - abs(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | \\|x\\| − \\|x\\| ≡ 0: both kinks share x, so their signs agree on every realisable piece
            sqrt((x - y)^2) | x=1,y=1 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | conv (1, -1), (-1, 1) | \\|x − y\\|
            3*sqrt(x*x) + x | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 1 | [-2, 4] | 3\\|x\\| + x: slopes −2 and 4
            sqrt(2*y*y) | y=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1.4142135623730951, 1.4142135623730951] | (2y)·y = 2y²: √2·\\|y\\|; AD = sqrt′(0)·4y = 0
            sqrt(y*y*2) - y | y=0 | mid | NONDIFFERENTIABLE_CLARKE | -1 | [-2.414213562373095, 0.4142135623730951] | √2·\\|y\\| − y: slopes −√2 − 1 and √2 − 1
            sqrt(3*x*x + 3*y*y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1.7320508075688772 | (3x)·x + (3y)·y = 3‖(x, y)‖²: √3 times the norm, ∂ = the disc of radius √3
            sqrt(0*x*x + y*y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | box [0, 0] x [-1, 1] | 0·x² + y² = y²: \\|y\\|
            sqrt((2*x)*(x*2)) - abs(2*x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | (2x)·(2x) = 4x²: 2\\|x\\| − \\|2x\\| ≡ 0
            sqrt(x*x*0.25) - relu(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | -0.5 | d = -0.5 | ½\\|x\\| − (x + \\|x\\|)/2 = −x/2; AD 0 − ½
            sqrt(abs(x)*abs(x) + y*y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | \\|x\\|·\\|x\\| = x²: the norm ‖(x, y)‖
            sqrt(relu(x)*relu(x)) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [0, 1] | sqrt(t·t) = \\|t\\| = relu(x); AD = sqrt′(0)·2·0·½ = 0
            relu(sqrt(x*x + y*y)) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | a norm is ≥ 0: relu(‖(x, y)‖) = ‖(x, y)‖
            max(sqrt(x*x + y*y), abs(x)) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | ‖(x, y)‖ ≥ \\|x\\|: the max is the norm; AD ½·0 + ½·abs′(0)·1 = 0
            min(x, sqrt(x*x + y*y)) | x=0,y=0 | mid | DIFFERENTIABLE_INCORRECT | (0.5, 0) | d = (1, 0) | x ≤ ‖(x, y)‖: the min is x; AD ½·(1, 0) + ½·0
            abs(sqrt(x*x + y*y) - x) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (-1, 0) 1 | ‖(x, y)‖ − x ≥ 0: f = ‖(x, y)‖ − x, ∂ = (−1, 0) + disc; AD = abs′(0)·(−1, 0) = 0, on its boundary
            relu(x - 2*sqrt(x*x + y*y)) | x=0,y=0 | mid | DIFFERENTIABLE_INCORRECT | (0.5, 0) | d = (0, 0) | x − 2‖(x, y)‖ ≤ −‖(x, y)‖ ≤ 0: f ≡ 0; AD relu′(0)·(1, 0)
            relu(x - sqrt(x*x + y*y)) + relu(y) | x=0,y=0 | mid | NONDIFFERENTIABLE_NOT_CLARKE | (0.5, 0.5) | box [0, 0] x [0, 1] | x ≤ ‖(x, y)‖: the first term ≡ 0 and f = relu(y); AD ½·(1, 0) + (0, ½)
            relu(sqrt(x*x + y*y) - 2*x) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (-1, 0) | conv (0, 0), (-3, 0), (-1.5, 0.8660254037844386), (-1.5, -0.8660254037844386) | the kink crosses: ∂ is the hull of 0 (where ‖d‖ < 2d₁) and the arc u − 2e₁, u₁ ≤ ½ (the four points are in it); AD relu′(0)·(−2, 0)
            abs(sqrt(x*x + y*y + z*z) - x - y) | x=0,y=0,z=0 | abs=2 | NONDIFFERENTIABLE_NOT_CLARKE | (-2, -2, 0) | ball (0, 0, 0) 2.414213562373095 | the kink crosses (1 − u₁ − u₂ takes both signs on the unit sphere): gradients u − (1, 1, 0) where u₁ + u₂ < 1, (1, 1, 0) − u where u₁ + u₂ > 1, all within 1 + √2 of 0; along −(1, 1, 0)/√2 the most is 1 + √2 (at u = −(1, 1, 0)/√2), below AD's 2√2. The outer bound conv{±(1, 1, 0)} + [−1, 1]³ holds AD: the sphere's bracket refutes it
            relu(sqrt(x*x + y*y + z*z) - 2*x) | x=0,y=0,z=0 | relu=1.5 | NONDIFFERENTIABLE_CLARKE | (-3, 0, 0) | conv (0, 0, 0), (-3, 0, 0), (-1.5, 0.8660254037844386, 0), (-1.5, -0.8660254037844386, 0), (-1.5, 0, 0.8660254037844386), (-1.5, 0, -0.8660254037844386) | gradients 0 where ‖d‖ < 2d₁ and u − 2e₁ for unit u with u₁ ≤ ½ (the six points are in their hull); AD relu′(0)·(−2, 0, 0) = (−3, 0, 0) is u = −e₁'s, the tip of the set: outside the rays' hull, reached by the sphere's bracket
            x * abs(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | \\|x·\\|x\\|\\| = x²
            relu(x)*relu(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | relu(x)², AD 2·0·½ = 0
            abs(x)*abs(y) | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | \\|xy\\| ≤ ‖(x, y)‖²
            exp(relu(x)) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0.5 | [0, 1] | one-sided slopes e⁰·0 and e⁰·1
            sin(abs(x)) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1, 1] | slopes ∓cos 0
            abs(sin(x)) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1, 1] | slopes ∓cos 0; AD abs′(0)·cos 0 = 0
            softplus(abs(x)) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-0.5, 0.5] | softplus′(0) = ½ times ∓1
            exp(x) * relu(y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0.5) | box [0, 0] x [0, 1] | e^x·relu(y): ∂/∂x = e^x·relu(0) = 0, ∂/∂y = e^0·[0, 1]
            tanh(relu(x)) - relu(tanh(x)) | x=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | tanh is increasing with tanh 0 = 0, so the two are equal: ≡ 0; AD ½ − ½
            hardswish(x) | x=-3 | mid | NONDIFFERENTIABLE_CLARKE | -0.25 | [-0.5, 0] | x(x + 3)/6 has slope (2x + 3)/6 = −½ at −3, 0 on the left
            elu(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | slopes α·e⁰ = 1 and 1 agree
            relu(x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0.5 | [0, 1] | the kink itself
            abs(x) | x=0 | abs=3 | NONDIFFERENTIABLE_NOT_CLARKE | 3 | [-1, 1] | an override outside [D⁻, D⁺]
            relu(relu(x)) - relu(x) | x=0 | mid | DIFFERENTIABLE_INCORRECT | -0.25 | d = 0 | ≡ 0; AD ½·½ − ½
            relu(x) - relu(-x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | = x; AD ½ + ½
            max(x, y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0.5, 0.5) | conv (1, 0), (0, 1) | the tie
            min(x, y) + max(x, y) | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (1, 1) | d = (1, 1) | = x + y
            clamp(x, 0, 1) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0.5 | [0, 1] | lower kink
            hardtanh(x) + hardtanh(-x) | x=1 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | slopes 1 − 1 left of 1 and 0 + 0 right of it; AD ½ − ½
            leaky_relu(x, 0.1) - 0.1*x | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0.45 | [0, 0.9] | = 0.9·relu(x); AD (0.1 + 1)/2 − 0.1
            abs(abs(x) - abs(y)) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | box [-1, 1]^2 | pieces (±1, ±1), all four
            Σ9 relu(x#) - relu(-x#) - x# | x#=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | 18 kinks, ≡ 0: rows x# and −x# merge with coefficient ½ − ½; AD ½ + ½ − 1
            Σ9 relu(x#) - relu(x#) | x#=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | 18 kinks, ≡ 0; σ-cube test would see σ_a ≠ σ_b, no realisable pattern does
            Σ9 max(x#, 0) - min(x#, 0) - abs(x#) | x#=0 | mid | DIFFERENTIABLE_CORRECT | 0 | d = 0 | 27 kinks: max(x, 0) − min(x, 0) = \\|x\\|; coefficient ½ + ½ − 1 = 0
            Σ9 relu(x#) + relu(x#) | x#=0 | mid | NONDIFFERENTIABLE_CLARKE | 1 | box [0, 2]^9 | 18 kinks in 9 independent merged directions, C = 1 each; AD 2·½
            Σ9 relu(x#) + relu(x#) | x#=0 | relu=3 | NONDIFFERENTIABLE_NOT_CLARKE | 6 | box [0, 2]^9 | merged AD coefficient 3 > C = 1
            Σ9 relu(x#) + relu(-x#) | x#=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | box [-1, 1]^9 | relu(x) + relu(−x) = \\|x\\|: coefficient ½ + ½ = 1
            sqrt(x*x + y*y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | the norm: convex, ∂ = unit disc; AD = sqrt′(0)·(2x, 2y) = 0, its centre
            sqrt(x^2 + y^2) + x | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (1, 0) | ball (1, 0) 1 | (1, 0) + disc
            2 - sqrt(x*x + y*y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | concave: ∂(−N) = −∂N = disc
            sqrt(x*x + y*y) * (x - 1) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | ball (0, 0) 1 | weight x − 1 = −1 on the norm, ∂/∂x of the rest N·1 = 0
            sqrt(x*x + x*x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [-1.4142135623730951, 1.4142135623730951] | = √2·\\|x\\|: the rows (1, 1) have rank 1, so an abs
            sqrt((x - y)^2 + (2*x - 2*y)^2) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | conv (2.23606797749979, -2.23606797749979), (-2.23606797749979, 2.23606797749979) | = √5·\\|x − y\\| (rank 1)
            sqrt(x^2 + y^2)^3 | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | ‖(x, y)‖³ is C¹ with derivative 0
            relu(sqrt(x*x + y*y) - 1) | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | = 0 near (0, 0): the norm is below 1
            let s = x + y in sqrt(x*x + y*y) - sqrt(x*x + s*s) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | conv (-1, 0), (1, 0) | weights of both signs; at (0, ±1) the gradients are ±(0, 1) ∓ (1, 1); AD the centre 0
            let u = 2*x in let v = 2*y in sqrt(x*x + y*y) - 0.5*sqrt(u*u + v*v) | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | ‖v‖ − ½·‖2v‖ ≡ 0: proportional norms merge, weight 1 − ½·√4
            sqrt(x*x + y*y) - relu(x) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (-0.5, 0) | conv (-1, 1), (-1, -1), (0, 1), (0, -1) | ‖(x, y)‖ − relu(x): gradients (0, ±1) − (1, 0) just right of x = 0 on the y-axis, (0, ±1) just left; AD −½·(1, 0), their mean
            sqrt(x*x + y*y) + abs(x) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | box [-1, 1]^2 | (0, ±1) ± (1, 0) beside the y-axis; AD abs′(0) = 0
            sqrt(x*x + y*y) + relu(z) | x=0,y=0,z=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0, 0.5) | box [-1, 1] x [-1, 1] x [0, 1] | the norm moves on z = 0, where (0, 0, σ·½ + ½) ± (u, 0) pair up; box ⊆ disc × [0, 1]
            0*sqrt(x*x + y*y) + relu(x) - relu(x) | x=0,y=0 | mid | DIFFERENTIABLE_CORRECT | (0, 0) | d = (0, 0) | ≡ 0: the norm's weight is 0 and the kinks cancel
            sqrt(x*x + y*y) - relu(x) | x=0,y=0 | relu=2 | NONDIFFERENTIABLE_NOT_CLARKE | (-2, 0) | conv (-1, 1), (-1, -1), (0, 1), (0, -1) | gradients u left of x = 0 and u − (1, 0) right of it, u a unit vector on that side: x-components in [−1, 0], AD's −2 outside
            sqrt(x*x + y*y) - relu(x) | x=0,y=0 | relu=1 | NONDIFFERENTIABLE_CLARKE | (-1, 0) | conv (-1, 1), (-1, -1), (0, 1), (0, -1) | the same square; AD (−1, 0) is the mean of (−1, ±1) = (0, ±1) − (1, 0), the gradients just right of x = 0 on the y-axis
            sqrt(x*x + y*y) + abs(x) + abs(x + y) + abs(x - y) | x=0,y=0 | abs=1 | NONDIFFERENTIABLE_CLARKE | (3, 0) | conv (4, 0), (1, 3), (1, -3) | limiting gradients (3, 0) + (1, 0) along the x-axis and (1, ±2) + (0, ±1) beside the y-axis (x > 0); their hull holds AD (1 + 1 + 1, 0 + 1 − 1)
            sqrt(x*x + y*y) + abs(x) + abs(x + y) + abs(x - y) | x=0,y=0 | abs=1.34 | NONDIFFERENTIABLE_NOT_CLARKE | (4.02, 0) | box [-4, 4] x [-3, 3] | every gradient is P_σ + u, u a unit vector in the cell: x-component ≤ 3 + 1 (cell x > \\|y\\|), so AD's 1.34·3 is outside
            sqrt(z*z + y*y) + abs(x) + abs(y) + abs(x + y) | x=0,y=0,z=0 | abs=1 | NONDIFFERENTIABLE_CLARKE | (0, 2, 2) | conv (0, 2, 2), (0, -2, -2), (0, 0, 2), (0, -2, 0), (0, 2, 0), (0, 0, -2) | (z, y, x): dependent kink directions x, y, x + y; the norm moves on their intersection, the z-axis, so each cell's P_σ is the mean of P_σ ± (u, 0) there; AD is the cell x, y > 0
            sqrt((x - y)*(x - y)) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0) | conv (1, -1), (-1, 1) | the factors are two nodes computing x − y, so a square: \\|x − y\\|; AD sqrt′(0)·0 = 0, the midpoint
            sqrt(x*x + y*y) + relu(x) | x=0,y=0 | relu=2 | NONDIFFERENTIABLE_CLARKE | (2, 0) | conv (2, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 0) | u + (1, 0) right of the y-axis, u left of it, u a unit vector on that side; AD (1, 0) + (1, 0) is the gradient along the x-axis, on the hull's boundary: the plane's exact support function decides it
            relu(x) - relu(2*x) + x*y | x=0,y=0 | relu=-0.5 | NONDIFFERENTIABLE_NOT_CLARKE | (0.5, 0) | conv (-1, 0), (0, 0) | the kinks x and 2x are affine, so they share their sign near 0 (no cusp between them): pieces (1 − 2 + y, x) → (−1, 0) and (0, 0); AD −½ + 1 = ½ lies outside, though inside the hull [−2, 1] of all four patterns
            sqrt(x*x + y*y) - relu(x) - relu(y) - relu(-x) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, -0.5) | box [-1, 1] x [-1, 0] | = ‖d‖ − \\|x\\| − relu(y); f − g₀·d is even, so g₀ = (0, −½), AD, is the mean of the gradients at d and −d; hull of the four quarter arcs
            if (x > 0) x + 1 else x | x=0 | mid | UNKNOWN | 1 | reason: not shown to agree | a jump of 1 across x = 0
            if (x > y) x*y else x | x=0,y=0 | mid | UNKNOWN | (1, 0) | reason: not shown to agree | equal at (0, 0), but on x = y = t the branches differ by t² − t: jumps arbitrarily close
            if (x > 1) x*sin(1)/sin(1) else x | x=1 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | x·sin(1)/sin(1) is x over the atom sin(1) (exact division): then − else = 0·(x − 1), the if is x
            if (x > 0) relu(x) else sin(x) | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | branches agree at x = 0; a kink inside a branch: x on the right, sin x on the left, slopes 1 and cos 0 = 1
            if (x > 0) relu(x) else sqrt(-x) | x=1 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | off its boundary the if is only its then-branch x: the else-branch sqrt(−1) is never evaluated
            if (x > 0) abs(x - 1) else 1 - x | x=0 | mid | DIFFERENTIABLE_CORRECT | -1 | d = -1 | \\|x − 1\\| = 1 − x near 0: both sides 1 − x
            if (x > 0) relu(x) + x else sin(x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 1 | [1, 2] | 2x on the right, sin x on the left: slopes 2 and 1; AD takes the else branch, cos 0
            if (x > 0) abs(x) else relu(-x) | x=0 | mid | NONDIFFERENTIABLE_CLARKE | -0.5 | [-1, 1] | = \\|x\\|; AD relu′(0)·(−1) in the else branch
            if (x > y) relu(x) else relu(y) | x=0,y=0 | mid | NONDIFFERENTIABLE_CLARKE | (0, 0.5) | conv (0, 0), (1, 0), (0, 1) | = relu(max(x, y)): pieces 0, ∇x, ∇y
            if (x*x > 0) x else 0 | x=0 | mid | DIFFERENTIABLE_INCORRECT | 0 | d = 1 | x² > 0 off x = 0, where both branches are 0: the if is x everywhere; AD takes the else branch at 0
            if (x*x > 0) relu(x) else 0 | x=0 | mid | NONDIFFERENTIABLE_CLARKE | 0 | [0, 1] | = relu(x); AD's else branch gives 0, an endpoint
            if (x*x - 2*x*y + y*y > 0) x else y | x=0,y=0 | mid | DIFFERENTIABLE_INCORRECT | (0, 1) | d = (1, 0) | (x − y)² > 0 off x = y, where x = y: the if is x; AD takes y on the diagonal
            if (x*x >= 0) x else 7 | x=0 | mid | DIFFERENTIABLE_CORRECT | 1 | d = 1 | x² ≥ 0 always: the if is x
            if (x*x - 2*x*y + y*y > 0) max(x, y) else x | x=1,y=1 | mid | NONDIFFERENTIABLE_CLARKE | (1, 0) | conv (1, 0), (0, 1) | on the diagonal max(x, x) = x: the if is max(x, y); AD takes x there
            if (x*x > 0) x + 1 else 0 | x=0 | mid | UNKNOWN | 0 | reason: may be discontinuous | x + 1 off 0, 0 at 0: a jump
            sqrt(relu(x)) | x=0 | mid | UNKNOWN | 0 | reason: not Lipschitz | slope +∞ from the right
            x^1.5 | x=0 | mid | UNKNOWN | 0 | reason: outside the domain | undefined for x < 0
            sqrt(x*x - y*y) | x=0,y=0 | mid | UNKNOWN | (0, 0) | reason: outside the domain | x² − y² < 0 wherever \\|y\\| > \\|x\\|: undefined on a cone around 0
            sqrt(relu(x)*relu(x) + y*y) | x=0,y=0 | mid | UNKNOWN | (0, 0) | reason: whose argument sits on an active kink | ‖(relu(x), y)‖ is Lipschitz (∂ = the right half-disc); a norm of a kinked argument is not decided
            Σ9 relu(relu(x#)) - relu(x#) | x#=0 | mid | UNKNOWN | -0.25 | reason: enumeration budget | 27 nested kinks, none of the certificates applies
            """;

    /** One row of the table. */
    record Row(String program, String point, String policy, Verdict verdict, String ad, String expected, String why) {

        static Row parse(String line) {
            String[] c = line.split(" \\| ", -1);
            if (c.length != 7) {
                throw new IllegalArgumentException("7 columns expected: " + line);
            }
            return new Row(c[0].trim(), c[1].trim(), c[2].trim(), Verdict.valueOf(c[3].trim()), c[4].trim(), c[5].trim(), c[6].trim());
        }

        /** The program with Σk expanded. */
        String source() {
            if (!program.startsWith("Σ")) {
                return program;
            }
            int k = Integer.parseInt(program.substring(1, program.indexOf(' ')));
            String term = program.substring(program.indexOf(' ') + 1);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                parts.add("(" + term.replace("#", Integer.toString(i)) + ")");
            }
            return String.join(" + ", parts);
        }

        String at() {
            if (!point.contains("#")) {
                return point;
            }
            int k = Integer.parseInt(program.substring(1, program.indexOf(' ')));
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                parts.add(point.replace("#", Integer.toString(i)));
            }
            return String.join(",", parts);
        }

        /** As the docs print it: | program | point | policy | verdict | AD | expected | why |. */
        String markdown() {
            return "| `" + program + "` | " + point + " | " + policy + " | " + verdict + " | " + ad + " | " + expected
                    + " | " + why + " |";
        }
    }

    static Stream<Row> rows() {
        return TABLE.lines().filter(l -> !l.isBlank()).map(Row::parse);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowIsDecidedAsDerivedByHand(Row row) {
        KinkPolicy policy = row.policy().equals("mid") ? KinkPolicy.mid() : KinkPolicy.parse(row.policy());
        Certification c = Fixtures.certify(row.source(), row.at(), policy);
        String detail = c.method() + " | " + c.reason();
        int n = c.inputs().size();
        assertEquals(row.verdict(), c.verdict(), detail);
        assertArrayEquals(vector(row.ad(), n), c.ad(), 1e-12, "AD");
        String e = row.expected();
        switch (row.verdict()) {
            case DIFFERENTIABLE_CORRECT, DIFFERENTIABLE_INCORRECT -> {
                assertTrue(e.startsWith("d = "), e);
                double[] d = vector(e.substring(4), n);
                assertArrayEquals(d, c.derivative(), 1e-9, "derivative");
                assertArrayEquals(d, c.clarke(), 1e-9, "certified element");
                assertEquals(row.verdict() == Verdict.DIFFERENTIABLE_CORRECT, close(d, c.ad()), "AD equals the derivative");
            }
            case NONDIFFERENTIABLE_CLARKE -> {
                assertTrue(contains(e, c.ad()), "AD in " + e);
                assertArrayEquals(c.ad(), c.clarke(), 0, "AD certified");
            }
            case NONDIFFERENTIABLE_NOT_CLARKE -> {
                assertFalse(contains(e, c.ad()), "AD outside " + e);
                assertTrue(contains(e, c.clarke()), "certified element in " + e);
            }
            case UNKNOWN -> {
                assertTrue(e.startsWith("reason: "), e);
                assertTrue(c.reason().contains(e.substring(8)), c.reason());
            }
            default -> throw new AssertionError(row.verdict());
        }
    }

    /** At least 40 decided rows, and every row appears in the docs' table as it is here. */
    @Test
    void theDocsTableIsThisTable() throws IOException {
        assertTrue(rows().filter(r -> r.verdict() != Verdict.UNKNOWN).count() >= 40);
        Path docs = Path.of("..", "docs", "theory", "abs-normal.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        rows().forEach(r -> assertTrue(text.contains(r.markdown()), "docs/theory/abs-normal.md lacks the row\n" + r.markdown()));
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** {@code 0.5}, {@code (0, 1)}; one number for n coordinates repeats it. */
    static double[] vector(String s, int n) {
        String t = s.trim();
        if (t.startsWith("(")) {
            t = t.substring(1, t.length() - 1);
        }
        String[] parts = t.split(",");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.parseDouble(parts[parts.length == 1 ? 0 : i].trim());
        }
        return v;
    }

    /** Whether g lies in the hand-derived set e (interval, box or convex hull), within 1e-9. */
    static boolean contains(String e, double[] g) {
        int n = g.length;
        if (e.startsWith("[")) {
            return in(e, g[0]);
        }
        if (e.startsWith("box ")) {
            String b = e.substring(4);
            String[] factors;
            if (b.contains("^")) {
                factors = new String[n];
                java.util.Arrays.fill(factors, b.substring(0, b.indexOf('^')));
            } else {
                factors = b.split(" x ");
            }
            for (int i = 0; i < n; i++) {
                if (!in(factors[i], g[i])) {
                    return false;
                }
            }
            return true;
        }
        if (e.startsWith("ball ")) {
            String centre = e.substring(5, e.indexOf(')') + 1);
            double radius = Double.parseDouble(e.substring(e.indexOf(')') + 1).trim());
            double[] c = vector(centre, n);
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                d2 += (g[i] - c[i]) * (g[i] - c[i]);
            }
            return Math.sqrt(d2) <= radius + 1e-9;
        }
        if (e.startsWith("conv ")) {
            List<double[]> pts = new ArrayList<>();
            for (String p : e.substring(5).split("\\), ")) {
                pts.add(vector(p.endsWith(")") ? p : p + ")", n));
            }
            return Realisability.inHull(pts, g, 1e-9);
        }
        throw new IllegalArgumentException("not a set: " + e);
    }

    private static boolean in(String interval, double v) {
        String[] ab = interval.trim().substring(1, interval.trim().length() - 1).split(",");
        return v >= Double.parseDouble(ab[0].trim()) - 1e-9 && v <= Double.parseDouble(ab[1].trim()) + 1e-9;
    }
}
