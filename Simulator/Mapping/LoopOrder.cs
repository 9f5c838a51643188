namespace Sim.Mapping;

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
    public static string Name(this LoopOrder order) => order == LoopOrder.WeightsOuter ? "g>n>m>k" : "g>m>n>k";
}
