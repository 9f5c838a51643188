using Sim.Config;

namespace Sim.Operators;

/// <summary>The registry of operators; scenario layers find theirs by the type of their layer record.</summary>
internal static class OperatorSet
{
    private static readonly Dictionary<Type, LayerOperator> ByLayer = new LayerOperator[]
    {
        new ConvOperator(), new GemmOperator(), new ReluOperator(), new ClipOperator(), new AddOperator(), new PoolOperator(),
    }.ToDictionary(o => o.LayerType);

    public static LayerOperator For(LayerSpec layer) =>
        ByLayer.TryGetValue(layer.GetType(), out var op) ? op
            : throw new InvalidOperationException($"layer '{layer.Name}': no operator runs {layer.GetType().Name}");

    /// <summary>A PE-array layer's own operands, drawn ahead of its turn (they depend on nothing computed).</summary>
    public static PeOperands Draw(Lowering ctx, LayerSpec layer, int index, bool withInput) =>
        For(layer) is IDrawsOperands op ? op.Draw(ctx, layer, index, withInput)
            : throw new ArgumentException($"layer '{layer.Name}' has no operands of its own to draw", nameof(layer));
}
