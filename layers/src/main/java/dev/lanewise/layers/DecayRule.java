package dev.lanewise.layers;

/**
 * Which parameters an optimizer's weight decay applies to — PyTorch expresses the same with parameter groups.
 * Asked once per parameter and step with the parameter's state_dict name ({@code "0.weight"}) and its tensor.
 */
@FunctionalInterface
public interface DecayRule {
    /** Parameters of rank ≥ 2 — the weights of Linear and Conv1d — and not biases or BatchNorm's scale and shift. */
    DecayRule MATRICES = (name, parameter) -> parameter.rank() >= 2;

    /** Every parameter (PyTorch's behaviour when one group holds the whole model). */
    DecayRule ALL = (name, parameter) -> true;

    boolean decays(String name, Tensor parameter);
}
