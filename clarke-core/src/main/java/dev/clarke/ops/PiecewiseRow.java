package dev.clarke.ops;

import java.util.List;

/**
 * A one-input piecewise family as one row of data: its parameters with their defaults, its
 * breakpoints (possibly parameters, like clamp's lo and hi or softshrink's ±λ), one analytic
 * {@link Segment} per interval between them, the value at each breakpoint (the left or right
 * piece's, or another, where the family jumps), and PyTorch 1.13's measured λ at each kink. The
 * kinks with their one-sided derivatives, the value and slope kernels, the policy's derivative and
 * flags, the PAP pieces, the abs-normal lowering, the exact rational version and the network
 * activation all come from it; checks that must stay independent of it (the PyTorch fixture, finite
 * differences, the exact oracle, the hand-written tables of docs/primitives.md) live in the tests.
 *
 * @param params      parameter names, e.g. {@code alpha}
 * @param defaults    one default per parameter
 * @param breakpoints ascending for every admissible parameter choice
 * @param pieces      one more than the breakpoints: the analytic piece on each interval
 * @param atBreak     the piece that gives the value at each breakpoint
 * @param pytorch     PyTorch's λ at each kink ({@code tools/measure-pytorch-kinks.py})
 */
public record PiecewiseRow(List<String> params, double[] defaults, List<Coef> breakpoints, List<Segment> pieces,
                           List<Segment> atBreak, double[] pytorch) {

    /**
     * Checks the row's shape: one piece more than breakpoints, one value per breakpoint.
     *
     * @param params parameter names, e.g. {@code alpha}
     * @param defaults one default per parameter
     * @param breakpoints ascending for every admissible parameter choice
     * @param pieces one more than the breakpoints: the analytic piece on each interval
     * @param atBreak the piece that gives the value at each breakpoint
     * @param pytorch PyTorch's λ at each kink
     * @throws IllegalArgumentException if the lists' lengths do not fit together
     */
    public PiecewiseRow {
        if (pieces.size() != breakpoints.size() + 1 || atBreak.size() != breakpoints.size()
                || defaults.length != params.size()) {
            throw new IllegalArgumentException("a piecewise row needs one piece more than breakpoints, one value per"
                    + " breakpoint and one default per parameter");
        }
    }

    /**
     * The family at these parameters (missing trailing ones take their defaults).
     *
     * @param given the parameters; fewer than the row's take the defaults
     * @return the piecewise function with these parameters
     * @throws IllegalArgumentException if the parameters put the breakpoints out of order or are
     *     not finite
     */
    public PiecewiseFunction at(double... given) {
        double[] p = new double[defaults.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i < given.length ? given[i] : defaults[i];
        }
        return new PiecewiseFunction(this, p);
    }

    /** {@return whether every piece is affine, so the family is piecewise linear} */
    public boolean piecewiseLinear() {
        for (Segment s : pieces) {
            if (!s.affine()) {
                return false;
            }
        }
        return true;
    }
}
