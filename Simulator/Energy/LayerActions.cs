namespace Sim.Energy;

/// <summary>MACs of a layer by what their operands did: both new, the moving operand unchanged, or a zero operand (gated).</summary>
internal readonly record struct MacCounts(long Active, long Unchanged, long Gated)
{
    public long Total => Active + Unchanged + Gated;
}

/// <summary>Accesses of one scratchpad, each one bank-width line.</summary>
internal readonly record struct ScratchpadAccesses(long Reads, long Writes)
{
    public long Total => Reads + Writes;
    public static ScratchpadAccesses operator +(ScratchpadAccesses a, ScratchpadAccesses b) => new(a.Reads + b.Reads, a.Writes + b.Writes);
}

/// <summary>
/// Every energy-relevant action a layer's run performed: what the energy model multiplies by its
/// table. Counted from the run itself (its tiles, its DRAM commands, its link transfers).
/// </summary>
internal sealed record LayerActions(
    string OperandFormat,
    MacCounts Macs,
    ScratchpadAccesses Input,
    ScratchpadAccesses Weight,
    ScratchpadAccesses Output,
    long VectorOps,
    long DramBytes,
    long DramActivates,
    long DramRefreshes,
    long LinkWireBytes,
    long Cycles)
{
    /// <summary>Bits of one PE's registers a MAC uses (two operands and the partial sum), for the PE-array layers' MACs.</summary>
    public int PeRegisterBits { get; init; }

    /// <summary>Elements the special-function unit looked up.</summary>
    public long SfuLookups { get; init; }

    /// <summary>Payload bytes x network links they crossed (multi-core chips).</summary>
    public long NocByteHops { get; init; }
}
