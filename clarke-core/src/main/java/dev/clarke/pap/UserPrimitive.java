package dev.clarke.pap;

import dev.clarke.ad.Var;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A primitive defined by its user, admitted only with a PAP representation that passes
 * validation at the given sample points (exactly one piece contains each point, the point is in
 * the branch's domain, the branch's value equals the primitive's). A primitive without one — the
 * Cantor function, a nowhere-analytic function — is refused with a message saying why. Its
 * derivative is always the derivative of the branch of the piece containing the input, so it is
 * intensional by construction; its rules are the branch's symbolic derivatives evaluated with
 * differentiable operations, so it can be differentiated to any order.
 *
 * <pre>{@code
 * Analytic x = Analytic.arg(0);
 * PapRepresentation softClip = PapRepresentation.of(1, v -> Math.min(v[0], 1), List.of(
 * new Piece("x < 1", AnalyticSet.positive(Analytic.c(1).minus(x)), x, false),
 * new Piece("x >= 1", AnalyticSet.nonPositive(Analytic.c(1).minus(x)), Analytic.c(1), false)));
 * UserPrimitive clip = UserPrimitive.register("clip1", softClip, samples);
 * Var y = clip.apply(t.input(0.5));
 * }</pre>
 */
public final class UserPrimitive {

    private static final Map<String, UserPrimitive> REGISTRY = Collections.synchronizedMap(new LinkedHashMap<>());

    private final String name;
    private final PapRepresentation representation;

    private UserPrimitive(String name, PapRepresentation representation) {
        this.name = name;
        this.representation = representation;
    }

    /**
     * Validates and registers a primitive of {@code representation.arity()} scalar arguments.
     *
     * @param name an identifier, unique among registered primitives
     * @param representation the primitive's PAP representation; its arity is the primitive's
     * @param samples points at which the representation is validated, at least one
     * @return the registered primitive
     * @throws IllegalArgumentException naming the primitive and the first problem, if it has no
     *                                  representation, no samples, or fails validation
     */
    public static UserPrimitive register(String name, PapRepresentation representation, List<double[]> samples) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("primitive name '" + name + "' must be an identifier");
        }
        if (representation == null) {
            throw new IllegalArgumentException("primitive '" + name + "' is refused: it has no PAP representation."
                    + " Declare its pieces (analytic sets with analytic branches); AD is only correct for PAP"
                    + " primitives (see docs/theory/pap.md)");
        }
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("primitive '" + name + "' is refused: give sample points to validate"
                    + " its PAP representation at (include its kinks)");
        }
        for (double[] x : samples) {
            if (x.length != representation.arity()) {
                throw new IllegalArgumentException("primitive '" + name + "': a sample has " + x.length
                        + " coordinates, the primitive takes " + representation.arity());
            }
        }
        List<String> problems = representation.validate(samples);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("primitive '" + name + "' is refused: its PAP representation is invalid: "
                    + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        UserPrimitive p = new UserPrimitive(name, representation);
        REGISTRY.put(name, p);
        return p;
    }

    /**
     * The registered primitive of that name, or null.
     *
     * @param name the primitive's name
     * @return the registered primitive of that name, or null if none
     */
    public static UserPrimitive lookup(String name) {
        return REGISTRY.get(name);
    }

    /**
     * {@return a snapshot of every registered primitive's representation, keyed by its trace
     * operation name}
     */
    public static Map<String, PapRepresentation> representations() {
        Map<String, PapRepresentation> m = new LinkedHashMap<>();
        synchronized (REGISTRY) {
            for (UserPrimitive p : REGISTRY.values()) {
                m.put(p.opName(), p.representation);
            }
        }
        return m;
    }

    /** {@return the name given at registration} */
    public String name() {
        return name;
    }

    /** {@return the operation name on traces: {@code user:NAME}} */
    public String opName() {
        return "user:" + name;
    }

    /** {@return the PAP representation given at registration} */
    public PapRepresentation representation() {
        return representation;
    }

    /**
     * Applies the primitive to scalar arguments, recording it on their trace.
     *
     * @param args scalar arguments on one trace, as many as the arity
     * @return a new scalar value recorded on their trace
     */
    public Var apply(Var... args) {
        if (args.length != representation.arity()) {
            throw new IllegalArgumentException(name + " takes " + representation.arity() + " arguments, got " + args.length);
        }
        double[] x = new double[args.length];
        for (int i = 0; i < x.length; i++) {
            if (args[i].value().size() != 1) {
                throw new IllegalArgumentException(name + ": user primitives take scalars, argument " + i
                        + " has shape " + args[i].shape());
            }
            x[i] = args[i].item();
        }
        Piece piece = representation.pieceAt(x);
        List<Var> inputs = List.of(args);
        List<Analytic> partials = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            partials.add(piece.branch().derivative(i));
        }
        Tensor value = Tensor.scalar(representation.value(x), args[0].dtype());
        return args[0].trace().custom(opName(), value, inputs,
                g -> {
                    List<Var> out = new ArrayList<>();
                    for (Analytic d : partials) {
                        out.add(g.mul(AnalyticVars.eval(d, inputs)));
                    }
                    return out;
                },
                ts -> {
                    Var sum = null;
                    for (int i = 0; i < ts.size(); i++) {
                        if (ts.get(i) != null) {
                            Var term = ts.get(i).mul(AnalyticVars.eval(partials.get(i), inputs));
                            sum = sum == null ? term : sum.add(term);
                        }
                    }
                    return sum;
                });
    }
}
