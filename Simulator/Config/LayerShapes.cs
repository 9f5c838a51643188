using Sim.Numerics;

namespace Sim.Config;

/// <summary>What a scenario layer reads and writes, by element count and number format: what joins one layer to the next.</summary>
public static class LayerShapes
{
    /// <summary>Elements of the tensor the layer reads (its first input for an add; A for a gemm).</summary>
    public static long InputElements(LayerSpec layer) => layer switch
    {
        Conv2DLayer c => (long)c.Batch * c.InChannels * c.InHeight * c.InWidth,
        GemmLayer g => (long)g.M * g.K,
        ReluLayer r => Elements(r.Shape),
        AddLayer a => Elements(a.Shape),
        PoolLayer p => (long)p.Batch * p.Channels * p.InHeight * p.InWidth,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.GetType().Name),
    };

    /// <summary>The layer's output shape.</summary>
    public static int[] OutputShape(LayerSpec layer) => layer switch
    {
        Conv2DLayer c => [c.Batch, c.OutChannels, c.OutHeight, c.OutWidth],
        GemmLayer g => [g.M, g.N],
        ReluLayer r => r.Shape,
        AddLayer a => a.Shape,
        PoolLayer p => [p.Batch, p.Channels, p.OutHeight, p.OutWidth],
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.GetType().Name),
    };

    public static long OutputElements(LayerSpec layer) => Elements(OutputShape(layer));

    /// <summary>The format of the values the layer reads: a PE-array layer's operands, int8 for the vector unit's layers.</summary>
    public static ElementFormat InputFormat(LayerSpec layer, HardwareConfig hw) =>
        IsPeArray(layer) ? layer.FormatOn(hw).Operands : ElementFormat.Int8;

    /// <summary>The format of the values the layer writes.</summary>
    public static ElementFormat OutputFormat(LayerSpec layer, HardwareConfig hw) =>
        IsPeArray(layer) ? layer.FormatOn(hw).Output : ElementFormat.Int8;

    public static bool IsPeArray(LayerSpec layer) => layer is Conv2DLayer or GemmLayer;

    private static long Elements(int[] shape) => shape.Aggregate(1L, (p, d) => p * d);
}
