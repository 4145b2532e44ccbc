package dev.clarke.pap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A PAP representation of a function of {@link #arity()} reals: a partition into analytic sets,
 * each with its analytic branch. Representations with infinitely many pieces (floor, round) list
 * the finitely many that can contain points near a given one.
 */
public interface PapRepresentation {

    /** {@return the number of arguments} */
    int arity();

    /**
     * The function itself, for validation and tangential-consistency checks.
     *
     * @param x the arguments, {@link #arity()} of them
     * @return the function's value at {@code x}
     */
    double value(double[] x);

    /**
     * The pieces that may contain {@code x} (all of them for a finite representation).
     *
     * @param x the point, one value per argument
     * @return the pieces that may contain {@code x} (all of them for a finite representation)
     */
    List<Piece> piecesNear(double[] x);

    /**
     * The pieces containing {@code x}: exactly one for a valid representation.
     *
     * @param x the point, one value per argument
     * @return the pieces containing {@code x}: exactly one for a valid representation
     */
    default List<Piece> piecesContaining(double[] x) {
        List<Piece> out = new ArrayList<>(1);
        for (Piece p : piecesNear(x)) {
            if (p.set().contains(x)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The piece containing {@code x}, or an {@link IllegalStateException} saying how many do.
     *
     * @param x the point, one value per argument
     * @return the one piece containing {@code x}
     * @throws IllegalStateException if none or several do, saying how many
     */
    default Piece pieceAt(double[] x) {
        List<Piece> in = piecesContaining(x);
        if (in.size() != 1) {
            throw new IllegalStateException(in.size() + " pieces contain " + Arrays.toString(x)
                    + (in.isEmpty() ? "" : ": " + in.stream().map(Piece::label).toList()));
        }
        return in.get(0);
    }

    /**
     * Checks the representation at sample points: exactly one piece contains each, the point lies in
     * its branch's open domain, and the branch's value equals the function's (to a relative
     * {@code 1e-12}). Returns the problems found, empty if none.
     *
     * @param samples the points to check at
     * @return the problems found, one line each; empty if none
     */
    default List<String> validate(List<double[]> samples) {
        List<String> problems = new ArrayList<>();
        for (double[] x : samples) {
            List<Piece> in = piecesContaining(x);
            String at = Arrays.toString(x);
            if (in.size() != 1) {
                problems.add(in.size() + " pieces contain " + at + (in.isEmpty() ? "" : ": "
                        + in.stream().map(Piece::label).toList()));
                continue;
            }
            Piece p = in.get(0);
            if (!p.branch().inDomain(x)) {
                problems.add(at + " is outside the domain of the branch of piece '" + p.label() + "'");
                continue;
            }
            double b = p.branch().eval(x);
            double f = value(x);
            if (!(Math.abs(b - f) <= 1e-12 * Math.max(1, Math.abs(f)))) {
                problems.add("at " + at + " the branch of piece '" + p.label() + "' gives " + b
                        + " but the function gives " + f);
            }
        }
        return problems;
    }

    /**
     * A finite representation.
     *
     * @param arity the number of arguments
     * @param value the function itself, which each piece's branch must equal on the piece
     * @param pieces the pieces, which must partition the domain
     * @return the representation with these pieces; call {@link #validate} to check it
     */
    static PapRepresentation of(int arity, ToDoubleFunction<double[]> value, List<Piece> pieces) {
        List<Piece> copy = List.copyOf(pieces);
        return new PapRepresentation() {
            @Override
            public int arity() {
                return arity;
            }

            @Override
            public double value(double[] x) {
                return value.applyAsDouble(x);
            }

            @Override
            public List<Piece> piecesNear(double[] x) {
                return copy;
            }
        };
    }
}
