namespace Sim.Accelerator;

/// <summary>One layer's cycles on each core of a chip: computing (bank-conflict stalls included), and the conflict stalls.</summary>
internal sealed record CoreCycles(IReadOnlyList<long> Compute, IReadOnlyList<long> Conflict)
{
    /// <summary>Core cycles the arrays spent multiplying, over all cores.</summary>
    public long Computing => Compute.Sum() - Conflict.Sum();
}
