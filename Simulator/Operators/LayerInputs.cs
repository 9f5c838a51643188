using Sim.Config;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>An element-wise layer run in the output stage of the PE-array layer before it, and the residual an add reads.</summary>
internal sealed record FusedOp(LayerSpec Layer, Tensor<short>? Residual);

/// <summary>
/// What a layer of a network reads: for each of its inputs the output of the layer that wrote it (raw bits
/// of that layer's output format), or null where the layer reads a tensor of its own (seeded as when it runs
/// alone); and the element-wise layers fused into its output stage, in order.
/// </summary>
internal sealed record LayerInputs(IReadOnlyList<Tensor<short>?> Values, IReadOnlyList<FusedOp> Fused)
{
    /// <summary>A PE-array layer's own operands drawn ahead (<see cref="OperatorSet.Draw"/>), or null to draw them now.</summary>
    public PeOperands? Drawn { get; init; }

    public static readonly LayerInputs OwnData = new([], []);

    public Tensor<short>? Value(int i) => i < Values.Count ? Values[i] : null;
}

/// <summary>A PE-array layer's own operands: its input (null when it reads another layer's output) and its weights.</summary>
internal sealed record PeOperands(Tensor<short>? Input, Tensor<short> Weights);
