package dev.clarke.nn;

import dev.clarke.tensor.Tensor;
import java.util.Map;

/**
 * A model that owns named parameters, as a PyTorch {@code nn.Module} does: {@link #stateDict} lists
 * them under PyTorch's names and in PyTorch's layouts ({@code 0.weight}, {@code 0.bias},
 * {@code 2.running_mean}, ...), and {@link #loadStateDict} takes such a map back, so a checkpoint
 * written by one side loads in the other by name. The tensors are immutable; loading replaces them.
 */
public interface Module {

    /**
     * The parameters by PyTorch name, in PyTorch's order and layout.
     *
     * @return an ordered map, name to tensor
     */
    Map<String, Tensor> stateDict();

    /**
     * Replaces the parameters by those of {@code state}, named and laid out as {@link #stateDict} does.
     *
     * @param state the tensors by name
     * @param strict whether names that this module does not have are an error (missing names and
     *               wrong shapes always are)
     * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped name
     */
    void loadStateDict(Map<String, Tensor> state, boolean strict);
}
