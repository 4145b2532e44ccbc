package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.DomainException;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax and evaluation errors: exact line:column, message, and caret. */
class ErrorsTest {

    private static SyntaxError syntax(String source) {
        return assertThrows(SyntaxError.class, () -> Program.parse(source));
    }

    private static EvaluationError evaluation(String source, Object... bindings) {
        Run r = new Run(source, bindings);
        return assertThrows(EvaluationError.class, r::evaluate);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "relu(x                     | 1:7: expected ')' but found end of input",
        "1 +                        | 1:4: expected an expression but found end of input",
        "if x > 0 then              | 1:4: expected '(' but found 'x'",
        "3 $ 4                      | 1:3: unexpected character '$'",
        "abs((x) else               | 1:9: expected ')' but found 'else'",
        "rleu(x)                    | 1:1: unknown function 'rleu': did you mean 'relu'?",
        "foo(x)                     | 1:1: unknown function 'foo'",
        "relu(x, y)                 | 1:1: relu takes 1 argument, got 2",
        "clamp(x, 0)                | 1:1: clamp takes 3 arguments, got 2",
        "leaky_relu(x, 0.1, 2)      | 1:1: leaky_relu takes 1 or 2 arguments, got 3",
        "max()                      | 1:1: max takes at least 1 argument, got 0",
        "leaky_relu(x, y)           | 1:15: leaky_relu: alpha must be a number literal",
        "clamp(x, -1, y + 1)        | 1:16: clamp: hi must be a number literal",
        "cross_entropy([x, y], 0.5) | 1:23: cross_entropy: class index must be an integer >= 0, got 0.5",
        "cross_entropy([x, y], k)   | 1:23: cross_entropy: class index must be a number literal (an integer >= 0)",
        "where(x, 1, 2)             | 1:8: expected a comparison ('>', '>=', '<' or '<=') but found ','",
        "if (x) 1 else 2            | 1:6: expected a comparison ('>', '>=', '<' or '<=') but found ')'",
        "if (x > 0) 1               | 1:13: expected 'else' but found end of input",
        "let = 3 in 1               | 1:5: expected a variable name but found '='",
        "let y = 1 y                | 1:11: expected 'in' but found 'y'",
        "x[y]                       | 1:3: expected an integer index but found 'y'",
        "x[1.5]                     | 1:3: expected an integer index but found '1.5'",
        "x[0                        | 1:4: expected ']' but found end of input",
        "1e                         | 1:1: malformed number '1e': an exponent needs digits, as in 1e-3",
        "2 * 1e+                    | 1:5: malformed number '1e+': an exponent needs digits, as in 1e-3",
        "1e999                      | 1:1: number '1e999' is too large",
        "x ** 2                     | 1:3: unexpected '**': write a power as x^2",
        "x == 1                     | 1:3: unexpected '==': the comparisons are >, >=, < and <=",
        "()                         | 1:2: expected an expression but found ')'",
        "[]                         | 1:2: expected an expression but found ']'",
        "[1, 2                      | 1:6: expected ',' or ']' but found end of input",
        "1 2                        | 1:3: expected end of input but found '2'",
        "relu(x y)                  | 1:8: expected ')' but found 'y'",
        "max(x y)                   | 1:7: expected ',' or ')' but found 'y'",
        "x > 0                      | 1:3: expected end of input but found '>' (a comparison may only be the test of 'if (...)' or the first argument of 'where')",
        "x . 2                      | 1:3: unexpected character '.'",
        "\"\"                       | 1:1: expected an expression but found end of input",
        "# only a comment           | 1:1: expected an expression but found end of input",
    })
    void syntaxErrorMessages(String source, String message) {
        SyntaxError e = syntax(source);
        assertEquals(message, e.getMessage());
        assertTrue(message.endsWith(e.detail()));
        assertEquals(source, e.source());
    }

    @Test
    void caretPointsAtTheColumn() {
        assertEquals("1:7: expected ')' but found end of input\nrelu(x\n      ^", syntax("relu(x").caretMessage());
        assertEquals("1:4: expected an expression but found end of input\n1 +\n   ^", syntax("1 +").caretMessage());
        assertEquals("1:3: unexpected character '$'\n3 $ 4\n  ^", syntax("3 $ 4").caretMessage());
        assertEquals("1:1: unknown function 'rleu': did you mean 'relu'?\nrleu(x)\n^", syntax("rleu(x)").caretMessage());
    }

    @Test
    void multiLineProgramsReportTheRightLine() {
        String src = "let y = x * 2 in\n  # comment\n  relu(y +)\n";
        SyntaxError e = syntax(src);
        assertEquals(new Position(3, 11), e.position());
        assertEquals("3:11: expected an expression but found ')'\n  relu(y +)\n          ^", e.caretMessage());
        // a missing token is reported just after the last token, not on the empty last line
        assertEquals(new Position(1, 7), syntax("relu(x\n\n  # trailing\n").position());
        SyntaxError crlf = syntax("1 +\r\n2 +\r\n");
        assertEquals("2:4: expected an expression but found end of input\n2 +\n   ^", crlf.caretMessage());
    }

    @Test
    void caretKeepsTabsSoItLinesUp() {
        assertEquals("1:8: expected ')' but found end of input\n\trelu(x\n\t      ^", syntax("\trelu(x").caretMessage());
    }

    @Test
    void nestingIsBounded() {
        assertEquals(1, Run.value("(".repeat(150) + "1" + ")".repeat(150)), 0);
        assertTrue(syntax("(".repeat(300) + "1" + ")".repeat(300)).getMessage().contains("nested too deeply"));
        assertTrue(syntax("-".repeat(300) + "1").getMessage().contains("nested too deeply"));
        assertTrue(syntax("2^".repeat(300) + "1").getMessage().contains("nested too deeply"));
        assertEquals(1501, Run.value("1" + "+1".repeat(1500)), 0);
        assertTrue(syntax("1" + "+1".repeat(3000)).getMessage().contains("too deep"));
    }

    // ---- evaluation --------------------------------------------------------------------------

    @Test
    void unknownVariable() {
        EvaluationError e = evaluation("x + y", "x", 1);
        assertEquals("1:5: unknown variable 'y': did you mean 'x'?", e.getMessage());
        assertEquals("1:5: unknown variable 'y': did you mean 'x'?\nx + y\n    ^", e.caretMessage("x + y"));
        assertEquals(new Position(1, 5), e.position());
        assertEquals("1:5: unknown variable 'zeta'", evaluation("x + zeta", "x", 1).getMessage());
        assertEquals("1:1: unknown variable 'relu': relu is a function, call it as relu(...)",
                evaluation("relu + 1").getMessage());
        assertEquals("2:7: unknown variable 'b': did you mean 'a'?",
                evaluation("let a = x in\n  a + b", "x", 1).getMessage());
    }

    @Test
    void unknownVariableInAnUntakenBranchIsNoError() {
        assertEquals(1, Run.value("if (x > 0) 1 else nope", "x", 1), 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[1, 2][2]                | 1:7: index 2 is out of range for a vector of length 2",
        "x[0]                     | 1:2: cannot index a scalar",
        "if ([1, 2] > 0) 1 else 2 | 1:12: the test of 'if' must compare scalars, got shapes [2] and []: use where(...) to choose elementwise",
        "softmax(x)               | 1:1: softmax takes a vector, got a scalar",
        "log_softmax(x + 1)       | 1:1: log_softmax takes a vector, got a scalar",
        "clamp(x, 1, 0)           | 1:1: clamp(x, 1.0, 0.0): needs lo <= hi",
        "cross_entropy([x, x], 5) | 1:1: cross_entropy: label 5 at row 0 is outside [0, 2)",
    })
    void evaluationErrorMessages(String source, String message) {
        assertEquals(message, evaluation(source, "x", 1).getMessage());
    }

    @Test
    void argumentErrorsOfTheLayerBelowAreWrappedAtTheCall() {
        EvaluationError e = evaluation("[1, 2] + [1, 2, 3]");
        assertEquals(new Position(1, 8), e.position());
        assertTrue(e.getMessage().startsWith("1:8: add"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        EvaluationError m = evaluation("\n  matmul([1, 2], [1, 2, 3])");
        assertEquals(new Position(2, 3), m.position());
    }

    @Test
    void vectorElementsMustBeAtMostOneDimensional() {
        Trace t = new Trace();
        Var m = t.input(Tensor.of(DType.F64, Shape.of(2, 2), 1, 2, 3, 4));
        EvaluationError e = assertThrows(EvaluationError.class,
                () -> Program.parse("[1, m]").evaluate(t, Map.of("m", m)));
        assertEquals("1:5: a vector element must be a scalar or a vector, got shape [2, 2]", e.getMessage());
        // indexing a matrix gives a row
        assertEquals(7, Program.parse("sum(m[1])").evaluate(t, Map.of("m", m)).item(), 0);
    }

    @Test
    void domainErrorsPropagateUnchanged() {
        assertThrows(DomainException.class, () -> new Run("if (log(x) > 0) 1 else 2", "x", -1).evaluate());
        assertThrows(DomainException.class, () -> new Run("where(log(x) > 0, 1, 2)", "x", -1).evaluate());
        // a taken path outside the domain is an error during evaluation, even where a later operation hides it
        assertTrue(assertThrows(DomainException.class, () -> new Run("log(x)", "x", -1).evaluate()).getMessage().contains("log"));
        assertTrue(assertThrows(DomainException.class, () -> new Run("hardtanh(1/x)", "x", 0).evaluate()).getMessage()
                .contains("division by zero"));
        assertTrue(assertThrows(DomainException.class, () -> new Run("hardtanh(1/x)", "x", -0.0).evaluate()).getMessage()
                .contains("division by zero"));
        // the eager sides of where may leave the domain where they are not selected
        Run r = new Run("where(x > 0, 1/x, 0)", "x", 0);
        Var y = r.evaluate();
        assertEquals(0, y.value().item(), 0);
        assertTrue(r.trace.violations().get(0).contains("division by zero"));
    }

    @Test
    void errorsShareOneSupertype() {
        ProgramError s = syntax("1 +");
        ProgramError e = evaluation("y");
        assertEquals("1 +\n   ^", s.caretMessage("1 +").substring(s.getMessage().length() + 1));
        assertEquals("1:1: unknown variable 'y'\ny\n^", e.caretMessage("y"));
    }
}
