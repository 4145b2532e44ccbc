package dev.clarke.lang;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed program: one expression of the language, immutable, parsed once and evaluated on as
 * many traces as wanted.
 *
 * <pre>{@code
 * Program p = Program.parse("if (x > 0) log(x) else 0");
 * Trace t = new Trace();
 * Var x = t.input(-1.0);
 * Var y = p.evaluate(t, Map.of("x", x));   // 0: log never runs
 * }</pre>
 */
public final class Program {

    private final String source;
    private final Expr root;
    private final Set<String> variables;
    private final int height;

    private Program(String source, Expr root) {
        this.source = source;
        this.root = root;
        this.height = ExprTrees.height(root);
        Set<String> free = new LinkedHashSet<>();
        collectFree(root, new HashSet<>(), free);
        this.variables = Collections.unmodifiableSet(free);
    }

    private Program(String source, Expr root, Set<String> variables) {
        this.source = source;
        this.root = root;
        this.variables = variables;
        this.height = ExprTrees.height(root);
    }

    /** The same source and variables (in order) with another, equivalent tree: a lowering's result. */
    Program withRoot(Expr lowered) {
        return new Program(source, lowered, variables);
    }

    /**
     * Parses {@code source}.
     *
     * @throws SyntaxError if it is not a program: bad characters or numbers, misplaced tokens, an
     *                     unknown function, a wrong number of arguments, a literal argument that is
     *                     not a number
     * @param source the program's text
     * @return the parsed program
     */
    public static Program parse(String source) {
        Objects.requireNonNull(source, "source");
        // a tree is never taller than its source is long: only long sources need the deep stack
        return DeepStack.run(source.length(), () -> new Program(source, Parser.parse(source)));
    }

    /**
     * The names of the primitives a program can call, in the language's table order.
     *
     * @return the names
     */
    public static java.util.List<String> primitives() {
        return java.util.List.copyOf(Builtins.names());
    }

    /**
     * The free variables (inputs the environment must bind), in order of first appearance.
     *
     * @return the variables' names
     */
    public Set<String> variables() {
        return variables;
    }

    /**
     * Records the program on {@code trace}, looking its free variables up in {@code env}, and
     * returns its value (of any shape: the caller checks that it is a scalar where it needs one).
     *
     * @throws EvaluationError if a variable is unbound, an index is out of range, a test of
     *                         {@code if} is not a scalar, or a primitive refuses its operands (e.g.
     *                         shapes that do not broadcast)
     * @throws dev.clarke.ad.DomainException unchanged from the AD layer, when a primitive left its
     *                         domain on a path the result depends on
     * @param trace the trace to record on
     * @param env a value for every free variable
     * @return the program's value
     */
    public Var evaluate(Trace trace, Map<String, Var> env) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(env, "env");
        return DeepStack.run(height, () -> new Evaluator(trace, env).eval(root));
    }

    /**
     * The height of the expression tree: 1 for a number or a variable, one more for each level of
     * calls, operators, tests, bindings and indexing above it. Walks over the tree recurse this deep
     * ({@link DeepStack}).
     *
     * @return the tree's height
     */
    public int height() {
        return height;
    }

    /**
     * The source text, as given to {@link #parse}.
     *
     * @return the source text
     */
    public String source() {
        return source;
    }

    /**
     * The expression tree.
     *
     * @return the root of the tree
     */
    public Expr root() {
        return root;
    }

    /** The source text. */
    @Override
    public String toString() {
        return source;
    }

    private static void collectFree(Expr e, Set<String> bound, Set<String> out) {
        if (e instanceof Expr.Ref r) {
            if (!bound.contains(r.name())) {
                out.add(r.name());
            }
        } else if (e instanceof Expr.Call c) {
            for (Expr a : c.args()) {
                collectFree(a, bound, out);
            }
        } else if (e instanceof Expr.Let l) {
            collectFree(l.value(), bound, out);
            boolean added = bound.add(l.name());
            collectFree(l.body(), bound, out);
            if (added) {
                bound.remove(l.name());
            }
        } else if (e instanceof Expr.If f) {
            collectFree(f.test(), bound, out);
            collectFree(f.then(), bound, out);
            collectFree(f.otherwise(), bound, out);
        } else if (e instanceof Expr.Vector v) {
            for (Expr a : v.elements()) {
                collectFree(a, bound, out);
            }
        } else if (e instanceof Expr.Index x) {
            collectFree(x.target(), bound, out);
        } else if (e instanceof Expr.Compare c) {
            collectFree(c.left(), bound, out);
            collectFree(c.right(), bound, out);
        }
    }
}
