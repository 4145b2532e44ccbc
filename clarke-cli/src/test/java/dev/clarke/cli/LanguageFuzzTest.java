package dev.clarke.cli;

import dev.clarke.lang.Program;
import dev.clarke.lang.SyntaxError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random programs (well-formed trees of every construct and primitive, then some of them mangled
 * character by character) at random points, hostile numbers included, through grad, check and anf:
 * each run keeps the {@link HostileInput} property.
 */
class LanguageFuzzTest {

    private static final String[] UNARY = {"exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "softplus", "relu", "abs",
        "sign", "floor", "round", "hardtanh", "relu6", "hardsigmoid", "hardswish", "neg", "softshrink", "hardshrink", "elu"};
    private static final String[] NARY = {"max", "min", "sum", "mean", "logsumexp", "add", "sub", "mul", "div", "pow"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "0.5", "2", "1e308", "5e-324", "1e-300", "3", "1e10"};
    private static final String[] AT = {"0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "5e-324", "1e-7", "100"};
    private static final String NOISE = "()[],=<>#\n\t\"\\\u0000é-+ 9e.";
    private static final String[] COMMANDS = {"grad", "grad --certify", "grad --order 2", "check", "anf", "grad --policy pytorch --dtype f16"};

    static String expr(Random r, int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            int k = r.nextInt(3);
            return k == 0 ? NUMBERS[r.nextInt(NUMBERS.length)] : k == 1 ? "x" : "y";
        }
        switch (r.nextInt(10)) {
            case 0: return UNARY[r.nextInt(UNARY.length)] + "(" + expr(r, depth - 1) + ")";
            case 1: {
                StringBuilder s = new StringBuilder(NARY[r.nextInt(NARY.length)]).append('(');
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    s.append(i == 0 ? "" : ", ").append(expr(r, depth - 1));
                }
                return s.append(')').toString();
            }
            case 2: return "let v = " + expr(r, depth - 1) + " in " + expr(r, depth - 1).replace("y", "v");
            case 3: return "if (" + expr(r, depth - 1) + (r.nextBoolean() ? " > " : " <= ") + expr(r, depth - 1) + ") "
                    + expr(r, depth - 1) + " else " + expr(r, depth - 1);
            case 4: return "where(" + expr(r, depth - 1) + " >= 0, " + expr(r, depth - 1) + ", " + expr(r, depth - 1) + ")";
            case 5: return "[" + expr(r, depth - 1) + ", " + expr(r, depth - 1) + "][" + r.nextInt(3) + "]";
            case 6: return "clamp(" + expr(r, depth - 1) + ", -1, 1)";
            case 7: return "leaky_relu(" + expr(r, depth - 1) + ", 0.1)";
            case 8: return "softmax([" + expr(r, depth - 1) + ", " + expr(r, depth - 1) + "])[0]";
            default: return "(" + expr(r, depth - 1) + ")" + "+-*/^".charAt(r.nextInt(5)) + "(" + expr(r, depth - 1) + ")";
        }
    }

    /** Deletes, duplicates or inserts a few characters. */
    static String mangle(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        int edits = r.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0: b.deleteCharAt(at); break;
                case 1: b.insert(at, b.charAt(at)); break;
                default: b.insert(at, NOISE.charAt(r.nextInt(NOISE.length()))); break;
            }
        }
        return b.toString();
    }

    private static String point(String source, Random r) {
        List<String> vars = new ArrayList<>();
        try {
            vars.addAll(Program.parse(source).variables());
        } catch (SyntaxError e) {
            vars.add("x");
        }
        StringBuilder at = new StringBuilder();
        for (String v : vars) {
            at.append(at.length() == 0 ? "" : ",").append(v).append('=').append(AT[r.nextInt(AT.length)]);
        }
        return at.length() == 0 ? "x=1" : at.toString();
    }

    @Property(tries = 250)
    void anyProgramAtAnyPointIsAResultOrOneLine(@ForAll long seed) {
        Random r = new Random(seed);
        String source = expr(r, 1 + r.nextInt(5));
        if (r.nextInt(3) == 0) {
            source = mangle(source, r);
        }
        List<String> args = new ArrayList<>(List.of(COMMANDS[r.nextInt(COMMANDS.length)].split(" ")));
        args.add(1, source);
        args.add("--at");
        args.add(point(source, r));
        HostileInput.check(null, args.toArray(new String[0]));
    }
}
