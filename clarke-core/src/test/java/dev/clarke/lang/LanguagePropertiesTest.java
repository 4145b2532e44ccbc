package dev.clarke.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.DomainException;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties: precedence against an independent printer (random trees printed with the fewest
 * parentheses the precedence rules allow, valued in plain Java doubles), and robustness (any text
 * is a program or a positioned error, never another exception).
 */
class LanguagePropertiesTest {

    /** A generated expression: its text with minimal parentheses, its binding strength, its value. */
    private record Gen(String text, int prec, double value) {
    }

    private static final int ADD = 1;
    private static final int MUL = 2;
    private static final int NEG = 3;
    private static final int POW = 4;
    private static final int ATOM = 5;
    private static final List<String> GAPS = List.of("", " ", "  ", "\n", " # note\n", "\t");

    private static Gen gen(Random rnd, int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            int k = rnd.nextInt(10);
            return rnd.nextBoolean() ? new Gen(Integer.toString(k), ATOM, k)
                    : new Gen(k + ".5", ATOM, k + 0.5);
        }
        switch (rnd.nextInt(6)) {
            case 0: {
                Gen a = gen(rnd, depth - 1);
                return new Gen("-" + gap(rnd) + wrap(a, a.prec() < NEG, rnd), NEG, -a.value());
            }
            case 1: {
                Gen b = gen(rnd, depth - 1);
                int p = rnd.nextInt(5) - 1;   // -1 .. 3
                String exp = p < 0 ? "-" + gap(rnd) + (-p) : Integer.toString(p);
                // a division by zero is a domain error even where the result would be finite: NaN marks it
                double v = Double.isNaN(b.value()) || p < 0 && b.value() == 0 ? Double.NaN
                        : p < 0 ? 1 / b.value() : Math.pow(b.value(), p);
                return new Gen(wrap(b, b.prec() <= POW, rnd) + gap(rnd) + "^" + gap(rnd) + exp, POW, v);
            }
            default: {
                Gen l = gen(rnd, depth - 1);
                Gen r = gen(rnd, depth - 1);
                int op = rnd.nextInt(4);
                int prec = op < 2 ? ADD : MUL;
                String sym = "+-*/".substring(op, op + 1);
                double v = op == 0 ? l.value() + r.value() : op == 1 ? l.value() - r.value()
                        : op == 2 ? l.value() * r.value() : r.value() == 0 ? Double.NaN : l.value() / r.value();
                return new Gen(wrap(l, l.prec() < prec, rnd) + gap(rnd) + sym + gap(rnd) + wrap(r, r.prec() <= prec, rnd),
                        prec, v);
            }
        }
    }

    private static String wrap(Gen g, boolean parens, Random rnd) {
        return parens ? "(" + gap(rnd) + g.text() + gap(rnd) + ")" : g.text();
    }

    private static String gap(Random rnd) {
        return GAPS.get(rnd.nextInt(GAPS.size()));
    }

    @Property(tries = 400)
    void minimalParenthesesEvaluateAsPrinted(@ForAll long seed) {
        Gen g = gen(new Random(seed), 5);
        Assume.that(Double.isFinite(g.value()) && Math.abs(g.value()) < 1e12);
        double got = Program.parse(g.text()).evaluate(new Trace(), Map.of()).item();
        assertEquals(g.value(), got, 1e-9 * Math.max(1, Math.abs(g.value())), g.text());
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of("x", "y", "1", "0.5", "2", " + ", "-", "*", "/", "^", "(", ")", "[", "]", ", ",
                "0", "relu", "max", "where", "if ", " else ", "let ", " in ", " = ", " > ", "<=", "sum", "log",
                "softmax", "clamp", "cross_entropy", "#", "\n", " ", "$", "1e", ".", "v", "[0]", "[3]")
                .list().ofMinSize(0).ofMaxSize(25).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anyTextIsAProgramOrAPositionedError(@ForAll("soup") String source) {
        Program p;
        try {
            p = Program.parse(source);
        } catch (SyntaxError e) {
            checkPosition(source, e);
            return;
        }
        Trace t = new Trace();
        Map<String, Var> env = Map.of("x", t.input(0.5), "y", t.input(-2.0),
                "v", t.input(dev.clarke.tensor.Tensor.of(dev.clarke.tensor.DType.F64,
                        dev.clarke.tensor.Shape.of(2), 1, 2)));
        try {
            p.evaluate(t, env);
        } catch (EvaluationError e) {
            checkPosition(source, e);
        } catch (DomainException expected) {
            // an out-of-domain value on a taken path: the caller reports it
        }
    }

    private static final List<String> NAMES = List.copyOf(Builtins.names());
    private static final List<String> OPS = List.of(" > ", " >= ", " < ", " <= ");

    /** A random program that is mostly well-formed but may misuse arities, shapes and literals. */
    private static String program(Random rnd, int depth) {
        if (depth == 0) {
            return List.of("x", "y", "v", "z", "0", "1", "-1", "0.5", "3").get(rnd.nextInt(9));
        }
        switch (rnd.nextInt(8)) {
            case 0: {
                StringBuilder sb = new StringBuilder("[");
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(program(rnd, depth - 1));
                }
                return sb.append("]").toString();
            }
            case 1:
                return "(" + program(rnd, depth - 1) + ")[" + rnd.nextInt(3) + "]";
            case 2:
                return "if (" + program(rnd, depth - 1) + OPS.get(rnd.nextInt(4)) + program(rnd, depth - 1) + ") "
                        + program(rnd, depth - 1) + " else " + program(rnd, depth - 1);
            case 3:
                return "let z = " + program(rnd, depth - 1) + " in " + program(rnd, depth - 1);
            case 4:
                return program(rnd, depth - 1) + " " + "+-*/^".charAt(rnd.nextInt(5)) + " " + program(rnd, depth - 1);
            default: {
                String name = NAMES.get(rnd.nextInt(NAMES.size()));
                Builtin b = Builtins.lookup(name);
                int n = rnd.nextInt(8) == 0 ? rnd.nextInt(4) : Math.min(b.maxArgs(), b.minArgs() + rnd.nextInt(2));
                StringBuilder sb = new StringBuilder(name).append('(');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    Builtin.ArgKind k = b.kind(i);
                    if (k == Builtin.ArgKind.TEST) {
                        sb.append(program(rnd, depth - 1)).append(OPS.get(rnd.nextInt(4))).append(program(rnd, depth - 1));
                    } else if (k == Builtin.ArgKind.NUMBER || k == Builtin.ArgKind.INDEX) {
                        sb.append(rnd.nextInt(6) == 0 ? program(rnd, depth - 1) : Integer.toString(rnd.nextInt(3) - (k == Builtin.ArgKind.NUMBER ? 1 : 0)));
                    } else {
                        sb.append(program(rnd, depth - 1));
                    }
                }
                return sb.append(')').toString();
            }
        }
    }

    @Property(tries = 2000)
    void randomProgramsEvaluateOrFailWithAPositionedError(@ForAll long seed) {
        String source = program(new Random(seed), 4);
        anyTextIsAProgramOrAPositionedError(source);
    }

    private static void checkPosition(String source, ProgramError e) {
        String[] lines = source.split("\n", -1);
        Position p = e.position();
        assertTrue(p.line() <= lines.length, e::getMessage);
        assertTrue(p.column() <= lines[p.line() - 1].length() + 1, e::getMessage);
        assertTrue(e.getMessage().startsWith(p + ": "), e::getMessage);
        assertEquals(-1, e.getMessage().indexOf('\n'), e::getMessage);
        assertEquals(3, e.caretMessage(source).split("\n", -1).length, e::getMessage);
    }
}
