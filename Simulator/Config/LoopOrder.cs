namespace Sim.Config;

/// <summary>
/// The tile loops' order, outermost first; K chunks are always innermost, so an output block's partial sums
/// finish in the output scratchpad before it is stored.
/// </summary>
internal enum LoopOrder
{
    /// <summary>g>n>m>k: a column block's weights meet every block of activations before the next column block.</summary>
    WeightsOuter,

    /// <summary>g>m>n>k: a block of activations meets every column block's weights before the next block.</summary>
    ActivationsOuter,
}

internal static class LoopOrders
{
    public static readonly IReadOnlyList<(string Name, LoopOrder Value)> All =
        [("g>n>m>k", LoopOrder.WeightsOuter), ("g>m>n>k", LoopOrder.ActivationsOuter)];

    public static string Name(this LoopOrder order) => All.First(o => o.Value == order).Name;
}

/// <summary>
/// A scenario layer's own <c>mapping:</c>: any of which operand the array holds, the loop order and M_t; the
/// mapper keeps to it and searches the rest.
/// </summary>
internal sealed record MappingChoice(bool? WeightsStationary, LoopOrder? Order, int? Mt)
{
    public static readonly IReadOnlyList<(string Name, bool Value)> Stationary = [("weights", true), ("activations", false)];
}
