package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.ad.Comparison;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precedence, associativity, tokens and the tree's shape; values by hand. */
class ParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 + 2 * 3         | (add 1 (mul 2 3))         | 7",
        "(1 + 2) * 3       | (mul (add 1 2) 3)         | 9",
        "10 - 4 - 3        | (sub (sub 10 4) 3)        | 3",
        "24 / 4 / 2        | (div (div 24 4) 2)        | 3",
        "8 / 2 * 3         | (mul (div 8 2) 3)         | 12",
        "2 ^ 3 ^ 2         | (pow 2 (pow 3 2))         | 512",
        "(2 ^ 3) ^ 2       | (pow (pow 2 3) 2)         | 64",
        "-2 ^ 2            | (neg (pow 2 2))           | -4",
        "(-2) ^ 2          | (pow (neg 2) 2)           | 4",
        "2 ^ -1            | (pow 2 (neg 1))           | 0.5",
        "2 ^ -1 ^ 2        | (pow 2 (neg (pow 1 2)))   | 0.5",
        "2 * 3 ^ 2         | (mul 2 (pow 3 2))         | 18",
        "-2 * 3            | (mul (neg 2) 3)           | -6",
        "2 * -3            | (mul 2 (neg 3))           | -6",
        "1 - -1            | (sub 1 (neg 1))           | 2",
        "--3               | (neg (neg 3))             | 3",
        "1 - 2 + 3         | (add (sub 1 2) 3)         | 2",
        "1 + 6 / 3 - 4 * 2 | (sub (add 1 (div 6 3)) (mul 4 2)) | -5",
        "[1, 2, 3][1] ^ 2  | (pow (at [1 2 3] 1) 2)    | 4",
        "-[1, 2][0]        | (neg (at [1 2] 0))        | -1",
        "[[1, 2], 3][2]    | (at [[1 2] 3] 2)          | 3",
        "1 + let y = 2 in y * 3       | (add 1 (let y 2 (mul y 3)))      | 7",
        "if (1 > 0) 2 else 3 + 4      | (if (> 1 0) 2 (add 3 4))         | 2",
        "if (1 < 0) 2 else 3 + 4      | (if (< 1 0) 2 (add 3 4))         | 7",
        "2 * if (1 <= 0) 1 else 5     | (mul 2 (if (<= 1 0) 1 5))        | 10",
        "max(1, 2) + min(3, 4)        | (add (max 1 2) (min 3 4))        | 5",
        "relu(-3) + abs(-3)           | (add (relu (neg 3)) (abs (neg 3))) | 3",
    })
    void precedenceAndAssociativity(String source, String tree, double value) {
        assertEquals(tree, Run.tree(source));
        assertEquals(value, Run.value(source), 0);
    }

    @Test
    void unaryMinusBindsLooserThanPowerWithVariables() {
        assertEquals("(neg (pow x 2))", Run.tree("-x^2"));
        assertEquals(-9, Run.value("-x^2", "x", 3), 0);
        assertEquals("(sub 0 (pow x 2))", Run.tree("0-x^2"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "3 | 3", "0.5 | 0.5", "1e-3 | 0.001", ".5 | 0.5", "5. | 5", "2.5E+2 | 250", "1e3 | 1000", "007 | 7",
    })
    void numbers(String source, double value) {
        Expr e = Program.parse(source).root();
        assertInstanceOf(Expr.Num.class, e);
        assertEquals(value, ((Expr.Num) e).value(), 0);
    }

    @Test
    void commentsAndWhitespaceAreFree() {
        String src = "# a program\n  1 +   # one\n\t2 *\n\n 3 # trailing";
        assertEquals("(add 1 (mul 2 3))", Run.tree(src));
        assertEquals(7, Run.value(src), 0);
        assertEquals(4, Run.value("  4  \r\n"), 0);
    }

    @Test
    void positionsAreOneBasedLineAndColumn() {
        Expr.Call add = (Expr.Call) Program.parse("x\n  + relu(y)").root();
        assertEquals(new Position(2, 3), add.position());
        assertEquals(new Position(1, 1), add.args().get(0).position());
        assertEquals(new Position(2, 5), add.args().get(1).position());
        assertEquals("2:5", add.args().get(1).position().toString());
    }

    @Test
    void treeRecordsForEveryConstruct() {
        Expr e = Program.parse("let v = [x, 2] in if (v[0] >= 1) where(x < 0, v, 1) else sum(v)").root();
        Expr.Let let = assertInstanceOf(Expr.Let.class, e);
        assertEquals("v", let.name());
        Expr.Vector vec = assertInstanceOf(Expr.Vector.class, let.value());
        assertEquals(2, vec.elements().size());
        Expr.If cond = assertInstanceOf(Expr.If.class, let.body());
        assertEquals(Comparison.GE, cond.test().op());
        Expr.Index index = assertInstanceOf(Expr.Index.class, cond.test().left());
        assertEquals(0, index.index());
        Expr.Call where = assertInstanceOf(Expr.Call.class, cond.then());
        assertEquals("where", where.name());
        assertEquals(Comparison.LT, assertInstanceOf(Expr.Compare.class, where.args().get(0)).op());
        assertEquals("(let v [x 2] (if (>= (at v 0) 1) (where (< x 0) v 1) (sum v)))", e.show());
    }

    @Test
    void ifElseIfNests() {
        assertEquals("(if (> x 1) 10 (if (> x 0) 20 30))",
                Run.tree("if (x > 1) 10 else if (x > 0) 20 else 30"));
    }

    @Test
    void keywordsAreNotVariablesButFunctionNamesAre() {
        assertEquals("(let relu 2 (relu relu))", Run.tree("let relu = 2 in relu(relu)"));
        assertEquals(2, Run.value("let relu = 2 in relu(relu)"), 0);
        assertEquals("(add iff (add else_ lets))", Run.tree("iff + (else_ + lets)"));
        assertThrows(SyntaxError.class, () -> Program.parse("let in = 1 in 2"));
    }

    @Test
    void variablesInOrderOfFirstAppearanceWithoutBoundNames() {
        assertEquals(List.of("b", "a", "d"), List.copyOf(Program.parse("b * a + let c = a in c + d + b").variables()));
        assertEquals(List.of(), List.copyOf(Program.parse("let x = 2 in let y = x in x * y").variables()));
        assertEquals(List.of("y"), List.copyOf(Program.parse("(let y = 1 in y) + y").variables()));
        assertEquals(List.of("y"), List.copyOf(Program.parse("let y = y + 1 in y").variables()));
        assertEquals(List.of("t", "x", "u"), List.copyOf(Program.parse("if (t > x) u else x").variables()));
        assertEquals(List.of("x", "a", "b"), List.copyOf(Program.parse("where(x > 0, a, b[0])").variables()));
    }

    @Test
    void programKeepsItsSource() {
        Program p = Program.parse("relu(x)");
        assertEquals("relu(x)", p.source());
        assertEquals("relu(x)", p.toString());
        assertEquals("(relu x)", p.root().show());
    }

    @Test
    void negativeZeroLiteralStaysNegative() {
        assertEquals("(neg 0)", Run.tree("-0"));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Run.value("-0")));
    }
}
