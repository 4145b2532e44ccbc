package dev.clarke.ad;

import dev.clarke.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/** The result of a reverse pass: the differentiated output's value and a cotangent per leaf. */
public final class Gradients {

    private final Tensor value;
    private final Map<Var, Tensor> byVar;

    Gradients(Tensor value, IdentityHashMap<Var, Tensor> byVar) {
        this.value = value;
        this.byVar = byVar;
    }

    /** {@return the value of the differentiated output, as computed on the forward pass} */
    public Tensor value() {
        return value;
    }

    /**
     * The gradient (cotangent) of {@code leaf}; zeros of its shape if the output does not depend on
     * it.
     *
     * @param leaf a value passed in {@code wrt} to the pass that made this result
     * @return ∂output/∂leaf (weighted by the cotangent), of {@code leaf}'s shape; zeros if the
     *     output does not depend on it
     * @throws IllegalArgumentException if {@code leaf} was not among the values differentiated with
     *     respect to
     */
    public Tensor of(Var leaf) {
        Tensor t = byVar.get(leaf);
        if (t == null) {
            throw new IllegalArgumentException("no gradient was requested for this variable: pass it to grad/vjp");
        }
        return t;
    }
}
